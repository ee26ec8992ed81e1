/**
 * Rolling standard deviation of the last `period` values (TTR `runSD(x, n, sample)`), O(1) per
 * update with drift control (RollingMoments). Sample (n − 1) by default, as TTR's and R's `sd`;
 * `{ deviation: 'population' }` divides by n (what Bollinger Bands use).
 */
import type { Indicator } from '../../core/operator.js';
import { RollingMoments, type RollingMomentsState } from '../statistics/rolling-moments.js';
import { assertPeriod, param } from '../support/params.js';
import { onClose } from '../support/bar-input.js';
import type { IndicatorSpec } from '../types.js';

export interface StandardDeviationOptions {
  readonly deviation?: 'sample' | 'population';
}

export class StandardDeviation implements Indicator<number, number, RollingMomentsState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly moments: RollingMoments;
  private readonly ddof: 0 | 1;

  constructor(
    readonly period: number,
    options: StandardDeviationOptions = {},
  ) {
    const population = options.deviation === 'population';
    assertPeriod('standard deviation', 'period', period, population ? 1 : 2);
    this.ddof = population ? 0 : 1;
    this.name = population ? `stddev_${period}_population` : `stddev_${period}`;
    this.warmUp = period - 1;
    this.moments = new RollingMoments(period);
  }

  next(x: number): number | null {
    this.moments.push(x);
    return this.evaluate();
  }

  peek(x: number): number | null {
    this.moments.peek(x);
    return this.evaluate();
  }

  private evaluate(): number | null {
    return this.moments.count < this.period ? null : Math.sqrt(this.moments.variance(this.ddof));
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

export const standardDeviationSpec: IndicatorSpec = {
  name: 'stddev',
  family: 'volatility',
  description: 'Rolling sample standard deviation of the close',
  params: [{ name: 'period', default: 20, min: 2, integer: true }],
  outputs: [],
  ttr: 'runSD(sample = TRUE)',
  create: (params) => onClose(new StandardDeviation(param(params, 0))),
};
