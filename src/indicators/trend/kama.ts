/**
 * Kaufman's adaptive moving average. The efficiency ratio ER = |x − x[n]| / Σ|Δx| over the last
 * n changes sets the smoothing: sc = (ER·(f − s) + s)², f = 2/(fast+1), s = 2/(slow+1), and
 * kama += sc·(x − kama). Seeded with the close of input n−1 (as TA-Lib), so the first value is
 * input n. TTR has no KAMA; the test checks it against a batch recomputation.
 * A window without any change (ER = 0/0) counts as ER = 0: no trend, slowest smoothing.
 */
import type { Indicator } from '../../core/operator.js';
import { onClose } from '../support/bar-input.js';
import { assertPeriod, param, periodParam } from '../support/params.js';
import { RingBuffer } from '../support/ring-buffer.js';
import type { RunningSumState } from '../support/running-sum.js';
import { RunningSum } from '../support/running-sum.js';
import type { IndicatorSpec } from '../types.js';

export interface KAMAState {
  /** The last n+1 inputs. */
  readonly prices: number[];
  /** The last n absolute changes. */
  readonly changes: number[];
  readonly volatility: RunningSumState;
  readonly value: number;
}

export class KAMA implements Indicator<number, number, KAMAState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly prices: RingBuffer;
  private readonly changes: RingBuffer;
  private readonly volatility = new RunningSum();
  private readonly fastAlpha: number;
  private readonly slowAlpha: number;
  private value = 0;

  constructor(
    readonly period = 10,
    readonly fast = 2,
    readonly slow = 30,
  ) {
    assertPeriod('KAMA', 'period', period);
    assertPeriod('KAMA', 'fast', fast);
    assertPeriod('KAMA', 'slow', slow);
    this.name = `kama_${period}_${fast}_${slow}`;
    this.warmUp = period;
    this.prices = new RingBuffer(period + 1);
    this.changes = new RingBuffer(period);
    this.fastAlpha = 2 / (fast + 1);
    this.slowAlpha = 2 / (slow + 1);
  }

  next(x: number): number | null {
    const seen = this.prices.length;
    if (seen > 0) {
      const change = Math.abs(x - this.prices.fromNewest(0));
      if (this.changes.isFull) this.volatility.slide(change, this.changes.evictable);
      else this.volatility.add(change);
      this.changes.push(change);
    }
    if (seen === this.period - 1) this.value = x; // the seed
    this.prices.push(x);
    if (seen < this.period) return null;
    this.value = this.step(x, this.prices.at(0), this.volatility.value, this.value);
    return this.value;
  }

  peek(x: number): number | null {
    const seen = this.prices.length;
    if (seen < this.period) return null;
    const change = Math.abs(x - this.prices.fromNewest(0));
    const volatility = this.changes.isFull
      ? this.volatility.valueAfter(change, this.changes.evictable)
      : this.volatility.valueAfter(change);
    // The price n inputs back: once x is in, the oldest of the n+1 kept.
    const past = this.prices.isFull ? this.prices.at(1) : this.prices.at(0);
    return this.step(x, past, volatility, this.value);
  }

  private step(x: number, past: number, volatility: number, previous: number): number {
    const efficiency = volatility > 0 ? Math.abs(x - past) / volatility : 0;
    const root = efficiency * (this.fastAlpha - this.slowAlpha) + this.slowAlpha;
    return previous + root * root * (x - previous);
  }

  snapshot(): KAMAState {
    return {
      prices: this.prices.toArray(),
      changes: this.changes.toArray(),
      volatility: this.volatility.snapshot(),
      value: this.value,
    };
  }

  restore(state: KAMAState): void {
    this.prices.fill(state.prices);
    this.changes.fill(state.changes);
    this.volatility.restore(state.volatility);
    this.value = state.value;
  }

  reset(): void {
    this.prices.clear();
    this.changes.clear();
    this.volatility.reset();
    this.value = 0;
  }
}

export const kamaSpec: IndicatorSpec = {
  name: 'kama',
  family: 'trend',
  description: "Kaufman's adaptive moving average",
  params: [periodParam('period', 10), periodParam('fast', 2), periodParam('slow', 30)],
  outputs: [],
  create: (params) => onClose(new KAMA(param(params, 0), param(params, 1), param(params, 2))),
};
