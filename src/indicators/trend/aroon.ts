/**
 * Aroon (Chande): how recently the window saw its highest high and lowest low.
 * up = 100·(n − bars since the highest high)/n over the last n+1 bars, down likewise with the
 * lowest low, oscillator = up − down. Equal extremes count the most recent one, as TTR's
 * `aroon(HL, n)` does. Rolling max/min with monotonic deques: O(1) amortised.
 * tickwatch's first value is input n, with the full n+1-bar window; TTR emits one earlier value
 * (input n−1) from a partial window of n bars. From input n on they agree.
 */
import type { Indicator } from '../../core/operator.js';
import { assertPeriod, param, periodParam } from '../support/params.js';
import type { RollingExtremumState } from '../support/rolling-extremum.js';
import { RollingExtremum } from '../support/rolling-extremum.js';
import type { HighLow, IndicatorSpec } from '../types.js';

export type AroonValue = {
  readonly up: number;
  readonly down: number;
  readonly oscillator: number;
};

export interface AroonState {
  readonly highs: RollingExtremumState;
  readonly lows: RollingExtremumState;
}

export class Aroon implements Indicator<HighLow, AroonValue, AroonState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly highs: RollingExtremum;
  private readonly lows: RollingExtremum;

  constructor(readonly period = 25) {
    assertPeriod('Aroon', 'period', period);
    this.name = `aroon_${period}`;
    this.warmUp = period;
    this.highs = new RollingExtremum(period + 1, 'max', 'newest');
    this.lows = new RollingExtremum(period + 1, 'min', 'newest');
  }

  next(bar: HighLow): AroonValue | null {
    this.highs.push(bar.high);
    this.lows.push(bar.low);
    if (this.highs.count <= this.period) return null;
    return this.value(this.highs.age, this.lows.age);
  }

  peek(bar: HighLow): AroonValue | null {
    if (this.highs.count < this.period) return null;
    return this.value(this.highs.peekAge(bar.high), this.lows.peekAge(bar.low));
  }

  private value(highAge: number, lowAge: number): AroonValue {
    const up = (100 * (this.period - highAge)) / this.period;
    const down = (100 * (this.period - lowAge)) / this.period;
    return { up, down, oscillator: up - down };
  }

  snapshot(): AroonState {
    return { highs: this.highs.snapshot(), lows: this.lows.snapshot() };
  }

  restore(state: AroonState): void {
    this.highs.restore(state.highs);
    this.lows.restore(state.lows);
  }

  reset(): void {
    this.highs.reset();
    this.lows.reset();
  }
}

export const aroonSpec: IndicatorSpec = {
  name: 'aroon',
  family: 'trend',
  description: 'Aroon up/down: how recent the highest high and lowest low are; and their difference',
  params: [periodParam('period', 25)],
  outputs: ['up', 'down', 'oscillator'],
  ttr: 'aroon',
  create: (params) => new Aroon(param(params, 0)),
};
