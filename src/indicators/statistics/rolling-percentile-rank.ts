/**
 * Rolling percentile rank: the fraction of the last `period` values (the latest included) that
 * lie below the latest value, counting values equal to it with weight `equalWeight` (default
 * 0.5). Result in [0, 1]. This is TTR's `runPercentRank(x, n, exact.multiplier = 0.5)`, except
 * that equality is exact where TTR treats values within 1e-8 of each other as equal.
 *
 * Cost: a sorted copy of the window (SortedWindow): O(log n) search + one memmove per update,
 * O(log n) to rank or peek.
 */
import type { Indicator } from '../../core/operator.js';
import { SortedWindow, type SortedWindowState } from './sorted-window.js';
import { assertPeriod, param, periodParam } from '../support/params.js';
import { onClose } from '../support/bar-input.js';
import type { IndicatorSpec } from '../types.js';

export interface RollingPercentileRankOptions {
  /** Weight of values equal to the latest one (the latest itself included), in [0, 1]. */
  readonly equalWeight?: number;
}

export class RollingPercentileRank implements Indicator<number, number, SortedWindowState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly window: SortedWindow;
  private readonly equalWeight: number;

  constructor(
    readonly period: number,
    options: RollingPercentileRankOptions = {},
  ) {
    assertPeriod('percentile rank', 'period', period);
    const equalWeight = options.equalWeight ?? 0.5;
    if (!(equalWeight >= 0 && equalWeight <= 1)) throw new Error(`equalWeight must be in [0, 1], got ${equalWeight}`);
    this.equalWeight = equalWeight;
    this.name = `percentrank_${period}`;
    this.warmUp = period - 1;
    this.window = new SortedWindow(period);
  }

  next(x: number): number | null {
    const rank = this.peek(x);
    this.window.push(x);
    return rank;
  }

  peek(x: number): number | null {
    const w = this.window;
    if (w.size + 1 < this.period) return null;
    let less = w.countLess(x);
    let equal = w.countEqual(x) + 1; // the latest value is equal to itself
    if (w.full) {
      const leaving = w.oldest;
      if (leaving < x) less--;
      else if (leaving === x) equal--;
    }
    return (less + this.equalWeight * equal) / this.period;
  }

  snapshot(): SortedWindowState {
    return this.window.snapshot();
  }

  restore(state: SortedWindowState): void {
    this.window.restore(state);
  }

  reset(): void {
    this.window.reset();
  }
}

export const percentileRankSpec: IndicatorSpec = {
  name: 'percentrank',
  family: 'statistics',
  description: 'Rolling percentile rank of the close, 0-1 (ties count half)',
  params: [periodParam('period', 100)],
  outputs: [],
  ttr: 'runPercentRank',
  inDefaultSet: true,
  create: (params) => onClose(new RollingPercentileRank(param(params, 0))),
};
