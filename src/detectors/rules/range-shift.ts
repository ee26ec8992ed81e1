/**
 * Range shift: a sustained change of volatility (a regime), seen in the bars' log ranges
 * x = ln((high − low) / close). The median of x over the last `shortWindow` bars (the current one
 * included) against the mean of x over the `longWindow` bars before them (the baseline; a bar
 * joins it only after leaving the short window, so a regime cannot raise its own reference at
 * once). Raw score: exp(short median − long mean), a ratio of typical ranges.
 *
 * Why log ranges and a median, not squared returns (`volatility_spike`): one jump or crash of a
 * few percent dominates a mean of squared returns for a whole window, while the median of the
 * short window ignores a few extreme bars and the baseline's mean of logs moves by a bounded
 * amount (each x entering it is clipped to its mean ± `clip`; a bar without range would otherwise
 * be −∞). Only rises trigger: the return to normal after a regime is not news. O(shortWindow log
 * shortWindow) per bar (the median sorts the short window; no allocation).
 */
import type { Bar } from '../../core/events.js';
import type { BarDetector, DetectorScore } from '../detector.js';
import { severityOf, squash } from '../detector.js';
import { RollingMean, type RollingMeanState } from '../rolling-mean.js';

export interface RangeShiftConfig {
  readonly shortWindow: number;
  readonly longWindow: number;
  /** Ratio of short to long geometric-mean range that triggers. */
  readonly threshold: number;
  readonly criticalThreshold: number;
  /** Each log range is clipped to the baseline mean ± this (natural-log units). */
  readonly clip: number;
}

export const DEFAULT_RANGE_SHIFT: RangeShiftConfig = {
  shortWindow: 30,
  longWindow: 390,
  threshold: 2,
  criticalThreshold: 3,
  clip: 3,
};

/** Floor of the relative range before the baseline exists (a bar whose high equals its low). */
const MIN_RELATIVE_RANGE = 1e-6;

export interface RangeShiftState {
  /** Log ranges of the last shortWindow − 1 bars, oldest first. */
  readonly recent: number[];
  readonly baseline: RollingMeanState;
}

export class RangeShiftDetector implements BarDetector<RangeShiftState> {
  readonly name = 'range_shift';
  readonly kind = 'volatility_regime';
  readonly warmUp: number;
  private recent: number[] = [];
  private readonly baseline: RollingMean;
  private readonly sorted: Float64Array; // scratch for the median

  constructor(private readonly config: RangeShiftConfig = DEFAULT_RANGE_SHIFT) {
    if (!(Number.isInteger(config.shortWindow) && config.shortWindow >= 2 && config.longWindow > config.shortWindow))
      throw new Error(
        `range_shift: need 2 ≤ shortWindow < longWindow (integers), got ${config.shortWindow}, ${config.longWindow}`,
      );
    if (!(config.threshold > 1 && config.criticalThreshold >= config.threshold))
      throw new Error(
        `range_shift: need 1 < threshold ≤ criticalThreshold, got ${config.threshold}, ${config.criticalThreshold}`,
      );
    if (!(config.clip > 0)) throw new Error(`range_shift: clip must be positive, got ${config.clip}`);
    this.baseline = new RollingMean(config.longWindow);
    this.sorted = new Float64Array(config.shortWindow);
    this.warmUp = config.shortWindow - 1 + config.longWindow;
  }

  /** The bar's log range, clipped to the baseline mean ± clip once the baseline is full. */
  private logRange(bar: Bar): number {
    const relative = bar.close > 0 ? (bar.high - bar.low) / bar.close : 0;
    const x = Math.log(Math.max(relative, MIN_RELATIVE_RANGE));
    if (!this.baseline.full) return x;
    const mean = this.baseline.mean;
    return Math.min(Math.max(x, mean - this.config.clip), mean + this.config.clip);
  }

  /** Median of the short window's log ranges with `x` as its newest. */
  private shortMedian(x: number): number {
    const n = this.recent.length + 1;
    const a = this.sorted;
    for (let i = 0; i < n - 1; i++) a[i] = this.recent[i] as number;
    a[n - 1] = x;
    a.sort();
    return n % 2 === 1 ? (a[(n - 1) / 2] as number) : ((a[n / 2 - 1] as number) + (a[n / 2] as number)) / 2;
  }

  score(bar: Bar): DetectorScore | null {
    const { shortWindow, longWindow, threshold, criticalThreshold } = this.config;
    if (!this.baseline.full || this.recent.length < shortWindow - 1) return null;
    const x = this.logRange(bar);
    const shortMedian = this.shortMedian(x);
    const longMean = this.baseline.mean;
    const ratio = Math.exp(shortMedian - longMean);
    return {
      raw: ratio,
      score: squash(Math.max(0, ratio - 1), threshold - 1),
      triggered: ratio >= threshold,
      severity: severityOf(ratio, threshold, criticalThreshold),
      message: `median bar range of the last ${shortWindow} bars ${ratio.toFixed(1)}× its ${longWindow}-bar baseline`,
      explanation: [
        { feature: 'short_log_range', value: shortMedian, contribution: 1 },
        { feature: 'long_log_range', value: longMean, contribution: -1 },
      ],
      context: { shortLogRange: shortMedian, longLogRange: longMean, ratio },
    };
  }

  learn(bar: Bar): void {
    const x = this.logRange(bar);
    this.recent.push(x);
    if (this.recent.length > this.config.shortWindow - 1) this.baseline.push(this.recent.shift() as number);
  }

  snapshot(): RangeShiftState {
    return { recent: [...this.recent], baseline: this.baseline.snapshot() };
  }

  restore(state: RangeShiftState): void {
    this.recent = [...state.recent];
    this.baseline.restore(state.baseline);
  }

  reset(): void {
    this.recent = [];
    this.baseline.reset();
  }
}
