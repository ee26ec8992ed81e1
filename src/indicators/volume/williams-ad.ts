/**
 * Williams accumulation/distribution: a running total that, on an up close, adds the distance
 * from the true low (min(low, previous close)) to the close, on a down close subtracts the
 * distance from the close to the true high, and on an unchanged close adds nothing. It uses no
 * volume. TTR `williamsAD(HLC)`: starts at bar 1 (warm-up 1). Compensated summation.
 */
import type { Indicator } from '../../core/operator.js';
import { RunningSum, type RunningSumState } from '../support/running-sum.js';
import type { HighLowClose, IndicatorSpec } from '../types.js';

export interface WilliamsADState {
  readonly previousClose: number | null;
  readonly total: RunningSumState;
}

export class WilliamsAD implements Indicator<HighLowClose, number, WilliamsADState> {
  readonly name = 'williams_ad';
  readonly warmUp = 1;
  private readonly total = new RunningSum();
  private previousClose: number | null = null;

  next(bar: HighLowClose): number | null {
    const previous = this.previousClose;
    this.previousClose = bar.close;
    if (previous === null) return null;
    this.total.add(step(bar, previous));
    return this.total.value;
  }

  peek(bar: HighLowClose): number | null {
    const previous = this.previousClose;
    return previous === null ? null : this.total.valueAfter(step(bar, previous));
  }

  snapshot(): WilliamsADState {
    return { previousClose: this.previousClose, total: this.total.snapshot() };
  }

  restore(state: WilliamsADState): void {
    this.previousClose = state.previousClose;
    this.total.restore(state.total);
  }

  reset(): void {
    this.previousClose = null;
    this.total.reset();
  }
}

function step(bar: HighLowClose, previousClose: number): number {
  if (bar.close > previousClose) return bar.close - Math.min(bar.low, previousClose);
  if (bar.close < previousClose) return bar.close - Math.max(bar.high, previousClose);
  return 0;
}

export const williamsADSpec: IndicatorSpec = {
  name: 'williams_ad',
  family: 'volume',
  description: 'Williams accumulation/distribution (no volume)',
  params: [],
  outputs: [],
  ttr: 'williamsAD',
  create: () => new WilliamsAD(),
};
