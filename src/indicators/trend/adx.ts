/**
 * Wilder's directional movement: +DI, −DI, DX and ADX. TTR: `ADX(HLC, n)`, replicated step by
 * step: +DM/−DM from the one-bar changes of high and low, the true range, Wilder's running sums
 * (TTR's `wilderSum`: the raw sum of the first n−1 values, then s = x + s·(n−1)/n), DI = 100·sum(DM)/sum(TR),
 * DX = 100·|DI+ − DI−|/(DI+ + DI−) and ADX = Wilder's EMA of DX. First output: input 2n−1
 * (TTR's DI and DX start at input n, its ADX at 2n−1; tickwatch emits the four together).
 * Where TTR divides 0 by 0 (no range at all, or DI+ = DI− = 0) tickwatch returns 0.
 */
import type { Indicator } from '../../core/operator.js';
import { assertPeriod, param, periodParam } from '../support/params.js';
import type { HighLowClose, IndicatorSpec } from '../types.js';
import type { EMAState } from './ema.js';
import { EMA } from './ema.js';

export type ADXValue = {
  /** +DI, in percent. */
  readonly dip: number;
  /** −DI, in percent. */
  readonly din: number;
  readonly dx: number;
  readonly adx: number;
};

export interface ADXState {
  readonly bars: number;
  readonly previousHigh: number;
  readonly previousLow: number;
  readonly previousClose: number;
  readonly trueRangeSum: number;
  readonly plusSum: number;
  readonly minusSum: number;
  readonly average: EMAState;
}

export class ADX implements Indicator<HighLowClose, ADXValue, ADXState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly average: EMA;
  private bars = 0;
  private previousHigh = 0;
  private previousLow = 0;
  private previousClose = 0;
  private trueRangeSum = 0;
  private plusSum = 0;
  private minusSum = 0;

  constructor(readonly period = 14) {
    assertPeriod('ADX', 'period', period);
    this.name = `adx_${period}`;
    this.warmUp = 2 * period - 1;
    this.average = new EMA(period, { wilder: true });
  }

  next(bar: HighLowClose): ADXValue | null {
    const bars = this.bars;
    this.bars++;
    if (bars === 0) {
      this.remember(bar);
      return null;
    }
    this.trueRangeSum = this.wilderSum(this.trueRange(bar), this.trueRangeSum, bars);
    this.plusSum = this.wilderSum(this.plusMove(bar), this.plusSum, bars);
    this.minusSum = this.wilderSum(this.minusMove(bar), this.minusSum, bars);
    this.remember(bar);
    if (bars < this.period) return null;
    const dip = this.directionalIndex(this.plusSum, this.trueRangeSum);
    const din = this.directionalIndex(this.minusSum, this.trueRangeSum);
    const dx = this.directionalMovementIndex(dip, din);
    const adx = this.average.nextValue(dx);
    return adx === adx ? { dip, din, dx, adx } : null; // NaN: warming up
  }

  peek(bar: HighLowClose): ADXValue | null {
    const bars = this.bars;
    if (bars < this.period) return null;
    const trueRangeSum = this.wilderSum(this.trueRange(bar), this.trueRangeSum, bars);
    const dip = this.directionalIndex(this.wilderSum(this.plusMove(bar), this.plusSum, bars), trueRangeSum);
    const din = this.directionalIndex(this.wilderSum(this.minusMove(bar), this.minusSum, bars), trueRangeSum);
    const dx = this.directionalMovementIndex(dip, din);
    const adx = this.average.peekValue(dx);
    return adx === adx ? { dip, din, dx, adx } : null;
  }

  /**
   * TTR's wilderSum: a raw sum of the first n−1 inputs (bars 1 … n−1), then at bar n and after
   * s = x + s·(n−1)/n, in that order of operations.
   */
  private wilderSum(x: number, sum: number, bars: number): number {
    return bars < this.period ? sum + x : x + (sum * (this.period - 1)) / this.period;
  }

  private trueRange(bar: HighLowClose): number {
    return Math.max(bar.high, this.previousClose) - Math.min(bar.low, this.previousClose);
  }

  private plusMove(bar: HighLowClose): number {
    const up = bar.high - this.previousHigh;
    const down = this.previousLow - bar.low;
    return up === down || (up < 0 && down < 0) ? 0 : up > down ? up : 0;
  }

  private minusMove(bar: HighLowClose): number {
    const up = bar.high - this.previousHigh;
    const down = this.previousLow - bar.low;
    return up === down || (up < 0 && down < 0) ? 0 : up < down ? down : 0;
  }

  private directionalIndex(movementSum: number, trueRangeSum: number): number {
    return trueRangeSum > 0 ? (100 * movementSum) / trueRangeSum : 0;
  }

  private directionalMovementIndex(dip: number, din: number): number {
    const total = dip + din;
    return total > 0 ? 100 * (Math.abs(dip - din) / total) : 0;
  }

  private remember(bar: HighLowClose): void {
    this.previousHigh = bar.high;
    this.previousLow = bar.low;
    this.previousClose = bar.close;
  }

  snapshot(): ADXState {
    return {
      bars: this.bars,
      previousHigh: this.previousHigh,
      previousLow: this.previousLow,
      previousClose: this.previousClose,
      trueRangeSum: this.trueRangeSum,
      plusSum: this.plusSum,
      minusSum: this.minusSum,
      average: this.average.snapshot(),
    };
  }

  restore(state: ADXState): void {
    this.bars = state.bars;
    this.previousHigh = state.previousHigh;
    this.previousLow = state.previousLow;
    this.previousClose = state.previousClose;
    this.trueRangeSum = state.trueRangeSum;
    this.plusSum = state.plusSum;
    this.minusSum = state.minusSum;
    this.average.restore(state.average);
  }

  reset(): void {
    this.bars = 0;
    this.previousHigh = 0;
    this.previousLow = 0;
    this.previousClose = 0;
    this.trueRangeSum = 0;
    this.plusSum = 0;
    this.minusSum = 0;
    this.average.reset();
  }
}

export const adxSpec: IndicatorSpec = {
  name: 'adx',
  family: 'trend',
  description: "Wilder's average directional index with +DI and −DI",
  params: [periodParam('period', 14)],
  outputs: ['dip', 'din', 'dx', 'adx'],
  ttr: 'ADX',
  inDefaultSet: true,
  create: (params) => new ADX(param(params, 0)),
};
