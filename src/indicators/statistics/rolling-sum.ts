/**
 * Sum of the last `length` values, O(1) per update. A running sum (add the new value, subtract
 * the evicted one) accumulates rounding error without bound over a long stream, so the sum is
 * recomputed exactly from the window once every `length` updates: amortised O(1), and the error
 * stays within a few ulps of `length` additions forever.
 *
 * `peek(x)` returns what `push(x)` will return (the sum of the window ending with x), by the
 * same expression, so a peek and the following push agree to the bit.
 */
import { RingBuffer } from '../support/ring-buffer.js';

export interface RollingSumState {
  readonly values: number[];
  readonly sum: number;
  readonly sinceRecompute: number;
}

export class RollingSum {
  private readonly window: RingBuffer;
  private sum = 0;
  private sinceRecompute = 0;

  constructor(readonly length: number) {
    this.window = new RingBuffer(length);
  }

  get full(): boolean {
    return this.window.isFull;
  }

  get count(): number {
    return this.window.length;
  }

  /** The sum of the window after `push(x)`, without changing state. */
  peek(x: number): number {
    return this.window.isFull ? this.sum + x - this.window.evictable : this.sum + x;
  }

  /** Adds x (evicting the oldest value when full) and returns the sum of the window. */
  push(x: number): number {
    const sum = this.peek(x);
    this.sum = sum;
    this.window.push(x);
    // The recompute changes only the state later updates start from, never this update's value.
    if (this.window.isFull && ++this.sinceRecompute >= this.length) this.recompute();
    return sum;
  }

  private recompute(): void {
    let s = 0;
    for (let i = 0; i < this.window.length; i++) s += this.window.at(i);
    this.sum = s;
    this.sinceRecompute = 0;
  }

  snapshot(): RollingSumState {
    return { values: this.window.toArray(), sum: this.sum, sinceRecompute: this.sinceRecompute };
  }

  restore(state: RollingSumState): void {
    this.window.fill(state.values);
    this.sum = state.sum;
    this.sinceRecompute = state.sinceRecompute;
  }

  reset(): void {
    this.window.clear();
    this.sum = 0;
    this.sinceRecompute = 0;
  }
}
