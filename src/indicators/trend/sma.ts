/**
 * Simple moving average: the mean of the last `period` inputs. TTR: `SMA(x, n)`, same warm-up
 * (the first value is input n-1). O(1): a ring buffer and a compensated running sum.
 */
import type { Indicator } from '../../core/operator.js';
import { onClose } from '../support/bar-input.js';
import { assertPeriod, param, periodParam } from '../support/params.js';
import { RingBuffer } from '../support/ring-buffer.js';
import type { RunningSumState } from '../support/running-sum.js';
import { RunningSum } from '../support/running-sum.js';
import type { IndicatorSpec } from '../types.js';

export interface SMAState {
  readonly window: number[];
  readonly sum: RunningSumState;
}

export class SMA implements Indicator<number, number, SMAState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly window: RingBuffer;
  private readonly sum = new RunningSum();

  constructor(readonly period: number) {
    assertPeriod('SMA', 'period', period);
    this.name = `sma_${period}`;
    this.warmUp = period - 1;
    this.window = new RingBuffer(period);
  }

  next(x: number): number | null {
    const value = this.nextValue(x);
    return value === value ? value : null; // NaN while warming up
  }

  peek(x: number): number | null {
    const value = this.peekValue(x);
    return value === value ? value : null;
  }

  /** `next` for composition: the value, or NaN while warming up (an unboxed number; see EMA). */
  nextValue(x: number): number {
    if (this.window.isFull) this.sum.slide(x, this.window.evictable);
    else this.sum.add(x);
    this.window.push(x);
    return this.window.isFull ? this.sum.value / this.period : Number.NaN;
  }

  /** `peek` as a plain number: NaN while warming up. */
  peekValue(x: number): number {
    if (this.window.isFull) return this.sum.valueAfter(x, this.window.evictable) / this.period;
    return this.window.length === this.period - 1 ? this.sum.valueAfter(x) / this.period : Number.NaN;
  }

  snapshot(): SMAState {
    return { window: this.window.toArray(), sum: this.sum.snapshot() };
  }

  restore(state: SMAState): void {
    this.window.fill(state.window);
    this.sum.restore(state.sum);
  }

  reset(): void {
    this.window.clear();
    this.sum.reset();
  }
}

export const smaSpec: IndicatorSpec = {
  name: 'sma',
  family: 'trend',
  description: 'Simple moving average of the close',
  params: [periodParam('period', 20)],
  outputs: [],
  ttr: 'SMA',
  inDefaultSet: true,
  create: (params) => onClose(new SMA(param(params, 0))),
};
