/**
 * Relative strength index (Wilder): 100·U/(U + D), U and D Wilder's averages of the one-bar
 * gains and losses, each seeded with the simple mean of the first n. TTR: `RSI(x, n)`; the
 * first value is input n. A window without any change (TTR: 0/0 = NaN) gives 50.
 */
import type { Indicator } from '../../core/operator.js';
import { onClose } from '../support/bar-input.js';
import { assertPeriod, param, periodParam } from '../support/params.js';
import type { IndicatorSpec } from '../types.js';

export interface RSIState {
  readonly started: boolean;
  readonly previous: number;
  /** One-bar changes seen so far (capped at the period once the averages are seeded). */
  readonly changes: number;
  readonly gain: number;
  readonly loss: number;
}

/**
 * The two Wilder averages are kept inline (not as two EMA objects): RSI is in every default
 * set, and this halves its cost. The arithmetic is EMA's, operation for operation: the seed is
 * Σ x/n over the first n changes, then avg = x·α + avg·(1−α) with α = 1/n.
 */
export class RSI implements Indicator<number, number, RSIState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly alpha: number;
  private readonly decay: number;
  private started = false;
  private previous = 0;
  private changes = 0;
  /** The seed sums while `changes < period`, then the averages. */
  private gain = 0;
  private loss = 0;

  constructor(readonly period = 14) {
    assertPeriod('RSI', 'period', period);
    this.name = `rsi_${period}`;
    this.warmUp = period;
    this.alpha = 1 / period;
    this.decay = 1 - this.alpha;
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
    if (!this.started) {
      this.started = true;
      this.previous = x;
      return Number.NaN;
    }
    const change = x - this.previous;
    this.previous = x;
    // Math.max compiles to a branch-free instruction: the sign of a price change is a coin flip.
    const up = Math.max(change, 0);
    const down = Math.max(-change, 0);
    if (this.changes >= this.period) {
      this.gain = up * this.alpha + this.gain * this.decay;
      this.loss = down * this.alpha + this.loss * this.decay;
      return RSI.index(this.gain, this.loss);
    }
    this.gain += up / this.period;
    this.loss += down / this.period;
    this.changes++;
    return this.changes === this.period ? RSI.index(this.gain, this.loss) : Number.NaN;
  }

  /** `peek` as a plain number: NaN while warming up. */
  peekValue(x: number): number {
    if (!this.started) return Number.NaN;
    const change = x - this.previous;
    // Math.max compiles to a branch-free instruction: the sign of a price change is a coin flip.
    const up = Math.max(change, 0);
    const down = Math.max(-change, 0);
    if (this.changes >= this.period)
      return RSI.index(up * this.alpha + this.gain * this.decay, down * this.alpha + this.loss * this.decay);
    if (this.changes < this.period - 1) return Number.NaN;
    return RSI.index(this.gain + up / this.period, this.loss + down / this.period);
  }

  /** 100·gain/(gain + loss); 50 with neither. */
  private static index(gain: number, loss: number): number {
    const total = gain + loss;
    return total > 0 ? (100 * gain) / total : 50;
  }

  snapshot(): RSIState {
    return { started: this.started, previous: this.previous, changes: this.changes, gain: this.gain, loss: this.loss };
  }

  restore(state: RSIState): void {
    this.started = state.started;
    this.previous = state.previous;
    this.changes = state.changes;
    this.gain = state.gain;
    this.loss = state.loss;
  }

  reset(): void {
    this.started = false;
    this.previous = 0;
    this.changes = 0;
    this.gain = 0;
    this.loss = 0;
  }
}

export const rsiSpec: IndicatorSpec = {
  name: 'rsi',
  family: 'momentum',
  description: "Wilder's relative strength index, 0–100",
  params: [periodParam('period', 14)],
  outputs: [],
  ttr: 'RSI',
  inDefaultSet: true,
  create: (params) => onClose(new RSI(param(params, 0))),
};
