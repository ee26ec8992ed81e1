/**
 * Donchian Channels: the highest high and lowest low of the last `period` bars, and their
 * midpoint. TTR `DonchianChannel(HL, n)` (with `include.lag = FALSE`: the current bar counts).
 * Two monotonic deques: O(1) amortised per update, O(1) per peek.
 */
import type { Indicator } from '../../core/operator.js';
import { assertPeriod, param, periodParam } from '../support/params.js';
import { RollingExtremum, type RollingExtremumState } from '../support/rolling-extremum.js';
import type { HighLow, IndicatorSpec } from '../types.js';

/** A type alias, not an interface, so that it is assignable to IndicatorValue's record type. */
export type DonchianChannelsValue = {
  readonly upper: number;
  readonly middle: number;
  readonly lower: number;
};

export interface DonchianChannelsState {
  readonly highest: RollingExtremumState;
  readonly lowest: RollingExtremumState;
}

export class DonchianChannels implements Indicator<HighLow, DonchianChannelsValue, DonchianChannelsState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly highest: RollingExtremum;
  private readonly lowest: RollingExtremum;

  constructor(readonly period = 20) {
    assertPeriod('Donchian Channels', 'period', period);
    this.name = `donchian_${period}`;
    this.warmUp = period - 1;
    this.highest = new RollingExtremum(period, 'max');
    this.lowest = new RollingExtremum(period, 'min');
  }

  next(bar: HighLow): DonchianChannelsValue | null {
    this.highest.push(bar.high);
    this.lowest.push(bar.low);
    return this.highest.count < this.period ? null : channel(this.highest.value, this.lowest.value);
  }

  peek(bar: HighLow): DonchianChannelsValue | null {
    if (this.highest.count + 1 < this.period) return null;
    return channel(this.highest.peek(bar.high), this.lowest.peek(bar.low));
  }

  snapshot(): DonchianChannelsState {
    return { highest: this.highest.snapshot(), lowest: this.lowest.snapshot() };
  }

  restore(state: DonchianChannelsState): void {
    this.highest.restore(state.highest);
    this.lowest.restore(state.lowest);
  }

  reset(): void {
    this.highest.reset();
    this.lowest.reset();
  }
}

function channel(upper: number, lower: number): DonchianChannelsValue {
  return { upper, middle: (upper + lower) / 2, lower };
}

export const donchianChannelsSpec: IndicatorSpec = {
  name: 'donchian',
  family: 'volatility',
  description: 'Donchian Channels: highest high, lowest low and their midpoint',
  params: [periodParam('period', 20)],
  outputs: ['upper', 'middle', 'lower'],
  ttr: 'DonchianChannel',
  inDefaultSet: true,
  create: (params) => new DonchianChannels(param(params, 0)),
};
