/**
 * Robust z-score on every column: z = (x − median) / (1.4826 · MAD) over the previous `window`
 * values of that column (the current value excluded: score before learn). One outlier moves a
 * median by one rank, not by its size, so a burst of anomalies cannot hide itself. Raw score:
 * the z of the column furthest from its median; the explanation shares the score among columns
 * by z². Cost per value: O(log window) plus one memmove per column (sorted window).
 *
 * Dual baseline (`longWindow` > 0): each column also keeps its last `longWindow` values, and a
 * value is only as far out as the nearer of the two baselines says — z = the smaller of z_short
 * and z_long in size when they share a sign, else 0. The return to normal after an anomaly of an
 * hour or two (normal trade counts against a median filled by a volatility regime) is far from
 * the short median but not from the long one, which such an episode barely moves; a real spike
 * is far from both. The long baseline is used as soon as it holds `window` values (until then it
 * equals the short one), so the warm-up does not change.
 */
import { median, medianAbsoluteDeviation } from '../../indicators/statistics/order-statistics.js';
import { SortedWindow, type SortedWindowState } from '../../indicators/statistics/sorted-window.js';
import type { Contribution } from '../../core/events.js';
import type { DetectorScore, VectorDetector, VectorPoint } from '../detector.js';
import { severityOf, squash } from '../detector.js';

export interface RobustZScoreConfig {
  readonly window: number;
  readonly threshold: number;
  readonly criticalThreshold: number;
  /** Smallest MAD used, relative to |median| (avoids dividing by zero on flat data). */
  readonly minRelativeMAD: number;
  /** Values in the second, long baseline; 0 = off (the short baseline alone). */
  readonly longWindow?: number;
}

export const DEFAULT_ROBUST_ZSCORE: RobustZScoreConfig = {
  window: 100,
  threshold: 4,
  criticalThreshold: 8,
  minRelativeMAD: 1e-9,
  longWindow: 0,
};

export interface RobustZScoreState {
  /** One window per column, in column order (empty until the first value). */
  readonly columns: SortedWindowState[];
  /** The long baselines, one per column (absent when `longWindow` is 0). */
  readonly long?: SortedWindowState[];
}

const MAD_SCALE = 1.4826;

export class RobustZScoreDetector implements VectorDetector<RobustZScoreState> {
  readonly name = 'robust_zscore';
  readonly kind = 'outlier';
  readonly warmUp: number;
  private columns: SortedWindow[] = [];
  private long: SortedWindow[] = [];

  constructor(private readonly config: RobustZScoreConfig = DEFAULT_ROBUST_ZSCORE) {
    if (!(Number.isInteger(config.window) && config.window >= 5))
      throw new Error(`robust_zscore.window must be an integer ≥ 5, got ${config.window}`);
    const long = config.longWindow ?? 0;
    if (!(Number.isInteger(long) && (long === 0 || long > config.window)))
      throw new Error(
        `robust_zscore.longWindow must be 0 (off) or an integer > window (${config.window}), got ${long}`,
      );
    this.warmUp = config.window;
  }

  private z(column: SortedWindow, x: number): { z: number; center: number; spread: number } {
    const center = median(column);
    const mad = MAD_SCALE * medianAbsoluteDeviation(column, center);
    const spread = Math.max(mad, this.config.minRelativeMAD * Math.abs(center), Number.MIN_VALUE);
    return { z: (x - center) / spread, center, spread };
  }

  score(point: VectorPoint): DetectorScore | null {
    const first = this.columns[0];
    if (first === undefined || !first.full || this.columns.length !== point.values.length) return null;
    let worst = 0;
    let worstIndex = 0;
    let total = 0;
    const zs: number[] = [];
    for (let j = 0; j < this.columns.length; j++) {
      const x = point.values[j] as number;
      let { z } = this.z(this.columns[j] as SortedWindow, x);
      const long = this.long[j];
      if (long !== undefined && long.size >= this.config.window) z = nearer(z, this.z(long, x).z);
      zs.push(z);
      total += z * z;
      if (Math.abs(z) > Math.abs(worst)) {
        worst = z;
        worstIndex = j;
      }
    }
    const explanation: Contribution[] = zs.map((z, j) => ({
      feature: point.names[j] ?? `column_${j}`,
      value: point.values[j] as number,
      contribution: total > 0 ? (z * z) / total : 1 / zs.length,
    }));
    const size = Math.abs(worst);
    const name = point.names[worstIndex] ?? `column_${worstIndex}`;
    return {
      raw: worst,
      score: squash(size, this.config.threshold),
      triggered: size >= this.config.threshold,
      severity: severityOf(size, this.config.threshold, this.config.criticalThreshold),
      message: `${name} ${worst >= 0 ? '+' : ''}${worst.toFixed(1)} robust σ from its ${this.baselines()}`,
      explanation,
      context: { z: worst, column: name },
    };
  }

  private baselines(): string {
    const short = `${this.config.window}-value median`;
    return this.longWindow > 0 ? `${short} (and its ${this.longWindow}-value one)` : short;
  }

  private get longWindow(): number {
    return this.config.longWindow ?? 0;
  }

  learn(point: VectorPoint): void {
    if (this.columns.length !== point.values.length) {
      // A new or different set of columns starts a fresh baseline.
      this.columns = Array.from(point.values, () => new SortedWindow(this.config.window));
      this.long = this.longWindow > 0 ? Array.from(point.values, () => new SortedWindow(this.longWindow)) : [];
    }
    for (let j = 0; j < this.columns.length; j++) {
      const x = point.values[j] as number;
      if (!Number.isFinite(x)) continue;
      (this.columns[j] as SortedWindow).push(x);
      this.long[j]?.push(x);
    }
  }

  snapshot(): RobustZScoreState {
    const columns = this.columns.map((c) => c.snapshot());
    return this.longWindow > 0 ? { columns, long: this.long.map((c) => c.snapshot()) } : { columns };
  }

  restore(state: RobustZScoreState): void {
    const windows = (states: readonly SortedWindowState[], length: number): SortedWindow[] =>
      states.map((s) => {
        const window = new SortedWindow(length);
        window.restore(s);
        return window;
      });
    this.columns = windows(state.columns, this.config.window);
    // A snapshot taken without the long baseline starts it from the short one's values.
    this.long = this.longWindow === 0 ? [] : windows(state.long ?? state.columns, this.longWindow);
  }

  reset(): void {
    this.columns = [];
    this.long = [];
  }
}

/** The z of the nearer baseline: the smaller in size when both lie on the same side, else 0. */
function nearer(short: number, long: number): number {
  if (short === 0 || long === 0 || Math.sign(short) !== Math.sign(long)) return 0;
  return Math.abs(short) <= Math.abs(long) ? short : long;
}
