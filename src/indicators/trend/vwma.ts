/**
 * Volume-weighted moving average: Σ close·volume / Σ volume over the last n bars. TTR:
 * `VWMA(price, volume, n)` (which TTR also exports as its rolling `VWAP`). A window with no
 * volume at all (TTR: 0/0 = NaN) gives the plain mean of its closes instead.
 */
import type { Indicator } from '../../core/operator.js';
import { assertPeriod, param, periodParam } from '../support/params.js';
import { RingBuffer } from '../support/ring-buffer.js';
import type { RunningSumState } from '../support/running-sum.js';
import { RunningSum } from '../support/running-sum.js';
import type { CloseVolume, IndicatorSpec } from '../types.js';

export interface VWMAState {
  readonly prices: number[];
  readonly volumes: number[];
  readonly priceVolume: RunningSumState;
  readonly volume: RunningSumState;
  readonly price: RunningSumState;
}

export class VWMA implements Indicator<CloseVolume, number, VWMAState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly prices: RingBuffer;
  private readonly volumes: RingBuffer;
  private readonly priceVolume = new RunningSum();
  private readonly volume = new RunningSum();
  private readonly price = new RunningSum();

  constructor(readonly period: number) {
    assertPeriod('VWMA', 'period', period);
    this.name = `vwma_${period}`;
    this.warmUp = period - 1;
    this.prices = new RingBuffer(period);
    this.volumes = new RingBuffer(period);
  }

  next(bar: CloseVolume): number | null {
    const { close, volume } = bar;
    if (this.prices.isFull) {
      const oldPrice = this.prices.evictable;
      const oldVolume = this.volumes.evictable;
      this.priceVolume.slide(close * volume, oldPrice * oldVolume);
      this.volume.slide(volume, oldVolume);
      this.price.slide(close, oldPrice);
    } else {
      this.priceVolume.add(close * volume);
      this.volume.add(volume);
      this.price.add(close);
    }
    this.prices.push(close);
    this.volumes.push(volume);
    if (!this.prices.isFull) return null;
    return this.average(this.priceVolume.value, this.volume.value, this.price.value);
  }

  peek(bar: CloseVolume): number | null {
    const { close, volume } = bar;
    if (this.prices.isFull) {
      const oldPrice = this.prices.evictable;
      const oldVolume = this.volumes.evictable;
      return this.average(
        this.priceVolume.valueAfter(close * volume, oldPrice * oldVolume),
        this.volume.valueAfter(volume, oldVolume),
        this.price.valueAfter(close, oldPrice),
      );
    }
    if (this.prices.length < this.period - 1) return null;
    return this.average(
      this.priceVolume.valueAfter(close * volume),
      this.volume.valueAfter(volume),
      this.price.valueAfter(close),
    );
  }

  private average(priceVolume: number, volume: number, price: number): number {
    return volume > 0 ? priceVolume / volume : price / this.period;
  }

  snapshot(): VWMAState {
    return {
      prices: this.prices.toArray(),
      volumes: this.volumes.toArray(),
      priceVolume: this.priceVolume.snapshot(),
      volume: this.volume.snapshot(),
      price: this.price.snapshot(),
    };
  }

  restore(state: VWMAState): void {
    this.prices.fill(state.prices);
    this.volumes.fill(state.volumes);
    this.priceVolume.restore(state.priceVolume);
    this.volume.restore(state.volume);
    this.price.restore(state.price);
  }

  reset(): void {
    this.prices.clear();
    this.volumes.clear();
    this.priceVolume.reset();
    this.volume.reset();
    this.price.reset();
  }
}

export const vwmaSpec: IndicatorSpec = {
  name: 'vwma',
  family: 'trend',
  description: 'Volume-weighted moving average of the close over a rolling window',
  params: [periodParam('period', 20)],
  outputs: [],
  ttr: 'VWMA',
  create: (params) => new VWMA(param(params, 0)),
};
