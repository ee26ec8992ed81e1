/**
 * The shared shape of the seed's spike rules: a bar is compared with the mean of one of its
 * fields over the previous `lookback` bars. Scoring reads the baseline; learning adds the bar's
 * value to it; the baseline is the whole state.
 */
import type { Bar } from '../../core/events.js';
import type { BarDetector, DetectorScore } from '../detector.js';
import { RollingMean, type RollingMeanState } from '../rolling-mean.js';

export abstract class RollingBaselineDetector implements BarDetector<RollingMeanState> {
  abstract readonly name: string;
  abstract readonly kind: string;
  readonly warmUp: number;
  private readonly baseline: RollingMean;

  constructor(lookback: number) {
    this.baseline = new RollingMean(lookback);
    this.warmUp = lookback;
  }

  /** The bar field the baseline averages (volume, close, …). */
  protected abstract valueOf(bar: Bar): number;

  /** The score of `bar` against the mean of the previous `lookback` values, or null. */
  protected abstract scoreAgainst(bar: Bar, mean: number): DetectorScore | null;

  score(bar: Bar): DetectorScore | null {
    return this.baseline.full ? this.scoreAgainst(bar, this.baseline.mean) : null;
  }

  learn(bar: Bar): void {
    this.baseline.push(this.valueOf(bar));
  }

  snapshot(): RollingMeanState {
    return this.baseline.snapshot();
  }

  restore(state: RollingMeanState): void {
    this.baseline.restore(state);
  }

  reset(): void {
    this.baseline.reset();
  }
}
