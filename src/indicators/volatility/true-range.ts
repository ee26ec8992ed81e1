/**
 * True range (Wilder): the bar's range extended to the previous close when the market gapped,
 * max(high, previous close) − min(low, previous close). TTR `ATR(HLC)[, "tr"]`.
 *
 * The first bar has no previous close, so — as in TTR — it has no true range (warm-up 1);
 * ATR therefore averages the true ranges of bars 1..n and first appears at bar n.
 */
import type { Indicator } from '../../core/operator.js';
import type { HighLowClose, IndicatorSpec } from '../types.js';

export interface TrueRangeState {
  readonly previousClose: number | null;
}

export class TrueRange implements Indicator<HighLowClose, number, TrueRangeState> {
  readonly name = 'tr';
  readonly warmUp = 1;
  private previousClose: number | null = null;

  next(bar: HighLowClose): number | null {
    const value = this.nextValue(bar);
    return value === value ? value : null; // NaN on the first bar
  }

  peek(bar: HighLowClose): number | null {
    const value = this.peekValue(bar);
    return value === value ? value : null;
  }

  /** `next` as a plain number (NaN on the first bar), for composition without boxing. */
  nextValue(bar: HighLowClose): number {
    const value = this.peekValue(bar);
    this.previousClose = bar.close;
    return value;
  }

  /** `peek` as a plain number: NaN on the first bar. */
  peekValue(bar: HighLowClose): number {
    const previous = this.previousClose;
    if (previous === null) return Number.NaN;
    const trueHigh = bar.high > previous ? bar.high : previous;
    const trueLow = bar.low < previous ? bar.low : previous;
    return trueHigh - trueLow;
  }

  snapshot(): TrueRangeState {
    return { previousClose: this.previousClose };
  }

  restore(state: TrueRangeState): void {
    this.previousClose = state.previousClose;
  }

  reset(): void {
    this.previousClose = null;
  }
}

export const trueRangeSpec: IndicatorSpec = {
  name: 'tr',
  family: 'volatility',
  description: 'True range: the bar range extended to the previous close',
  params: [],
  outputs: [],
  ttr: 'ATR(HLC)[, "tr"]',
  create: () => new TrueRange(),
};
