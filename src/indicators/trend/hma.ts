/**
 * Hull moving average: WMA(2·WMA(x, ⌊n/2⌋) − WMA(x, n), ⌊√n⌋). TTR: `HMA(x, n)`, same
 * truncations, first output at input (n − 1) + (⌊√n⌋ − 1).
 */
import type { Indicator } from '../../core/operator.js';
import { onClose } from '../support/bar-input.js';
import { assertPeriod, param } from '../support/params.js';
import type { IndicatorSpec } from '../types.js';
import type { WMAState } from './wma.js';
import { WMA } from './wma.js';

export interface HMAState {
  readonly half: WMAState;
  readonly full: WMAState;
  readonly smooth: WMAState;
}

export class HMA implements Indicator<number, number, HMAState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly half: WMA;
  private readonly full: WMA;
  private readonly smooth: WMA;

  constructor(readonly period: number) {
    assertPeriod('HMA', 'period', period, 2);
    this.name = `hma_${period}`;
    this.half = new WMA(Math.trunc(period / 2));
    this.full = new WMA(period);
    this.smooth = new WMA(Math.trunc(Math.sqrt(period)));
    this.warmUp = period - 1 + this.smooth.period - 1;
  }

  next(x: number): number | null {
    const half = this.half.nextValue(x);
    const full = this.full.nextValue(x);
    if (full !== full) return null; // NaN: warming up (the half-length WMA is ready first)
    return this.smooth.next(2 * half - full);
  }

  peek(x: number): number | null {
    const half = this.half.peekValue(x);
    const full = this.full.peekValue(x);
    if (full !== full) return null;
    return this.smooth.peek(2 * half - full);
  }

  snapshot(): HMAState {
    return { half: this.half.snapshot(), full: this.full.snapshot(), smooth: this.smooth.snapshot() };
  }

  restore(state: HMAState): void {
    this.half.restore(state.half);
    this.full.restore(state.full);
    this.smooth.restore(state.smooth);
  }

  reset(): void {
    this.half.reset();
    this.full.reset();
    this.smooth.reset();
  }
}

export const hmaSpec: IndicatorSpec = {
  name: 'hma',
  family: 'trend',
  description: 'Hull moving average',
  params: [{ name: 'period', default: 20, min: 2, integer: true }],
  outputs: [],
  ttr: 'HMA',
  create: (params) => onClose(new HMA(param(params, 0))),
};
