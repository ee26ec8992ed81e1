/**
 * Rolling median of the last `period` values (TTR `runMedian`, `non.unique = "mean"`: an even
 * window gives the mean of its two middle values). Sorted window: O(log n) + one memmove per
 * update, O(log n) per peek.
 */
import type { Indicator } from '../../core/operator.js';
import { median } from './order-statistics.js';
import { SortedWindow, type SortedWindowState } from './sorted-window.js';
import { assertPeriod, param, periodParam } from '../support/params.js';
import { onClose } from '../support/bar-input.js';
import type { IndicatorSpec } from '../types.js';

export class RollingMedian implements Indicator<number, number, SortedWindowState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly window: SortedWindow;

  constructor(readonly period: number) {
    assertPeriod('rolling median', 'period', period);
    this.name = `median_${period}`;
    this.warmUp = period - 1;
    this.window = new SortedWindow(period);
  }

  next(x: number): number | null {
    this.window.push(x);
    return this.window.size < this.period ? null : median(this.window);
  }

  peek(x: number): number | null {
    return this.window.size + 1 < this.period ? null : median(this.window.view(x));
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

export const rollingMedianSpec: IndicatorSpec = {
  name: 'median',
  family: 'statistics',
  description: 'Rolling median of the close',
  params: [periodParam('period', 20)],
  outputs: [],
  ttr: 'runMedian',
  create: (params) => onClose(new RollingMedian(param(params, 0))),
};
