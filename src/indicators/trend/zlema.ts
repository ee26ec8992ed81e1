/**
 * Zero-lag exponential moving average (Ehlers & Way): an EMA of 2·x − x[lag], lag = (n + 1)/2,
 * which cancels most of an EMA's lag. TTR: `ZLEMA(x, n)`, replicated exactly: seeded with the
 * simple mean of the first n inputs (first value at input n − 1), and for a fractional lag the
 * lagged price is interpolated between the two neighbouring inputs.
 */
import type { Indicator } from '../../core/operator.js';
import { onClose } from '../support/bar-input.js';
import { assertPeriod, param, periodParam } from '../support/params.js';
import { RingBuffer } from '../support/ring-buffer.js';
import type { IndicatorSpec } from '../types.js';

export interface ZLEMAState {
  readonly history: number[];
  readonly count: number;
  readonly seed: number;
  readonly value: number;
}

export class ZLEMA implements Indicator<number, number, ZLEMAState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly alpha: number;
  private readonly decay: number;
  /** Weights of the two inputs around the lag: x[i − distance] and x[i − distance + 1]. */
  private readonly olderWeight: number;
  private readonly newerWeight: number;
  private readonly distance: number;
  /** The last `distance` inputs, before the current one. */
  private readonly history: RingBuffer;
  private count = 0;
  private seed = 0;
  private value = 0;

  constructor(readonly period = 20) {
    assertPeriod('ZLEMA', 'period', period);
    this.name = `zlema_${period}`;
    this.warmUp = period - 1;
    this.alpha = 2 / (period + 1);
    this.decay = 1 - this.alpha;
    const lag = 1 / this.alpha;
    this.newerWeight = lag % 1;
    this.olderWeight = 1 - this.newerWeight;
    this.distance = Math.ceil(lag);
    this.history = new RingBuffer(this.distance);
  }

  next(x: number): number | null {
    const value = this.evaluate(x);
    if (this.count < this.period) {
      this.seed += x / this.period;
      this.count++;
      if (this.count === this.period) this.value = this.seed;
    } else {
      this.value = value;
    }
    this.history.push(x);
    return this.count >= this.period ? this.value : null;
  }

  peek(x: number): number | null {
    if (this.count < this.period - 1) return null;
    return this.count === this.period - 1 ? this.seed + x / this.period : this.evaluate(x);
  }

  /** The recursion for input x once seeded (TTR's order of operations). */
  private evaluate(x: number): number {
    if (this.count < this.period) return Number.NaN;
    const older = this.history.at(0);
    const newer = this.distance > 1 ? this.history.at(1) : x;
    const lagged = 2 * x - (this.olderWeight * older + this.newerWeight * newer);
    return this.alpha * lagged + this.decay * this.value;
  }

  snapshot(): ZLEMAState {
    return { history: this.history.toArray(), count: this.count, seed: this.seed, value: this.value };
  }

  restore(state: ZLEMAState): void {
    this.history.fill(state.history);
    this.count = state.count;
    this.seed = state.seed;
    this.value = state.value;
  }

  reset(): void {
    this.history.clear();
    this.count = 0;
    this.seed = 0;
    this.value = 0;
  }
}

export const zlemaSpec: IndicatorSpec = {
  name: 'zlema',
  family: 'trend',
  description: 'Zero-lag exponential moving average of the close',
  params: [periodParam('period', 20)],
  outputs: [],
  ttr: 'ZLEMA',
  create: (params) => onClose(new ZLEMA(param(params, 0))),
};
