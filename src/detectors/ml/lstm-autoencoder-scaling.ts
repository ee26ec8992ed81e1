/**
 * Feature scaling shared by the trained models (LSTM autoencoder, offline Isolation Forest): a
 * model is trained on a fixed, ordered list of features, each standardised by a robust centre
 * (median) and scale (IQR / 1.349, the normal σ for a normal distribution; the standard deviation
 * when the IQR is 0; 1 when both are 0). Missing values (null/NaN, e.g. a horizon still warming
 * up) become the centre, i.e. 0 after scaling; scaled values are clipped to ±`clip` so one absurd
 * value cannot saturate a network.
 *
 * `FeatureProjector` maps any VectorPoint (a FeatureSet's names/values, a CSV row) onto a model's
 * feature order by name, so a model keeps working when the stored vector gains columns.
 */
import type { VectorPoint } from '../detector.js';

export interface FeatureScaling {
  readonly names: readonly string[];
  readonly center: readonly number[];
  readonly scale: readonly number[];
  /** Scaled values are clipped to [−clip, clip]. */
  readonly clip: number;
}

export const DEFAULT_SCALING_CLIP = 20;

/** Robust scaling from training rows (row-major, NaN for missing). */
export function fitScaling(
  names: readonly string[],
  rows: Float64Array,
  clip: number = DEFAULT_SCALING_CLIP,
): FeatureScaling {
  const d = names.length;
  const n = d === 0 ? 0 : rows.length / d;
  const center: number[] = [];
  const scale: number[] = [];
  for (let f = 0; f < d; f++) {
    const column: number[] = [];
    for (let r = 0; r < n; r++) {
      const v = rows[r * d + f] as number;
      if (Number.isFinite(v)) column.push(v);
    }
    column.sort((a, b) => a - b);
    const median = quantile(column, 0.5);
    const iqr = quantile(column, 0.75) - quantile(column, 0.25);
    let s = iqr / 1.349;
    if (!(s > 0)) {
      let sum = 0;
      for (const v of column) sum += (v - median) ** 2;
      s = column.length > 1 ? Math.sqrt(sum / (column.length - 1)) : 0;
    }
    center.push(Number.isFinite(median) ? median : 0);
    scale.push(s > 0 && Number.isFinite(s) ? s : 1);
  }
  return { names: [...names], center, scale, clip };
}

/** Linear-interpolated quantile of sorted values (NaN when empty). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return (sorted[low] as number) + ((sorted[high] as number) - (sorted[low] as number)) * (at - low);
}

export class FeatureProjector {
  private sourceNames: readonly string[] | null = null;
  private sourceIndex: Int32Array;

  constructor(readonly scaling: FeatureScaling) {
    this.sourceIndex = new Int32Array(scaling.names.length).fill(-1);
  }

  get dimensions(): number {
    return this.scaling.names.length;
  }

  /** Writes the scaled model row of `point` into `out` at `offset`. */
  project(point: VectorPoint, out: Float32Array | Float64Array, offset = 0): void {
    this.bind(point.names);
    const { center, scale, clip } = this.scaling;
    for (let f = 0; f < this.sourceIndex.length; f++) {
      const at = this.sourceIndex[f] as number;
      const raw = at < 0 ? Number.NaN : (point.values[at] as number | null);
      let v = raw === null || !Number.isFinite(raw) ? 0 : (raw - (center[f] as number)) / (scale[f] as number);
      if (v > clip) v = clip;
      else if (v < -clip) v = -clip;
      out[offset + f] = v;
    }
  }

  /** Column positions by name; recomputed only when the names array changes (it is shared per schema). */
  private bind(names: readonly string[]): void {
    if (names === this.sourceNames) return;
    const position = new Map<string, number>();
    names.forEach((name, i) => position.set(name, i));
    this.sourceIndex = Int32Array.from(this.scaling.names, (name) => position.get(name) ?? -1);
    this.sourceNames = names;
  }
}
