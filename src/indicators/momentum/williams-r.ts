/**
 * Williams %R: where the close sits below the highest high of the last n bars, as a share of
 * the range. tickwatch follows the charting convention, −100 (at the low) to 0 (at the high):
 * %R = −100·(highest − close)/(highest − lowest). TTR's `WPR(HLC, n)` is the positive fraction
 * (highest − close)/(highest − lowest), 0 at the high and 1 at the low: `{ scale: 'fraction' }`.
 * An empty range gives the middle (−50, or TTR's 0.5). O(1) amortised with monotonic deques.
 */
import type { Indicator } from '../../core/operator.js';
import { assertPeriod, param, periodParam } from '../support/params.js';
import type { RollingExtremumState } from '../support/rolling-extremum.js';
import { RollingExtremum } from '../support/rolling-extremum.js';
import type { HighLowClose, IndicatorSpec } from '../types.js';
import type { OscillatorScale } from './scale.js';

export interface WilliamsROptions {
  readonly scale?: OscillatorScale;
}

export interface WilliamsRState {
  readonly highs: RollingExtremumState;
  readonly lows: RollingExtremumState;
}

export class WilliamsR implements Indicator<HighLowClose, number, WilliamsRState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly highs: RollingExtremum;
  private readonly lows: RollingExtremum;
  private readonly fraction: boolean;

  constructor(
    readonly period = 14,
    options: WilliamsROptions = {},
  ) {
    assertPeriod('WilliamsR', 'period', period);
    this.name = `willr_${period}`;
    this.warmUp = period - 1;
    this.highs = new RollingExtremum(period, 'max');
    this.lows = new RollingExtremum(period, 'min');
    this.fraction = options.scale === 'fraction';
  }

  next(bar: HighLowClose): number | null {
    this.highs.push(bar.high);
    this.lows.push(bar.low);
    if (this.highs.count < this.period) return null;
    return this.value(bar.close, this.highs.value, this.lows.value);
  }

  peek(bar: HighLowClose): number | null {
    if (this.highs.count < this.period - 1) return null;
    return this.value(bar.close, this.highs.peek(bar.high), this.lows.peek(bar.low));
  }

  private value(close: number, highest: number, lowest: number): number {
    const range = highest - lowest;
    const below = range > 0 ? (highest - close) / range : 0.5;
    return this.fraction ? below : -100 * below;
  }

  snapshot(): WilliamsRState {
    return { highs: this.highs.snapshot(), lows: this.lows.snapshot() };
  }

  restore(state: WilliamsRState): void {
    this.highs.restore(state.highs);
    this.lows.restore(state.lows);
  }

  reset(): void {
    this.highs.reset();
    this.lows.reset();
  }
}

export const williamsRSpec: IndicatorSpec = {
  name: 'willr',
  family: 'momentum',
  description: 'Williams %R, −100 (at the low) to 0 (at the high)',
  params: [periodParam('period', 14)],
  outputs: [],
  ttr: 'WPR',
  create: (params) => new WilliamsR(param(params, 0)),
};
