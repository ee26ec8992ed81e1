/**
 * Rolling z-score: how many standard deviations the latest value lies from the mean of the last
 * `period` values (the window includes the latest value). O(1) per update (RollingMoments).
 *
 * Deviation: sample (n−1) by default, as in R's `sd` and pandas; population (n) on request.
 * A window with no spread gives 0, not NaN or ±∞: a flat series is not an outlier.
 */
import type { Indicator } from '../../core/operator.js';
import { RollingMoments, type RollingMomentsState } from './rolling-moments.js';
import { assertPeriod, param } from '../support/params.js';
import { onClose } from '../support/bar-input.js';
import type { IndicatorSpec } from '../types.js';

export interface RollingZScoreOptions {
  readonly deviation?: 'sample' | 'population';
}

export class RollingZScore implements Indicator<number, number, RollingMomentsState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly moments: RollingMoments;
  private readonly ddof: 0 | 1;

  constructor(
    readonly period: number,
    options: RollingZScoreOptions = {},
  ) {
    assertPeriod('z-score', 'period', period, 2);
    this.ddof = options.deviation === 'population' ? 0 : 1;
    this.name = `zscore_${period}`;
    this.warmUp = period - 1;
    this.moments = new RollingMoments(period);
  }

  next(x: number): number | null {
    this.moments.push(x);
    return this.evaluate(x);
  }

  peek(x: number): number | null {
    this.moments.peek(x);
    return this.evaluate(x);
  }

  private evaluate(x: number): number | null {
    const m = this.moments;
    if (m.count < this.period) return null;
    const sd = Math.sqrt(m.variance(this.ddof));
    return sd > 0 ? (x - m.mean) / sd : 0;
  }

  snapshot(): RollingMomentsState {
    return this.moments.snapshot();
  }

  restore(state: RollingMomentsState): void {
    this.moments.restore(state);
  }

  reset(): void {
    this.moments.reset();
  }
}

export const zScoreSpec: IndicatorSpec = {
  name: 'zscore',
  family: 'statistics',
  description: 'Rolling z-score of the close (sample deviation)',
  params: [{ name: 'period', default: 20, min: 2, integer: true }],
  outputs: [],
  ttr: '(x - runMean(x, n)) / runSD(x, n)',
  inDefaultSet: true,
  create: (params) => onClose(new RollingZScore(param(params, 0))),
};
