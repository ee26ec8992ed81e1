/**
 * Relative strength index (Wilder): 100·U/(U + D), U and D Wilder's averages of the one-bar
 * gains and losses, each seeded with the simple mean of the first n. TTR: `RSI(x, n)`; the
 * first value is input n. A window without any change (TTR: 0/0 = NaN) gives 50.
 */
import type { Indicator } from '../../core/operator.js';
import { onClose } from '../support/bar-input.js';
import { assertPeriod, param, periodParam } from '../support/params.js';
import type { EMAState } from '../trend/ema.js';
import { EMA } from '../trend/ema.js';
import type { IndicatorSpec } from '../types.js';

export interface RSIState {
  readonly started: boolean;
  readonly previous: number;
  readonly gains: EMAState;
  readonly losses: EMAState;
}

export class RSI implements Indicator<number, number, RSIState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly gains: EMA;
  private readonly losses: EMA;
  private started = false;
  private previous = 0;

  constructor(readonly period = 14) {
    assertPeriod('RSI', 'period', period);
    this.name = `rsi_${period}`;
    this.warmUp = period;
    this.gains = new EMA(period, { wilder: true });
    this.losses = new EMA(period, { wilder: true });
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
    const gain = this.gains.nextValue(change > 0 ? change : 0);
    const loss = this.losses.nextValue(change < 0 ? -change : 0);
    return RSI.index(gain, loss);
  }

  /** `peek` as a plain number: NaN while warming up. */
  peekValue(x: number): number {
    if (!this.started) return Number.NaN;
    const change = x - this.previous;
    return RSI.index(this.gains.peekValue(change > 0 ? change : 0), this.losses.peekValue(change < 0 ? -change : 0));
  }

  /** 100·gain/(gain + loss); 50 with neither; NaN (warming up) if either is NaN. */
  private static index(gain: number, loss: number): number {
    const total = gain + loss;
    if (total !== total) return Number.NaN;
    return total > 0 ? (100 * gain) / total : 50;
  }

  snapshot(): RSIState {
    return {
      started: this.started,
      previous: this.previous,
      gains: this.gains.snapshot(),
      losses: this.losses.snapshot(),
    };
  }

  restore(state: RSIState): void {
    this.started = state.started;
    this.previous = state.previous;
    this.gains.restore(state.gains);
    this.losses.restore(state.losses);
  }

  reset(): void {
    this.started = false;
    this.previous = 0;
    this.gains.reset();
    this.losses.reset();
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
