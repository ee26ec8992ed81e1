/** Momentum: x − x[n], the price change over n bars. TTR: `momentum(x, n)`. First value: input n. */
import type { Indicator } from '../../core/operator.js';
import { onClose } from '../support/bar-input.js';
import { assertPeriod, param, periodParam } from '../support/params.js';
import { RingBuffer } from '../support/ring-buffer.js';
import type { IndicatorSpec } from '../types.js';

export interface MomentumState {
  readonly window: number[];
}

export class Momentum implements Indicator<number, number, MomentumState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly window: RingBuffer;

  constructor(readonly period = 10) {
    assertPeriod('Momentum', 'period', period);
    this.name = `momentum_${period}`;
    this.warmUp = period;
    this.window = new RingBuffer(period);
  }

  next(x: number): number | null {
    const past = this.window.push(x);
    return Number.isNaN(past) ? null : x - past;
  }

  peek(x: number): number | null {
    return this.window.isFull ? x - this.window.evictable : null;
  }

  snapshot(): MomentumState {
    return { window: this.window.toArray() };
  }

  restore(state: MomentumState): void {
    this.window.fill(state.window);
  }

  reset(): void {
    this.window.clear();
  }
}

export const momentumSpec: IndicatorSpec = {
  name: 'momentum',
  family: 'momentum',
  description: 'Change of the close over n bars',
  params: [periodParam('period', 10)],
  outputs: [],
  ttr: 'momentum',
  create: (params) => onClose(new Momentum(param(params, 0))),
};
