/**
 * Normalised ATR: 100 × ATR(n) / close, the average true range in percent of the price, so that
 * volatility compares across instruments and price levels (TA-Lib's NATR; TTR has none).
 * Warm-up n, as ATR. A close of 0 gives 0.
 */
import type { Indicator } from '../../core/operator.js';
import type { HighLowClose, IndicatorSpec } from '../types.js';
import { ATR, type ATRState } from './atr.js';
import { param, periodParam } from '../support/params.js';

export class NATR implements Indicator<HighLowClose, number, ATRState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly atr: ATR;

  constructor(readonly period: number) {
    this.atr = new ATR(period);
    this.name = `natr_${period}`;
    this.warmUp = this.atr.warmUp;
  }

  next(bar: HighLowClose): number | null {
    return this.normalise(this.atr.nextValue(bar), bar.close);
  }

  peek(bar: HighLowClose): number | null {
    return this.normalise(this.atr.peekValue(bar), bar.close);
  }

  private normalise(atr: number, close: number): number | null {
    if (atr !== atr) return null; // NaN while warming up
    return close === 0 ? 0 : (100 * atr) / close;
  }

  snapshot(): ATRState {
    return this.atr.snapshot();
  }

  restore(state: ATRState): void {
    this.atr.restore(state);
  }

  reset(): void {
    this.atr.reset();
  }
}

export const natrSpec: IndicatorSpec = {
  name: 'natr',
  family: 'volatility',
  description: 'Average true range in percent of the close',
  params: [periodParam('period', 14)],
  outputs: [],
  create: (params) => new NATR(param(params, 0)),
};
