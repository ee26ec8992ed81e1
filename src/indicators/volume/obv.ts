/**
 * On-balance volume (Granville): a running total that adds the bar's volume when the close rose,
 * subtracts it when the close fell, and leaves it unchanged when the close did not move.
 * TTR `OBV(price, volume)`: the total starts at the first bar's volume (the level of OBV is
 * arbitrary; only its changes mean something). Equality is exact here, where TTR treats
 * |log change| < 1.5e-8 as unchanged — the same on any tick-sized price grid.
 * The total is kept with compensated summation, so it does not drift over a long history.
 */
import type { Indicator } from '../../core/operator.js';
import { RunningSum, type RunningSumState } from '../support/running-sum.js';
import type { CloseVolume, IndicatorSpec } from '../types.js';

export interface OBVState {
  readonly previousClose: number | null;
  readonly total: RunningSumState;
}

export class OBV implements Indicator<CloseVolume, number, OBVState> {
  readonly name = 'obv';
  readonly warmUp = 0;
  private readonly total = new RunningSum();
  private previousClose: number | null = null;

  next(bar: CloseVolume): number {
    this.total.add(this.flow(bar));
    this.previousClose = bar.close;
    return this.total.value;
  }

  peek(bar: CloseVolume): number {
    return this.total.valueAfter(this.flow(bar));
  }

  /** The signed volume this bar adds. */
  private flow(bar: CloseVolume): number {
    const previous = this.previousClose;
    if (previous === null) return bar.volume;
    return bar.close > previous ? bar.volume : bar.close < previous ? -bar.volume : 0;
  }

  snapshot(): OBVState {
    return { previousClose: this.previousClose, total: this.total.snapshot() };
  }

  restore(state: OBVState): void {
    this.previousClose = state.previousClose;
    this.total.restore(state.total);
  }

  reset(): void {
    this.previousClose = null;
    this.total.reset();
  }
}

export const obvSpec: IndicatorSpec = {
  name: 'obv',
  family: 'volume',
  description: 'On-balance volume',
  params: [],
  outputs: [],
  ttr: 'OBV',
  inDefaultSet: true,
  create: () => new OBV(),
};
