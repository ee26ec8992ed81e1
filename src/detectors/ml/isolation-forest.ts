/**
 * Isolation Forest (Liu, Ting & Zhou 2008) on every column, with an exact additive explanation.
 *
 * After `trainWindow` values (and again every `refitEvery`, on the latest ones) it grows `trees`
 * trees, each on `sampleSize` rows drawn without replacement: a random feature, a cut uniform
 * between the node's smallest and largest value of it, down to depth ⌈log2 sampleSize⌉. A value's
 * path length h in a tree is the edges it crosses plus c(n) for the n training rows left in its
 * leaf (c(n) = 2H(n−1) − 2(n−1)/n, the mean path of an unsuccessful search in a binary search tree);
 * the score is s = 2^(−E[h] / c(sampleSize)): near 1 for values isolated in few cuts, about 0.5 or
 * less for ordinary ones.
 *
 * Explanation: every cut on the value's path sends it to a child holding a share q of the node's
 * training rows; the cut isolates −log2 q bits, credited to the cut's feature. The credits add up
 * exactly to the mean over trees of log2(sample rows / rows in the value's leaf) — the isolation
 * the forest achieved — and each feature's contribution is its share of that total. (The number
 * of cuts per feature would not do: features are drawn at random, so every feature gets about an
 * equal share of the cuts of any path; what differs is how much each cut separates.)
 *
 * Randomness comes from the seed; the snapshot keeps the rows and generator state of the last
 * fit, and restore grows the same forest again. Cost: trees × depth node visits per score (100 ×
 * 8); a fit is O(trees × sampleSize × depth × features).
 */
import { Random, type RandomState } from '../../core/random.js';
import type { DetectorScore, VectorDetector, VectorPoint } from '../detector.js';

export interface IsolationForestConfig {
  readonly seed: number | string;
  readonly trees: number;
  readonly sampleSize: number;
  /** Values kept for training (the latest). */
  readonly trainWindow: number;
  /** Values between refits (0: fit once). */
  readonly refitEvery: number;
  /** Score from which a value triggers (critical at criticalScore). */
  readonly threshold: number;
  readonly criticalScore: number;
}

export const DEFAULT_ISOLATION_FOREST: IsolationForestConfig = {
  seed: 'isolation-forest',
  trees: 100,
  sampleSize: 256,
  trainWindow: 1000,
  refitEvery: 5000,
  threshold: 0.65,
  criticalScore: 0.75,
};

export interface IsolationForestState {
  readonly dimensions: number;
  /** The latest values, row-major, oldest first (at most trainWindow rows). */
  readonly history: number[];
  /** The rows and generator state the current forest was grown from (null before the first fit). */
  readonly fit: { readonly rows: number[]; readonly random: RandomState } | null;
  readonly random: RandomState;
  readonly sinceFit: number;
}

const EULER_GAMMA = 0.5772156649015329;

/** Mean path length of an unsuccessful search among n values. */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n;
}

interface Forest {
  /** Per node: split feature (−1 for a leaf), cut, children, training rows at a leaf. */
  readonly feature: Int32Array;
  readonly cut: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly size: Int32Array;
  /** Root node of each tree. */
  readonly roots: Int32Array;
}

export class IsolationForestDetector implements VectorDetector<IsolationForestState> {
  readonly name = 'isolation_forest';
  readonly kind = 'outlier';
  readonly warmUp: number;
  private readonly random: Random;
  private dimensions = 0;
  private history: number[] = [];
  private fitInput: { rows: number[]; random: RandomState } | null = null;
  private forest: Forest | null = null;
  private sinceFit = 0;
  private readonly normaliser: number;
  private readonly maxDepth: number;
  private bits: Float64Array = new Float64Array(0);

  constructor(private readonly config: IsolationForestConfig = DEFAULT_ISOLATION_FOREST) {
    if (!(Number.isInteger(config.sampleSize) && config.sampleSize >= 8))
      throw new Error('isolation_forest.sampleSize must be ≥ 8');
    if (!(config.trainWindow >= config.sampleSize))
      throw new Error('isolation_forest.trainWindow must be ≥ sampleSize');
    if (!(Number.isInteger(config.trees) && config.trees >= 1)) throw new Error('isolation_forest.trees must be ≥ 1');
    this.random = new Random(config.seed);
    this.warmUp = config.trainWindow;
    this.normaliser = averagePathLength(config.sampleSize);
    this.maxDepth = Math.ceil(Math.log2(config.sampleSize));
  }

  /**
   * Mean path length of the row at `offset` of `data` over the trees; the bits of isolation per
   * feature (mean over trees) go into `bits`.
   */
  private path(forest: Forest, data: ArrayLike<number>, offset: number, bits: Float64Array): number {
    bits.fill(0);
    let total = 0;
    for (let t = 0; t < forest.roots.length; t++) {
      let node = forest.roots[t] as number;
      let feature = forest.feature[node] as number;
      let depth = 0;
      while (feature >= 0) {
        const child = (
          (data[offset + feature] as number) < (forest.cut[node] as number) ? forest.left[node] : forest.right[node]
        ) as number;
        bits[feature] =
          (bits[feature] as number) + Math.log2((forest.size[node] as number) / (forest.size[child] as number));
        node = child;
        feature = forest.feature[node] as number;
        depth++;
      }
      total += depth + averagePathLength(forest.size[node] as number);
    }
    const trees = forest.roots.length;
    for (let f = 0; f < bits.length; f++) bits[f] = (bits[f] as number) / trees;
    return total / trees;
  }

  score(point: VectorPoint): DetectorScore | null {
    const forest = this.forest;
    if (forest === null || point.values.length !== this.dimensions) return null;
    const bits = this.bits;
    const meanPath = this.path(forest, point.values, 0, bits);
    const s = Math.pow(2, -meanPath / this.normaliser);
    let totalBits = 0;
    let top = 0;
    for (let f = 0; f < this.dimensions; f++) {
      totalBits += bits[f] as number;
      if ((bits[f] as number) > (bits[top] as number)) top = f;
    }
    const explanation = Array.from({ length: this.dimensions }, (_, f) => ({
      feature: point.names[f] ?? `column_${f}`,
      value: point.values[f] as number,
      contribution: totalBits > 0 ? (bits[f] as number) / totalBits : 1 / this.dimensions,
    }));
    const triggered = s >= this.config.threshold;
    return {
      raw: s,
      score: s,
      triggered,
      severity: s >= this.config.criticalScore ? 'critical' : triggered ? 'warning' : 'info',
      message: `isolated in ${meanPath.toFixed(1)} cuts on average (score ${s.toFixed(2)}; mostly by ${point.names[top] ?? `column_${top}`})`,
      explanation,
      context: { meanPathLength: meanPath, isolationScore: s, isolationBits: totalBits },
    };
  }

  learn(point: VectorPoint): void {
    const values = point.values;
    for (let f = 0; f < values.length; f++) if (!Number.isFinite(values[f] as number)) return;
    if (this.dimensions === 0) {
      this.dimensions = values.length;
      this.bits = new Float64Array(values.length);
    }
    if (values.length !== this.dimensions) return;
    for (let f = 0; f < values.length; f++) this.history.push(values[f] as number);
    // Trim in blocks so the array shift is amortised O(1) per value.
    if (this.history.length >= 2 * this.config.trainWindow * this.dimensions)
      this.history = this.history.slice(this.history.length - this.config.trainWindow * this.dimensions);
    this.sinceFit++;
    const rows = Math.min(this.history.length / this.dimensions, this.config.trainWindow);
    const due =
      this.forest === null
        ? rows >= this.config.trainWindow
        : this.config.refitEvery > 0 && this.sinceFit >= this.config.refitEvery;
    if (due) {
      const rowsData = this.history.slice(this.history.length - this.config.trainWindow * this.dimensions);
      this.fitInput = { rows: rowsData, random: this.random.snapshot() };
      this.forest = this.grow(rowsData, this.random);
      this.sinceFit = 0;
    }
  }

  private grow(data: number[], random: Random): Forest {
    const d = this.dimensions;
    const n = data.length / d;
    const { trees, sampleSize } = this.config;
    const capacity = trees * (2 ** (this.maxDepth + 1) - 1);
    const feature = new Int32Array(capacity).fill(-1);
    const cut = new Float64Array(capacity);
    const left = new Int32Array(capacity);
    const right = new Int32Array(capacity);
    const size = new Int32Array(capacity);
    const roots = new Int32Array(trees);
    let used = 0;
    const indices = Array.from({ length: n }, (_, i) => i);
    const build = (rows: number[], depth: number): number => {
      const node = used++;
      size[node] = rows.length;
      if (depth >= this.maxDepth || rows.length <= 1) return node;
      // Features that still vary among these rows.
      const varying: Array<[number, number, number]> = [];
      for (let f = 0; f < d; f++) {
        let low = Number.POSITIVE_INFINITY;
        let high = Number.NEGATIVE_INFINITY;
        for (const r of rows) {
          const v = data[r * d + f] as number;
          if (v < low) low = v;
          if (v > high) high = v;
        }
        if (high > low) varying.push([f, low, high]);
      }
      if (varying.length === 0) return node;
      const [f, low, high] = varying[Math.min(varying.length - 1, Math.floor(random.uniform() * varying.length))] as [
        number,
        number,
        number,
      ];
      const at = low + (high - low) * random.uniform();
      feature[node] = f;
      cut[node] = at;
      const below = rows.filter((r) => (data[r * d + f] as number) < at);
      const above = rows.filter((r) => (data[r * d + f] as number) >= at);
      left[node] = build(below, depth + 1);
      right[node] = build(above, depth + 1);
      return node;
    };
    for (let t = 0; t < trees; t++) {
      // Partial Fisher–Yates: the first sampleSize indices become a sample without replacement.
      const take = Math.min(sampleSize, n);
      for (let i = 0; i < take; i++) {
        const j = i + Math.floor(random.uniform() * (n - i));
        const swap = indices[i] as number;
        indices[i] = indices[j] as number;
        indices[j] = swap;
      }
      roots[t] = build(indices.slice(0, take), 0);
    }
    return { feature, cut, left, right, size, roots };
  }

  snapshot(): IsolationForestState {
    return {
      dimensions: this.dimensions,
      history: [...this.history],
      fit: this.fitInput === null ? null : { rows: [...this.fitInput.rows], random: { ...this.fitInput.random } },
      random: this.random.snapshot(),
      sinceFit: this.sinceFit,
    };
  }

  restore(state: IsolationForestState): void {
    this.dimensions = state.dimensions;
    this.bits = new Float64Array(state.dimensions);
    this.history = [...state.history];
    this.sinceFit = state.sinceFit;
    this.fitInput = state.fit === null ? null : { rows: [...state.fit.rows], random: { ...state.fit.random } };
    if (this.fitInput !== null) {
      const replay = new Random(0);
      replay.restore(this.fitInput.random);
      this.forest = this.grow(this.fitInput.rows, replay);
    } else this.forest = null;
    this.random.restore(state.random);
  }

  reset(): void {
    this.random.seed(this.config.seed);
    this.dimensions = 0;
    this.history = [];
    this.fitInput = null;
    this.forest = null;
    this.sinceFit = 0;
    this.bits = new Float64Array(0);
  }
}
