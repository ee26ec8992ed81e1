/** Rolling minimum of the last `period` values (TTR `runMin`): monotonic deque, O(1) amortised. */
import type { Indicator } from '../../core/operator.js';
import { RollingExtremum, type RollingExtremumState } from '../support/rolling-extremum.js';
import { assertPeriod, param, periodParam } from '../support/params.js';
import { onClose } from '../support/bar-input.js';
import type { IndicatorSpec } from '../types.js';

export class RollingMin implements Indicator<number, number, RollingExtremumState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly extremum: RollingExtremum;

  constructor(readonly period: number) {
    assertPeriod('rolling minimum', 'period', period);
    this.name = `min_${period}`;
    this.warmUp = period - 1;
    this.extremum = new RollingExtremum(period, 'min');
  }

  next(x: number): number | null {
    this.extremum.push(x);
    return this.extremum.count < this.period ? null : this.extremum.value;
  }

  peek(x: number): number | null {
    return this.extremum.count + 1 < this.period ? null : this.extremum.peek(x);
  }

  snapshot(): RollingExtremumState {
    return this.extremum.snapshot();
  }

  restore(state: RollingExtremumState): void {
    this.extremum.restore(state);
  }

  reset(): void {
    this.extremum.reset();
  }
}

export const rollingMinSpec: IndicatorSpec = {
  name: 'min',
  family: 'statistics',
  description: 'Rolling minimum of the close',
  params: [periodParam('period', 20)],
  outputs: [],
  ttr: 'runMin',
  create: (params) => onClose(new RollingMin(param(params, 0))),
};
