/**
 * Commodity channel index (Lambert): (tp − SMA(tp))/(c · mean deviation), tp = (high + low +
 * close)/3 (correctly rounded, as R's mean), c = 0.015, the mean absolute deviation taken around the *current* SMA. TTR:
 * `CCI(HLC, n, c = 0.015)`; first value input n−1. A window with no deviation gives 0 (TTR: NaN).
 *
 * Cost: the mean deviation is O(n) per update, and that is inherent: the centre moves with
 * every bar, so every |tp_k − mean| changes. The best exact alternative keeps the window in a
 * balanced tree with subtree sums (Σ|x − m| = Σ_{x>m} x − Σ_{x<m} x + m·(count below − count
 * above)), O(log n) per update; for the customary n ≤ 100 a single pass over a contiguous
 * Float64Array (≈ n ns) is faster than any tree, so tickwatch does that. SMA is O(1).
 */
import type { Indicator } from '../../core/operator.js';
import { assertPeriod, assertPositive, param, periodParam } from '../support/params.js';
import { RingBuffer } from '../support/ring-buffer.js';
import type { RunningSumState } from '../support/running-sum.js';
import { RunningSum } from '../support/running-sum.js';
import type { HighLowClose, IndicatorSpec } from '../types.js';
import { typicalPrice } from '../volatility/typical-price.js';

export interface CCIState {
  readonly window: number[];
  readonly sum: RunningSumState;
}

export class CCI implements Indicator<HighLowClose, number, CCIState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly window: RingBuffer;
  private readonly sum = new RunningSum();

  constructor(
    readonly period = 20,
    readonly constant = 0.015,
  ) {
    assertPeriod('CCI', 'period', period);
    assertPositive('CCI', 'constant', constant);
    this.name = `cci_${period}`;
    this.warmUp = period - 1;
    this.window = new RingBuffer(period);
  }

  next(bar: HighLowClose): number | null {
    const typical = typicalPrice(bar);
    if (this.window.isFull) this.sum.slide(typical, this.window.evictable);
    else this.sum.add(typical);
    this.window.push(typical);
    if (!this.window.isFull) return null;
    const mean = this.sum.value / this.period;
    let deviation = 0;
    for (let k = 0; k < this.period; k++) deviation += Math.abs(this.window.at(k) - mean);
    return this.index(typical, mean, deviation / this.period);
  }

  peek(bar: HighLowClose): number | null {
    const typical = typicalPrice(bar);
    const full = this.window.isFull;
    if (!full && this.window.length < this.period - 1) return null;
    const mean =
      (full ? this.sum.valueAfter(typical, this.window.evictable) : this.sum.valueAfter(typical)) / this.period;
    // The window after next(typical): without its oldest value if full, with typical last.
    let deviation = 0;
    for (let k = full ? 1 : 0; k < this.window.length; k++) deviation += Math.abs(this.window.at(k) - mean);
    deviation += Math.abs(typical - mean);
    return this.index(typical, mean, deviation / this.period);
  }

  private index(typical: number, mean: number, meanDeviation: number): number {
    return meanDeviation > 0 ? (typical - mean) / (this.constant * meanDeviation) : 0;
  }

  snapshot(): CCIState {
    return { window: this.window.toArray(), sum: this.sum.snapshot() };
  }

  restore(state: CCIState): void {
    this.window.fill(state.window);
    this.sum.restore(state.sum);
  }

  reset(): void {
    this.window.clear();
    this.sum.reset();
  }
}

export const cciSpec: IndicatorSpec = {
  name: 'cci',
  family: 'momentum',
  description: 'Commodity channel index of the typical price',
  params: [periodParam('period', 20), { name: 'constant', default: 0.015, min: 1e-6 }],
  outputs: [],
  ttr: 'CCI',
  create: (params) => new CCI(param(params, 0), param(params, 1)),
};
