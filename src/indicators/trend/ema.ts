/**
 * Exponential moving average, seeded like TTR: the first value (input n-1) is the simple mean
 * of the first n inputs, then `ema = x·α + ema·(1−α)` with α = 2/(n+1), or α = 1/n with
 * `{ wilder: true }` (Wilder's smoothing, as in RSI and ATR). TTR: `EMA(x, n, wilder)`, computed
 * in the same order of operations, so it matches to the last bits.
 */
import type { Indicator } from '../../core/operator.js';
import { onClose } from '../support/bar-input.js';
import { assertPeriod, param, periodParam } from '../support/params.js';
import type { IndicatorSpec } from '../types.js';

export interface EMAOptions {
  /** α = 1/period (Wilder's smoothing, a.k.a. RMA/SMMA) instead of 2/(period+1). */
  readonly wilder?: boolean;
}

export interface EMAState {
  readonly count: number;
  readonly seed: number;
  readonly value: number;
}

export class EMA implements Indicator<number, number, EMAState> {
  readonly name: string;
  readonly warmUp: number;
  readonly alpha: number;
  private readonly decay: number;
  private count = 0;
  private seed = 0;
  private value = 0;

  constructor(
    readonly period: number,
    options: EMAOptions = {},
  ) {
    assertPeriod('EMA', 'period', period);
    this.alpha = options.wilder ? 1 / period : 2 / (period + 1);
    this.decay = 1 - this.alpha;
    this.name = options.wilder ? `ema_${period}_wilder` : `ema_${period}`;
    this.warmUp = period - 1;
  }

  /** The current average (meaningful once warmed up). */
  get current(): number {
    return this.value;
  }

  get isReady(): boolean {
    return this.count >= this.period;
  }

  next(x: number): number | null {
    const value = this.nextValue(x);
    return value === value ? value : null; // NaN while warming up
  }

  peek(x: number): number | null {
    const value = this.peekValue(x);
    return value === value ? value : null;
  }

  /**
   * `next` for composition inside other indicators: the value, or NaN while warming up. A plain
   * number return lets V8 keep it unboxed (a `number | null` return allocates), which halves the
   * cost of indicators built from EMAs (RSI, MACD, ADX, …).
   */
  nextValue(x: number): number {
    if (this.count >= this.period) {
      this.value = x * this.alpha + this.value * this.decay;
      return this.value;
    }
    this.seed += x / this.period;
    this.count++;
    if (this.count < this.period) return Number.NaN;
    this.value = this.seed;
    return this.value;
  }

  /** `peek` as a plain number: NaN while warming up. */
  peekValue(x: number): number {
    if (this.count >= this.period) return x * this.alpha + this.value * this.decay;
    return this.count === this.period - 1 ? this.seed + x / this.period : Number.NaN;
  }

  snapshot(): EMAState {
    return { count: this.count, seed: this.seed, value: this.value };
  }

  restore(state: EMAState): void {
    this.count = state.count;
    this.seed = state.seed;
    this.value = state.value;
  }

  reset(): void {
    this.count = 0;
    this.seed = 0;
    this.value = 0;
  }
}

export const emaSpec: IndicatorSpec = {
  name: 'ema',
  family: 'trend',
  description: 'Exponential moving average of the close (seeded with the simple mean, as TTR)',
  params: [periodParam('period', 20)],
  outputs: [],
  ttr: 'EMA',
  inDefaultSet: true,
  create: (params) => onClose(new EMA(param(params, 0))),
};
