/**
 * The shared body of RollingMax and RollingMin (TTR `runMax`/`runMin`): the extremum of the last
 * `period` values from a monotonic deque, O(1) amortised. The two differ only in the kind.
 */
import type { Indicator } from '../../core/operator.js';
import { RollingExtremum, type RollingExtremumState } from '../support/rolling-extremum.js';
import { assertPeriod } from '../support/params.js';

export abstract class RollingExtreme implements Indicator<number, number, RollingExtremumState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly extremum: RollingExtremum;

  protected constructor(
    readonly period: number,
    kind: 'max' | 'min',
  ) {
    assertPeriod(kind === 'max' ? 'rolling maximum' : 'rolling minimum', 'period', period);
    this.name = `${kind}_${period}`;
    this.warmUp = period - 1;
    this.extremum = new RollingExtremum(period, kind);
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
