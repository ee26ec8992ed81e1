/**
 * Volatility spike: realised volatility of one-bar log returns over the last `shortWindow` bars
 * (the current bar included) against that over the previous `longWindow` bars (the baseline,
 * the current bar excluded so a spike cannot raise its own reference). Raw score: the ratio of
 * the two root-mean-square returns. O(1) per bar (two rolling means of squared returns).
 */
import type { Bar } from '../../core/events.js';
import type { BarDetector, DetectorScore } from '../detector.js';
import { severityOf, squash } from '../detector.js';
import { RollingMean, type RollingMeanState } from '../rolling-mean.js';

export interface VolatilitySpikeConfig {
  readonly shortWindow: number;
  readonly longWindow: number;
  /** Ratio of short to long realised volatility that triggers. */
  readonly threshold: number;
  readonly criticalThreshold: number;
}

export const DEFAULT_VOLATILITY_SPIKE: VolatilitySpikeConfig = {
  shortWindow: 10,
  longWindow: 240,
  threshold: 2.5,
  criticalThreshold: 4,
};

export interface VolatilitySpikeState {
  readonly previousClose: number | null;
  /** Squared returns of the last shortWindow − 1 bars (the current one joins when scoring). */
  readonly recent: RollingMeanState;
  readonly baseline: RollingMeanState;
  /** Squared returns waiting to move from the short window into the baseline, oldest first. */
  readonly pending: number[];
}

export class VolatilitySpikeDetector implements BarDetector<VolatilitySpikeState> {
  readonly name = 'volatility_spike';
  readonly kind = 'volatility_spike';
  readonly warmUp: number;
  private previousClose: number | null = null;
  private readonly recent: RollingMean;
  private readonly baseline: RollingMean;
  private pending: number[] = [];

  constructor(private readonly config: VolatilitySpikeConfig = DEFAULT_VOLATILITY_SPIKE) {
    if (!(config.shortWindow >= 2 && config.longWindow > config.shortWindow))
      throw new Error(
        `volatility_spike: need 2 ≤ shortWindow < longWindow, got ${config.shortWindow}, ${config.longWindow}`,
      );
    this.recent = new RollingMean(config.shortWindow - 1);
    this.baseline = new RollingMean(config.longWindow);
    // One bar sets the first close; shortWindow − 1 fill `recent`, longWindow then fill the baseline.
    this.warmUp = 1 + config.shortWindow - 1 + config.longWindow;
  }

  score(bar: Bar): DetectorScore | null {
    if (this.previousClose === null || !this.recent.full || !this.baseline.full) return null;
    const r = Math.log(bar.close / this.previousClose);
    const n = this.config.shortWindow;
    const shortVariance = (this.recent.mean * (n - 1) + r * r) / n;
    const longVariance = this.baseline.mean;
    const shortVolatility = Math.sqrt(shortVariance);
    const longVolatility = Math.sqrt(longVariance);
    const ratio = longVolatility > 0 ? shortVolatility / longVolatility : shortVolatility > 0 ? 1e6 : 1;
    const { threshold, criticalThreshold } = this.config;
    return {
      raw: ratio,
      score: squash(Math.max(0, ratio - 1), threshold - 1),
      triggered: ratio >= threshold,
      severity: severityOf(ratio, threshold, criticalThreshold),
      message: `realised volatility ${ratio.toFixed(1)}× its ${this.config.longWindow}-bar baseline`,
      explanation: [
        { feature: 'short_volatility', value: shortVolatility, contribution: 1 },
        { feature: 'long_volatility', value: longVolatility, contribution: -1 },
      ],
      context: { shortVolatility, longVolatility, ratio, lastReturn: r },
    };
  }

  learn(bar: Bar): void {
    if (this.previousClose !== null) {
      const r = Math.log(bar.close / this.previousClose);
      // Each squared return spends shortWindow − 1 bars in `recent`, then moves to the baseline.
      this.pending.push(r * r);
      this.recent.push(r * r);
      if (this.pending.length > this.config.shortWindow - 1) this.baseline.push(this.pending.shift() as number);
    }
    this.previousClose = bar.close;
  }

  snapshot(): VolatilitySpikeState {
    return {
      previousClose: this.previousClose,
      recent: this.recent.snapshot(),
      baseline: this.baseline.snapshot(),
      pending: [...this.pending],
    };
  }

  restore(state: VolatilitySpikeState): void {
    this.previousClose = state.previousClose;
    this.recent.restore(state.recent);
    this.baseline.restore(state.baseline);
    this.pending = [...state.pending];
  }

  reset(): void {
    this.previousClose = null;
    this.recent.reset();
    this.baseline.reset();
    this.pending = [];
  }
}
