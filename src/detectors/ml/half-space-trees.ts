/**
 * Streaming half-space trees (Tan, Ting & Liu 2011): a one-class model for data streams.
 *
 * Each of `trees` random trees halves a work space — one random feature per node, cut at the
 * middle of that node's range — down to `depth`, on features scaled by the ranges seen in the
 * first window. Every node counts the values that reached it in the latest window (`latest`) and
 * in the previous complete window (`reference`); the windows swap every `window` values, so the
 * model follows the stream with bounded memory. A value is scored by descending each tree to
 * the first node holding fewer than `sizeLimit` × window reference values (or a leaf): the
 * relative density there is reference / window × 2^depth (1 = as dense as a uniform spread).
 * Raw score: the mean relative density ρ over the trees (low = anomalous); score 1 / (1 + ρ);
 * triggered at ρ ≤ `densityThreshold`.
 *
 * Explanation: for each tree, the feature of the last cut above the node where the value ended
 * is the one that set it apart; contributions are the share of trees, weighted by how empty that
 * node was (1 / (1 + its density)).
 *
 * Randomness comes only from the seed (tree structure is rebuilt from it, so snapshots hold the
 * masses, not the trees: restore into an instance with the same configuration). Cost per value:
 * trees × depth node visits to score, the same to learn; memory trees × 2^(depth+1) counts.
 */
import { Random } from '../../core/random.js';
import type { DetectorScore, VectorDetector, VectorPoint } from '../detector.js';

export interface HalfSpaceTreesConfig {
  readonly seed: number | string;
  readonly trees: number;
  readonly depth: number;
  /** Values per window (the mass profile's horizon). */
  readonly window: number;
  /** Stop descending at nodes with fewer reference values than sizeLimit × window. */
  readonly sizeLimit: number;
  /** Mean relative density at or below which a value triggers (critical at a quarter of it). */
  readonly densityThreshold: number;
}

export const DEFAULT_HALF_SPACE_TREES: HalfSpaceTreesConfig = {
  seed: 'half-space-trees',
  trees: 25,
  depth: 8,
  window: 250,
  sizeLimit: 0.1,
  densityThreshold: 0.1,
};

export interface HalfSpaceTreesState {
  /** First-window values (row-major) until the feature ranges are set; then empty. */
  readonly warm: number[];
  readonly dimensions: number;
  readonly minimum: number[];
  readonly maximum: number[];
  readonly reference: number[];
  readonly latest: number[];
  readonly inWindow: number;
}

export class HalfSpaceTreesDetector implements VectorDetector<HalfSpaceTreesState> {
  readonly name = 'half_space_trees';
  readonly kind = 'outlier';
  readonly warmUp: number;
  private readonly nodesPerTree: number;
  private readonly internalPerTree: number;
  /** Random cut positions in [0, 1) and feature draws in [0, 1), per internal node; mapped once dimensions are known. */
  private readonly featureDraw: Float64Array;
  private readonly workStart: Float64Array;
  private splitFeature: Int32Array = new Int32Array(0);
  private splitValue: Float64Array = new Float64Array(0);
  private dimensions = 0;
  private minimum: number[] = [];
  private maximum: number[] = [];
  private warm: number[] = [];
  private reference: Float64Array;
  private latest: Float64Array;
  private inWindow = 0;
  private readonly scaled: Float64Array = new Float64Array(64);
  private readonly votes: Float64Array = new Float64Array(64);

  constructor(private readonly config: HalfSpaceTreesConfig = DEFAULT_HALF_SPACE_TREES) {
    if (!(Number.isInteger(config.trees) && config.trees >= 1)) throw new Error('half_space_trees.trees must be ≥ 1');
    if (!(Number.isInteger(config.depth) && config.depth >= 1 && config.depth <= 15))
      throw new Error('half_space_trees.depth must be an integer in [1, 15]');
    if (!(Number.isInteger(config.window) && config.window >= 10))
      throw new Error('half_space_trees.window must be ≥ 10');
    this.warmUp = config.window;
    this.nodesPerTree = 2 ** (config.depth + 1) - 1;
    this.internalPerTree = 2 ** config.depth - 1;
    const random = new Random(config.seed);
    // Drawn up front, independent of the data, so the same seed always grows the same trees.
    this.featureDraw = Float64Array.from({ length: config.trees * this.internalPerTree }, () => random.uniform());
    this.workStart = Float64Array.from({ length: config.trees * 64 }, () => random.uniform());
    this.reference = new Float64Array(config.trees * this.nodesPerTree);
    this.latest = new Float64Array(config.trees * this.nodesPerTree);
  }

  /** Builds the cuts for `dimensions` features: each tree halves its own random work space. */
  private grow(dimensions: number): void {
    if (dimensions > 64) throw new Error(`half_space_trees handles at most 64 features, got ${dimensions}`);
    const { trees } = this.config;
    this.splitFeature = new Int32Array(trees * this.internalPerTree);
    this.splitValue = new Float64Array(trees * this.internalPerTree);
    const low = new Float64Array(dimensions);
    const high = new Float64Array(dimensions);
    for (let t = 0; t < trees; t++) {
      for (let q = 0; q < dimensions; q++) {
        const s = this.workStart[t * 64 + q] as number;
        const half = 2 * Math.max(s, 1 - s);
        low[q] = s - half;
        high[q] = s + half;
      }
      this.cut(t, 0, low, high, dimensions);
    }
  }

  private cut(tree: number, node: number, low: Float64Array, high: Float64Array, dimensions: number): void {
    if (node >= this.internalPerTree) return;
    const at = tree * this.internalPerTree + node;
    const q = Math.min(dimensions - 1, Math.floor((this.featureDraw[at] as number) * dimensions));
    const middle = ((low[q] as number) + (high[q] as number)) / 2;
    this.splitFeature[at] = q;
    this.splitValue[at] = middle;
    const saved = high[q] as number;
    high[q] = middle;
    this.cut(tree, 2 * node + 1, low, high, dimensions);
    high[q] = saved;
    const savedLow = low[q] as number;
    low[q] = middle;
    this.cut(tree, 2 * node + 2, low, high, dimensions);
    low[q] = savedLow;
  }

  private scale(values: ArrayLike<number>): Float64Array {
    const scaled = this.scaled;
    for (let q = 0; q < this.dimensions; q++) {
      const span = (this.maximum[q] as number) - (this.minimum[q] as number);
      const x = values[q] as number;
      scaled[q] = span > 0 ? (x - (this.minimum[q] as number)) / span : 0.5;
    }
    return scaled;
  }

  score(point: VectorPoint): DetectorScore | null {
    if (this.dimensions === 0 || this.warm.length > 0 || point.values.length !== this.dimensions) return null;
    const x = this.scale(point.values);
    const { trees, depth, window, sizeLimit, densityThreshold } = this.config;
    const votes = this.votes;
    votes.fill(0, 0, this.dimensions);
    let density = 0;
    for (let t = 0; t < trees; t++) {
      let node = 0;
      let level = 0;
      let lastFeature = -1;
      while (level < depth && (this.reference[t * this.nodesPerTree + node] as number) >= sizeLimit * window) {
        const at = t * this.internalPerTree + node;
        lastFeature = this.splitFeature[at] as number;
        node = (x[lastFeature] as number) < (this.splitValue[at] as number) ? 2 * node + 1 : 2 * node + 2;
        level++;
      }
      const treeDensity = ((this.reference[t * this.nodesPerTree + node] as number) / window) * 2 ** level;
      density += treeDensity;
      if (lastFeature >= 0) votes[lastFeature] = (votes[lastFeature] as number) + 1 / (1 + treeDensity);
    }
    density /= trees;
    let totalVotes = 0;
    let top = 0;
    for (let q = 0; q < this.dimensions; q++) {
      totalVotes += votes[q] as number;
      if ((votes[q] as number) > (votes[top] as number)) top = q;
    }
    const explanation = Array.from({ length: this.dimensions }, (_, q) => ({
      feature: point.names[q] ?? `column_${q}`,
      value: point.values[q] as number,
      contribution: totalVotes > 0 ? (votes[q] as number) / totalVotes : 1 / this.dimensions,
    }));
    const triggered = density <= densityThreshold;
    return {
      raw: density,
      score: 1 / (1 + density),
      triggered,
      severity: triggered ? (density <= densityThreshold / 4 ? 'critical' : 'warning') : 'info',
      message: `in a region ${density.toPrecision(2)}× as dense as uniform (mostly ${point.names[top] ?? `column_${top}`})`,
      explanation,
      context: { relativeDensity: density, trees },
    };
  }

  learn(point: VectorPoint): void {
    const values = point.values;
    for (let q = 0; q < values.length; q++) if (!Number.isFinite(values[q] as number)) return;
    if (this.dimensions === 0 || this.warm.length > 0) {
      if (this.dimensions === 0) this.dimensions = values.length;
      if (values.length !== this.dimensions) return;
      for (let q = 0; q < values.length; q++) this.warm.push(values[q] as number);
      if (this.warm.length >= this.config.window * this.dimensions) this.start();
      return;
    }
    if (values.length !== this.dimensions) return;
    this.count(this.scale(values));
  }

  /** Sets the ranges from the first window and makes it the first reference profile. */
  private start(): void {
    const d = this.dimensions;
    const rows = this.warm.length / d;
    this.minimum = new Array<number>(d).fill(Number.POSITIVE_INFINITY);
    this.maximum = new Array<number>(d).fill(Number.NEGATIVE_INFINITY);
    for (let i = 0; i < rows; i++)
      for (let q = 0; q < d; q++) {
        const v = this.warm[i * d + q] as number;
        if (v < (this.minimum[q] as number)) this.minimum[q] = v;
        if (v > (this.maximum[q] as number)) this.maximum[q] = v;
      }
    this.grow(d);
    const warm = this.warm;
    this.warm = [];
    for (let i = 0; i < rows; i++) this.count(this.scale(warm.slice(i * d, i * d + d)));
  }

  private count(x: Float64Array): void {
    const { trees, depth } = this.config;
    for (let t = 0; t < trees; t++) {
      let node = 0;
      this.latest[t * this.nodesPerTree] = (this.latest[t * this.nodesPerTree] as number) + 1;
      for (let level = 0; level < depth; level++) {
        const at = t * this.internalPerTree + node;
        node =
          (x[this.splitFeature[at] as number] as number) < (this.splitValue[at] as number)
            ? 2 * node + 1
            : 2 * node + 2;
        this.latest[t * this.nodesPerTree + node] = (this.latest[t * this.nodesPerTree + node] as number) + 1;
      }
    }
    if (++this.inWindow >= this.config.window) {
      const swap = this.reference;
      this.reference = this.latest;
      this.latest = swap;
      this.latest.fill(0);
      this.inWindow = 0;
    }
  }

  snapshot(): HalfSpaceTreesState {
    return {
      warm: [...this.warm],
      dimensions: this.dimensions,
      minimum: [...this.minimum],
      maximum: [...this.maximum],
      reference: Array.from(this.reference),
      latest: Array.from(this.latest),
      inWindow: this.inWindow,
    };
  }

  restore(state: HalfSpaceTreesState): void {
    this.warm = [...state.warm];
    this.dimensions = state.dimensions;
    this.minimum = [...state.minimum];
    this.maximum = [...state.maximum];
    if (state.dimensions > 0 && state.warm.length === 0) this.grow(state.dimensions);
    this.reference.set(state.reference);
    this.latest.set(state.latest);
    this.inWindow = state.inWindow;
  }

  reset(): void {
    this.warm = [];
    this.dimensions = 0;
    this.minimum = [];
    this.maximum = [];
    this.reference.fill(0);
    this.latest.fill(0);
    this.inWindow = 0;
    this.splitFeature = new Int32Array(0);
    this.splitValue = new Float64Array(0);
  }
}
