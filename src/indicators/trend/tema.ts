/**
 * Triple exponential moving average (Mulloy): 3·EMA − 3·EMA(EMA) + EMA(EMA(EMA)). TTR has no
 * TEMA; the fixture composes TTR's EMA exactly this way. First output: input 3(n−1).
 */
import type { Indicator } from '../../core/operator.js';
import { onClose } from '../support/bar-input.js';
import { assertPeriod, param, periodParam } from '../support/params.js';
import type { IndicatorSpec } from '../types.js';
import type { EMAState } from './ema.js';
import { EMA } from './ema.js';

export interface TEMAState {
  readonly first: EMAState;
  readonly second: EMAState;
  readonly third: EMAState;
}

export class TEMA implements Indicator<number, number, TEMAState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly first: EMA;
  private readonly second: EMA;
  private readonly third: EMA;

  constructor(readonly period: number) {
    assertPeriod('TEMA', 'period', period);
    this.name = `tema_${period}`;
    this.warmUp = 3 * (period - 1);
    this.first = new EMA(period);
    this.second = new EMA(period);
    this.third = new EMA(period);
  }

  next(x: number): number | null {
    const e1 = this.first.nextValue(x);
    if (e1 !== e1) return null; // NaN: warming up
    const e2 = this.second.nextValue(e1);
    if (e2 !== e2) return null;
    const e3 = this.third.nextValue(e2);
    return e3 === e3 ? 3 * e1 - 3 * e2 + e3 : null;
  }

  peek(x: number): number | null {
    const e1 = this.first.peekValue(x);
    if (e1 !== e1) return null;
    const e2 = this.second.peekValue(e1);
    if (e2 !== e2) return null;
    const e3 = this.third.peekValue(e2);
    return e3 === e3 ? 3 * e1 - 3 * e2 + e3 : null;
  }

  snapshot(): TEMAState {
    return { first: this.first.snapshot(), second: this.second.snapshot(), third: this.third.snapshot() };
  }

  restore(state: TEMAState): void {
    this.first.restore(state.first);
    this.second.restore(state.second);
    this.third.restore(state.third);
  }

  reset(): void {
    this.first.reset();
    this.second.reset();
    this.third.reset();
  }
}

export const temaSpec: IndicatorSpec = {
  name: 'tema',
  family: 'trend',
  description: 'Triple exponential moving average: 3·EMA − 3·EMA(EMA) + EMA(EMA(EMA))',
  params: [periodParam('period', 20)],
  outputs: [],
  ttr: 'EMA (composed: 3*e1 - 3*e2 + e3)',
  create: (params) => onClose(new TEMA(param(params, 0))),
};
