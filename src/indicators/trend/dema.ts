/**
 * Double exponential moving average (Mulloy): 2·EMA(x) − EMA(EMA(x)), less lag than an EMA.
 * TTR: `DEMA(x, n)` (v = 1); the inner EMA starts on the outer one's first value, so the first
 * output is input 2(n−1), as in TTR.
 */
import type { Indicator } from '../../core/operator.js';
import { onClose } from '../support/bar-input.js';
import { assertPeriod, param, periodParam } from '../support/params.js';
import type { IndicatorSpec } from '../types.js';
import type { EMAState } from './ema.js';
import { EMA } from './ema.js';

export interface DEMAState {
  readonly first: EMAState;
  readonly second: EMAState;
}

export class DEMA implements Indicator<number, number, DEMAState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly first: EMA;
  private readonly second: EMA;

  constructor(readonly period: number) {
    assertPeriod('DEMA', 'period', period);
    this.name = `dema_${period}`;
    this.warmUp = 2 * (period - 1);
    this.first = new EMA(period);
    this.second = new EMA(period);
  }

  next(x: number): number | null {
    const e1 = this.first.nextValue(x);
    if (e1 !== e1) return null; // NaN: warming up
    const e2 = this.second.nextValue(e1);
    return e2 === e2 ? 2 * e1 - e2 : null;
  }

  peek(x: number): number | null {
    const e1 = this.first.peekValue(x);
    if (e1 !== e1) return null;
    const e2 = this.second.peekValue(e1);
    return e2 === e2 ? 2 * e1 - e2 : null;
  }

  snapshot(): DEMAState {
    return { first: this.first.snapshot(), second: this.second.snapshot() };
  }

  restore(state: DEMAState): void {
    this.first.restore(state.first);
    this.second.restore(state.second);
  }

  reset(): void {
    this.first.reset();
    this.second.reset();
  }
}

export const demaSpec: IndicatorSpec = {
  name: 'dema',
  family: 'trend',
  description: 'Double exponential moving average: 2·EMA − EMA(EMA)',
  params: [periodParam('period', 20)],
  outputs: [],
  ttr: 'DEMA',
  create: (params) => onClose(new DEMA(param(params, 0))),
};
