/**
 * Supertrend (Seban): bands at hl2 ± multiplier·ATR that only ratchet toward price while the
 * trend holds; the line is the lower band in an uptrend, the upper band in a downtrend, and the
 * trend flips when the close crosses the active band. ATR is Wilder's, as TTR's `ATR` (true
 * range from the second bar on, first ATR at input `period`). The first value starts in a
 * downtrend on the upper band (as TradingView's `ta.supertrend`). TTR has no Supertrend; the test
 * checks it against a batch recomputation.
 */
import type { Indicator } from '../../core/operator.js';
import { assertPositive, param, periodParam } from '../support/params.js';
import type { HighLowClose, IndicatorSpec } from '../types.js';
import type { EMAState } from './ema.js';
import { EMA } from './ema.js';

export type SupertrendValue = {
  readonly value: number;
  /** 1 in an uptrend (line below price), −1 in a downtrend. */
  readonly direction: number;
};

export interface SupertrendState {
  readonly bars: number;
  readonly previousClose: number;
  readonly upper: number;
  readonly lower: number;
  readonly direction: number;
  readonly averageTrueRange: EMAState;
}

export class Supertrend implements Indicator<HighLowClose, SupertrendValue, SupertrendState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly averageTrueRange: EMA;
  private bars = 0;
  private previousClose = 0;
  private upper = 0;
  private lower = 0;
  private direction = 0;

  constructor(
    readonly period = 10,
    readonly multiplier = 3,
  ) {
    this.averageTrueRange = new EMA(period, { wilder: true });
    assertPositive('Supertrend', 'multiplier', multiplier);
    this.name = `supertrend_${period}_${multiplier}`;
    this.warmUp = period;
  }

  next(bar: HighLowClose): SupertrendValue | null {
    const value = this.evaluate(bar, true);
    this.bars++;
    this.previousClose = bar.close;
    return value;
  }

  peek(bar: HighLowClose): SupertrendValue | null {
    return this.evaluate(bar, false);
  }

  private evaluate(bar: HighLowClose, commit: boolean): SupertrendValue | null {
    if (this.bars === 0) return null;
    const trueRange = Math.max(bar.high, this.previousClose) - Math.min(bar.low, this.previousClose);
    const atr = commit ? this.averageTrueRange.nextValue(trueRange) : this.averageTrueRange.peekValue(trueRange);
    if (atr !== atr) return null; // NaN: warming up
    const middle = (bar.high + bar.low) / 2;
    let upper = middle + this.multiplier * atr;
    let lower = middle - this.multiplier * atr;
    let direction: number;
    if (this.direction === 0) {
      direction = -1; // the first value
    } else {
      if (!(lower > this.lower || this.previousClose < this.lower)) lower = this.lower;
      if (!(upper < this.upper || this.previousClose > this.upper)) upper = this.upper;
      if (this.direction === -1) direction = bar.close > upper ? 1 : -1;
      else direction = bar.close < lower ? -1 : 1;
    }
    if (commit) {
      this.upper = upper;
      this.lower = lower;
      this.direction = direction;
    }
    return { value: direction === 1 ? lower : upper, direction };
  }

  snapshot(): SupertrendState {
    return {
      bars: this.bars,
      previousClose: this.previousClose,
      upper: this.upper,
      lower: this.lower,
      direction: this.direction,
      averageTrueRange: this.averageTrueRange.snapshot(),
    };
  }

  restore(state: SupertrendState): void {
    this.bars = state.bars;
    this.previousClose = state.previousClose;
    this.upper = state.upper;
    this.lower = state.lower;
    this.direction = state.direction;
    this.averageTrueRange.restore(state.averageTrueRange);
  }

  reset(): void {
    this.bars = 0;
    this.previousClose = 0;
    this.upper = 0;
    this.lower = 0;
    this.direction = 0;
    this.averageTrueRange.reset();
  }
}

export const supertrendSpec: IndicatorSpec = {
  name: 'supertrend',
  family: 'trend',
  description: 'Supertrend: an ATR trailing band that flips with the trend',
  params: [periodParam('period', 10), { name: 'multiplier', default: 3, min: 0.01, max: 100 }],
  outputs: ['value', 'direction'],
  create: (params) => new Supertrend(param(params, 0), param(params, 1)),
};
