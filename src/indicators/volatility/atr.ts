/**
 * Average true range (Wilder, 1978): Wilder's smoothing (an EMA with α = 1/n, seeded with the
 * simple mean of the first n values) of the true range. TTR `ATR(HLC, n)`: the first true range
 * is bar 1 (bar 0 has no previous close), so the first ATR is bar n (warm-up n).
 */
import type { Indicator } from '../../core/operator.js';
import { assertPeriod, param, periodParam } from '../support/params.js';
import { EMA, type EMAState } from '../trend/ema.js';
import type { HighLowClose, IndicatorSpec } from '../types.js';
import { TrueRange, type TrueRangeState } from './true-range.js';

export interface ATRState {
  readonly trueRange: TrueRangeState;
  readonly average: EMAState;
}

export class ATR implements Indicator<HighLowClose, number, ATRState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly trueRange = new TrueRange();
  private readonly average: EMA;

  constructor(readonly period: number) {
    assertPeriod('ATR', 'period', period);
    this.name = `atr_${period}`;
    this.warmUp = period;
    this.average = new EMA(period, { wilder: true });
  }

  next(bar: HighLowClose): number | null {
    const value = this.nextValue(bar);
    return value === value ? value : null; // NaN while warming up
  }

  peek(bar: HighLowClose): number | null {
    const value = this.peekValue(bar);
    return value === value ? value : null;
  }

  /** `next` as a plain number (NaN while warming up), for composition without boxing. */
  nextValue(bar: HighLowClose): number {
    const range = this.trueRange.nextValue(bar);
    return range === range ? this.average.nextValue(range) : Number.NaN;
  }

  /** `peek` as a plain number: NaN while warming up. */
  peekValue(bar: HighLowClose): number {
    const range = this.trueRange.peekValue(bar);
    return range === range ? this.average.peekValue(range) : Number.NaN;
  }

  snapshot(): ATRState {
    return { trueRange: this.trueRange.snapshot(), average: this.average.snapshot() };
  }

  restore(state: ATRState): void {
    this.trueRange.restore(state.trueRange);
    this.average.restore(state.average);
  }

  reset(): void {
    this.trueRange.reset();
    this.average.reset();
  }
}

export const atrSpec: IndicatorSpec = {
  name: 'atr',
  family: 'volatility',
  description: "Average true range, Wilder's smoothing",
  params: [periodParam('period', 14)],
  outputs: [],
  ttr: 'ATR',
  inDefaultSet: true,
  create: (params) => new ATR(param(params, 0)),
};
