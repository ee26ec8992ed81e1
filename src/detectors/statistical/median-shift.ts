/**
 * Median shift: a sustained change of level, seen as the median m of the last `shortWindow`
 * values (the current one included) against a long baseline of `longWindow` entries:
 *
 * - `scale: 'medians'` (default): the baseline is the last `longWindow` short medians themselves,
 *   z = (m − median of them) / (1.4826 · their MAD) — a robust z of the rolling median, so the
 *   baseline's spread includes the slow wander of the series (volatility clustering moves ten
 *   bars' median far more than independent noise would) and no distribution is assumed;
 * - `scale: 'values'`: the baseline is the last `longWindow` values, z = (m − their median) /
 *   (1.4826 · MAD · 1.2533 / √shortWindow), the normal z of a median of independent values.
 *
 * Built for volatility regimes (`range_regime`): hours of 3× range move every bar only
 * moderately but the median of a few bars far; a jump or crash is one or a few extreme bars,
 * which a median ignores (a mean of squared returns does not: `volatility_spike`); the short
 * window is short, so the shift ends a few bars after the regime does instead of tens of minutes
 * later (`range_shift`'s 30 bars); and the long baseline (≈ days of bars) barely moves over an
 * episode of an hour or two. `direction` keeps rises (`up`), falls (`down`) or `both`.
 *
 * Non-finite values are neither learnt nor scored (null when no column has one). Scores once the
 * long baseline holds `minLong` entries; O(log longWindow) per value per column
 * (sorted windows) plus O(log shortWindow) for the short median.
 */
import { median, medianAbsoluteDeviation } from '../../indicators/statistics/order-statistics.js';
import { SortedWindow, type SortedWindowState } from '../../indicators/statistics/sorted-window.js';
import type { DetectorScore, VectorDetector, VectorPoint } from '../detector.js';
import { severityOf, squash } from '../detector.js';

export interface MedianShiftConfig {
  /** Values in the short median (the current one included). */
  readonly shortWindow: number;
  /** Entries in the long baseline. */
  readonly longWindow: number;
  /** Entries the long baseline needs before the first score. */
  readonly minLong: number;
  readonly threshold: number;
  readonly criticalThreshold: number;
  /** `up`: rises only, `down`: falls only, `both`. */
  readonly direction: string;
  /** Smallest MAD used, relative to |median| (flat data). */
  readonly minRelativeMAD: number;
  /** `medians`: the baseline holds past short medians; `values`: it holds the values (independence assumed). */
  readonly scale: string;
}

export const DEFAULT_MEDIAN_SHIFT: MedianShiftConfig = {
  shortWindow: 10,
  longWindow: 1000,
  minLong: 200,
  threshold: 4,
  criticalThreshold: 8,
  direction: 'up',
  minRelativeMAD: 1e-9,
  scale: 'medians',
};

export interface MedianShiftState {
  /** Per column: the short window and the long baseline (short medians or values, per `scale`). */
  readonly columns: Array<{ short: SortedWindowState; long: SortedWindowState }>;
}

const MAD_SCALE = 1.4826;
/** Standard error of the median of k independent normal values, times √k / σ. */
const MEDIAN_EFFICIENCY = 1.2533;

export class MedianShiftDetector implements VectorDetector<MedianShiftState> {
  readonly name = 'median_shift';
  readonly kind = 'level_shift';
  readonly warmUp: number;
  private short: SortedWindow[] = [];
  private long: SortedWindow[] = [];

  constructor(private readonly config: MedianShiftConfig = DEFAULT_MEDIAN_SHIFT) {
    const { shortWindow, longWindow, minLong, direction, scale } = config;
    if (!(Number.isInteger(shortWindow) && shortWindow >= 2))
      throw new Error(`median_shift.shortWindow must be an integer ≥ 2, got ${shortWindow}`);
    if (!(Number.isInteger(longWindow) && longWindow > shortWindow))
      throw new Error(`median_shift.longWindow must be an integer > shortWindow, got ${longWindow}`);
    if (!(Number.isInteger(minLong) && minLong >= 5 && minLong <= longWindow))
      throw new Error(`median_shift.minLong must be an integer in [5, longWindow], got ${minLong}`);
    if (!['up', 'down', 'both'].includes(direction))
      throw new Error(`median_shift.direction must be up, down or both, got ${direction}`);
    if (!['medians', 'values'].includes(scale))
      throw new Error(`median_shift.scale must be medians or values, got ${scale}`);
    // Short medians enter the baseline once the short window is full.
    this.warmUp = minLong + (scale === 'medians' ? shortWindow - 1 : 0);
  }

  private get byMedians(): boolean {
    return this.config.scale === 'medians';
  }

  score(point: VectorPoint): DetectorScore | null {
    const first = this.long[0];
    if (first === undefined || first.size < this.config.minLong || this.long.length !== point.values.length)
      return null;
    const { shortWindow, longWindow, threshold, criticalThreshold, direction } = this.config;
    let worst = 0;
    let worstIndex = -1;
    for (let j = 0; j < this.long.length; j++) {
      const x = point.values[j] as number;
      if (!Number.isFinite(x)) continue;
      if (worstIndex < 0) worstIndex = j;
      const long = this.long[j] as SortedWindow;
      const center = median(long);
      const mad = MAD_SCALE * medianAbsoluteDeviation(long, center);
      const spread = Math.max(mad, this.config.minRelativeMAD * Math.abs(center), Number.MIN_VALUE);
      const recent = median((this.short[j] as SortedWindow).view(x));
      const z = this.byMedians
        ? (recent - center) / spread
        : ((recent - center) / (spread * MEDIAN_EFFICIENCY)) * Math.sqrt(shortWindow);
      const kept = direction === 'up' ? Math.max(z, 0) : direction === 'down' ? Math.min(z, 0) : z;
      if (Math.abs(kept) > Math.abs(worst)) {
        worst = kept;
        worstIndex = j;
      }
    }
    if (worstIndex < 0) return null; // no finite value to score (e.g. a bar without trades)
    const size = Math.abs(worst);
    const name = point.names[worstIndex] ?? `column_${worstIndex}`;
    const sign = worst >= 0 ? '+' : '';
    return {
      raw: worst,
      score: squash(size, threshold),
      triggered: size >= threshold,
      severity: severityOf(size, threshold, criticalThreshold),
      message: `median ${name} of the last ${shortWindow} bars ${sign}${worst.toFixed(1)} robust σ from its ${longWindow}-${this.byMedians ? 'median' : 'value'} baseline`,
      explanation: [{ feature: name, value: point.values[worstIndex] as number, contribution: 1 }],
      context: { z: worst, column: name },
    };
  }

  learn(point: VectorPoint): void {
    if (this.long.length !== point.values.length) {
      // A new or different set of columns starts fresh baselines.
      this.short = Array.from(point.values, () => new SortedWindow(this.config.shortWindow));
      this.long = Array.from(point.values, () => new SortedWindow(this.config.longWindow));
    }
    for (let j = 0; j < this.long.length; j++) {
      const x = point.values[j] as number;
      if (!Number.isFinite(x)) continue;
      const short = this.short[j] as SortedWindow;
      const long = this.long[j] as SortedWindow;
      short.push(x);
      if (!this.byMedians) long.push(x);
      else if (short.full) long.push(median(short));
    }
  }

  snapshot(): MedianShiftState {
    return {
      columns: this.long.map((long, j) => ({
        short: (this.short[j] as SortedWindow).snapshot(),
        long: long.snapshot(),
      })),
    };
  }

  restore(state: MedianShiftState): void {
    const window = (s: SortedWindowState, length: number): SortedWindow => {
      const w = new SortedWindow(length);
      w.restore(s);
      return w;
    };
    this.short = state.columns.map((c) => window(c.short, this.config.shortWindow));
    this.long = state.columns.map((c) => window(c.long, this.config.longWindow));
  }

  reset(): void {
    this.short = [];
    this.long = [];
  }
}
