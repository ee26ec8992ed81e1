/**
 * Weighted moving average: weights 1..n, newest heaviest. TTR: `WMA(x, n)`. O(1) per update
 * instead of TTR's O(n): with W = Σ k·x_k and T = Σ x_k over the window, sliding by one input
 * gives W' = W − T + n·x and T' = T − oldest + x. Unlike a plain sum, W subtracts a *rounded*
 * T and adds a rounded n·x, so compensated summation alone cannot stop it drifting: both sums
 * are also re-anchored (recomputed from the window) once every n updates, amortised O(1).
 */
import type { Indicator } from '../../core/operator.js';
import { onClose } from '../support/bar-input.js';
import { assertPeriod, param, periodParam } from '../support/params.js';
import { RingBuffer } from '../support/ring-buffer.js';
import type { RunningSumState } from '../support/running-sum.js';
import { RunningSum } from '../support/running-sum.js';
import type { IndicatorSpec } from '../types.js';

export interface WMAState {
  readonly window: number[];
  readonly weighted: RunningSumState;
  readonly plain: RunningSumState;
  readonly sinceAnchor: number;
}

export class WMA implements Indicator<number, number, WMAState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly window: RingBuffer;
  /** Σ k·x_k, k = 1 for the oldest. */
  private readonly weighted = new RunningSum();
  /** Σ x_k. */
  private readonly plain = new RunningSum();
  private readonly weightSum: number;
  private sinceAnchor = 0;

  constructor(readonly period: number) {
    assertPeriod('WMA', 'period', period);
    this.name = `wma_${period}`;
    this.warmUp = period - 1;
    this.window = new RingBuffer(period);
    this.weightSum = (period * (period + 1)) / 2;
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
    if (this.window.isFull) {
      this.weighted.slide(this.period * x, this.plain.value);
      this.plain.slide(x, this.window.evictable);
    } else {
      this.weighted.add((this.window.length + 1) * x);
      this.plain.add(x);
    }
    this.window.push(x);
    if (!this.window.isFull) return Number.NaN;
    const value = this.weighted.value / this.weightSum;
    // Re-anchoring changes only where later updates start from, never this update's value.
    if (++this.sinceAnchor >= this.period) this.reanchor();
    return value;
  }

  private reanchor(): void {
    this.sinceAnchor = 0;
    this.weighted.reset();
    this.plain.reset();
    for (let k = 0; k < this.period; k++) {
      const x = this.window.at(k);
      this.weighted.add((k + 1) * x);
      this.plain.add(x);
    }
  }

  /** `peek` as a plain number: NaN while warming up. */
  peekValue(x: number): number {
    if (this.window.isFull) return this.weighted.valueAfter(this.period * x, this.plain.value) / this.weightSum;
    if (this.window.length < this.period - 1) return Number.NaN;
    return this.weighted.valueAfter(this.period * x) / this.weightSum;
  }

  snapshot(): WMAState {
    return {
      window: this.window.toArray(),
      weighted: this.weighted.snapshot(),
      plain: this.plain.snapshot(),
      sinceAnchor: this.sinceAnchor,
    };
  }

  restore(state: WMAState): void {
    this.window.fill(state.window);
    this.weighted.restore(state.weighted);
    this.plain.restore(state.plain);
    this.sinceAnchor = state.sinceAnchor;
  }

  reset(): void {
    this.window.clear();
    this.weighted.reset();
    this.plain.reset();
    this.sinceAnchor = 0;
  }
}

export const wmaSpec: IndicatorSpec = {
  name: 'wma',
  family: 'trend',
  description: 'Linearly weighted moving average of the close',
  params: [periodParam('period', 20)],
  outputs: [],
  ttr: 'WMA',
  create: (params) => onClose(new WMA(param(params, 0))),
};
