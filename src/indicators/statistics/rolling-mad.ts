/**
 * Rolling median absolute deviation: median(|x − median(window)|) over the last `period` values,
 * times `scale` (default 1.4826, which makes it estimate the standard deviation of normal data).
 * This is TTR's `runMAD(x, n)` with its defaults (`center = runMedian`, `stat = "median"`,
 * `constant = 1.4826`, `non.unique = "mean"`). A robust spread for detectors: one outlier moves
 * it by one rank, not by its size.
 *
 * Cost: O(log n) per update and per peek besides the sorted window's memmove — the deviations
 * below and above the median form two sorted runs, and their median is found by binary search
 * without building them.
 */
import type { Indicator } from '../../core/operator.js';
import { median, medianAbsoluteDeviation } from './order-statistics.js';
import { SortedWindow, type SortedSequence, type SortedWindowState } from './sorted-window.js';
import { assertPeriod, assertPositive, param, periodParam } from '../support/params.js';
import { onClose } from '../support/bar-input.js';
import type { IndicatorSpec } from '../types.js';

export interface RollingMADOptions {
  /** Multiplier of the raw MAD; 1.4826 by default (normal consistency), 1 for the raw MAD. */
  readonly scale?: number;
}

export class RollingMAD implements Indicator<number, number, SortedWindowState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly window: SortedWindow;
  private readonly scale: number;

  constructor(
    readonly period: number,
    options: RollingMADOptions = {},
  ) {
    assertPeriod('rolling MAD', 'period', period);
    this.scale = options.scale ?? 1.4826;
    assertPositive('rolling MAD', 'scale', this.scale);
    this.name = `mad_${period}`;
    this.warmUp = period - 1;
    this.window = new SortedWindow(period);
  }

  next(x: number): number | null {
    this.window.push(x);
    return this.window.size < this.period ? null : this.evaluate(this.window);
  }

  peek(x: number): number | null {
    return this.window.size + 1 < this.period ? null : this.evaluate(this.window.view(x));
  }

  private evaluate(sorted: SortedSequence): number {
    return this.scale * medianAbsoluteDeviation(sorted, median(sorted));
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

export const rollingMADSpec: IndicatorSpec = {
  name: 'mad',
  family: 'statistics',
  description: 'Rolling median absolute deviation of the close (× 1.4826)',
  params: [periodParam('period', 20)],
  outputs: [],
  ttr: 'runMAD',
  create: (params) => onClose(new RollingMAD(param(params, 0))),
};
