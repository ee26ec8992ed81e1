/**
 * The %K/%D machinery shared by the stochastic oscillator and the stochastic RSI: where a value
 * sits in the range of the last `period` highs and lows (raw %K), smoothed by SMA(smoothK) into
 * %K and by SMA(smoothD) into %D. Rolling max/min with monotonic deques: O(1) amortised.
 */
import type { RollingExtremumState } from '../support/rolling-extremum.js';
import { RollingExtremum } from '../support/rolling-extremum.js';
import type { SMAState } from '../trend/sma.js';
import { SMA } from '../trend/sma.js';

export type StochasticValue = {
  readonly k: number;
  readonly d: number;
};

export interface StochasticKDState {
  readonly highs: RollingExtremumState;
  readonly lows: RollingExtremumState;
  readonly smoothK: SMAState;
  readonly smoothD: SMAState;
}

export class StochasticKD {
  private readonly highs: RollingExtremum;
  private readonly lows: RollingExtremum;
  private readonly kAverage: SMA;
  private readonly dAverage: SMA;

  /** `factor` scales raw %K (100 for percent, 1 for fractions); periods are checked by the caller. */
  constructor(
    readonly period: number,
    readonly smoothK: number,
    smoothD: number,
    private readonly factor: number,
  ) {
    this.highs = new RollingExtremum(period, 'max');
    this.lows = new RollingExtremum(period, 'min');
    this.kAverage = new SMA(smoothK);
    this.dAverage = new SMA(smoothD);
  }

  next(value: number, high: number, low: number): StochasticValue | null {
    this.highs.push(high);
    this.lows.push(low);
    if (this.highs.count < this.period) return null;
    const raw = this.factor * rawK(value, this.highs.value, this.lows.value);
    const k = this.smoothK === 1 ? raw : this.kAverage.nextValue(raw);
    if (k !== k) return null; // NaN: warming up
    const d = this.dAverage.nextValue(k);
    return d === d ? { k, d } : null;
  }

  peek(value: number, high: number, low: number): StochasticValue | null {
    if (this.highs.count < this.period - 1) return null;
    const raw = this.factor * rawK(value, this.highs.peek(high), this.lows.peek(low));
    const k = this.smoothK === 1 ? raw : this.kAverage.peekValue(raw);
    if (k !== k) return null;
    const d = this.dAverage.peekValue(k);
    return d === d ? { k, d } : null;
  }

  snapshot(): StochasticKDState {
    return {
      highs: this.highs.snapshot(),
      lows: this.lows.snapshot(),
      smoothK: this.kAverage.snapshot(),
      smoothD: this.dAverage.snapshot(),
    };
  }

  restore(state: StochasticKDState): void {
    this.highs.restore(state.highs);
    this.lows.restore(state.lows);
    this.kAverage.restore(state.smoothK);
    this.dAverage.restore(state.smoothD);
  }

  reset(): void {
    this.highs.reset();
    this.lows.reset();
    this.kAverage.reset();
    this.dAverage.reset();
  }
}

/** Where the value sits in the range, 0–1; 0.5 for an empty range. */
export function rawK(value: number, highest: number, lowest: number): number {
  const range = highest - lowest;
  return range > 0 ? (value - lowest) / range : 0.5;
}
