/**
 * Range regime: a volatility regime seen in the bars' range per √trade,
 * x = ln(high / low) / √trades, through a `MedianShiftDetector` (the median of the last
 * `shortWindow` x against a long baseline; docs/detectors.md).
 *
 * Why per √trade: price variance grows with activity (the intraday U of stocks, crypto's daily
 * cycle: more trades, more variance per minute; in the simulator exactly, variance per second ∝
 * activity ∝ trade rate), so a bar's range grows like √trades on a normal day and x has no
 * intraday pattern left for a long baseline to mistake for a shift; a regime's extra volatility
 * stays (3× the range for 1.5× the trades is 2.4× x). A liquidity drought (a tenth of the trades,
 * wide quotes) raises x as well. A bar without trades has no x: it is not learnt and scores null.
 */
import type { Bar } from '../../core/events.js';
import type { BarDetector, DetectorScore, VectorPoint } from '../detector.js';
import {
  DEFAULT_MEDIAN_SHIFT,
  MedianShiftDetector,
  type MedianShiftConfig,
  type MedianShiftState,
} from '../statistical/median-shift.js';

export type RangeRegimeConfig = MedianShiftConfig;

/** Tuned on the simulator (docs/evaluation.md): five bars end within the match tolerance of a regime's end. */
export const DEFAULT_RANGE_REGIME: RangeRegimeConfig = { ...DEFAULT_MEDIAN_SHIFT, shortWindow: 5, direction: 'up' };

const FEATURE = 'range_per_sqrt_trade';

export class RangeRegimeDetector implements BarDetector<MedianShiftState> {
  readonly name = 'range_regime';
  readonly kind = 'volatility_regime';
  readonly warmUp: number;
  private readonly inner: MedianShiftDetector;
  private readonly point: { ts: number; values: Float64Array; names: readonly string[] } = {
    ts: 0,
    values: new Float64Array(1),
    names: [FEATURE],
  };

  constructor(config: RangeRegimeConfig = DEFAULT_RANGE_REGIME) {
    this.inner = new MedianShiftDetector(config);
    this.warmUp = this.inner.warmUp;
  }

  private pointOf(bar: Bar): VectorPoint {
    this.point.ts = bar.end;
    this.point.values[0] = bar.trades > 0 ? Math.log(bar.high / bar.low) / Math.sqrt(bar.trades) : Number.NaN;
    return this.point;
  }

  score(bar: Bar): DetectorScore | null {
    return this.inner.score(this.pointOf(bar));
  }

  learn(bar: Bar): void {
    this.inner.learn(this.pointOf(bar));
  }

  snapshot(): MedianShiftState {
    return this.inner.snapshot();
  }

  restore(state: MedianShiftState): void {
    this.inner.restore(state);
  }

  reset(): void {
    this.inner.reset();
  }
}
