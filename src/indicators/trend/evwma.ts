/**
 * Elastic volume-weighted moving average (Fries): each bar moves the average toward its close by
 * its share of the volume of the last n bars: evwma = ((V − v)·evwma + v·close)/V, V the n-bar
 * volume sum. TTR: `EVWMA(price, volume, n)`: the first value (input n − 1) is that close. A
 * window without volume leaves the average where it was (TTR: NaN).
 */
import type { Indicator } from '../../core/operator.js';
import { assertPeriod, param, periodParam } from '../support/params.js';
import { RingBuffer } from '../support/ring-buffer.js';
import type { RunningSumState } from '../support/running-sum.js';
import { RunningSum } from '../support/running-sum.js';
import type { CloseVolume, IndicatorSpec } from '../types.js';

export interface EVWMAState {
  readonly volumes: number[];
  readonly volume: RunningSumState;
  readonly value: number;
}

export class EVWMA implements Indicator<CloseVolume, number, EVWMAState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly volumes: RingBuffer;
  private readonly volume = new RunningSum();
  private value = 0;

  constructor(readonly period = 20) {
    assertPeriod('EVWMA', 'period', period);
    this.name = `evwma_${period}`;
    this.warmUp = period - 1;
    this.volumes = new RingBuffer(period);
  }

  next(bar: CloseVolume): number | null {
    const full = this.volumes.isFull;
    if (full) this.volume.slide(bar.volume, this.volumes.evictable);
    else this.volume.add(bar.volume);
    this.volumes.push(bar.volume);
    if (full) this.value = this.step(bar, this.volume.value);
    else if (this.volumes.isFull)
      this.value = bar.close; // the first value
    else return null;
    return this.value;
  }

  peek(bar: CloseVolume): number | null {
    if (this.volumes.isFull) return this.step(bar, this.volume.valueAfter(bar.volume, this.volumes.evictable));
    return this.volumes.length === this.period - 1 ? bar.close : null;
  }

  private step(bar: CloseVolume, volumeSum: number): number {
    return volumeSum > 0 ? ((volumeSum - bar.volume) * this.value + bar.volume * bar.close) / volumeSum : this.value;
  }

  snapshot(): EVWMAState {
    return { volumes: this.volumes.toArray(), volume: this.volume.snapshot(), value: this.value };
  }

  restore(state: EVWMAState): void {
    this.volumes.fill(state.volumes);
    this.volume.restore(state.volume);
    this.value = state.value;
  }

  reset(): void {
    this.volumes.clear();
    this.volume.reset();
    this.value = 0;
  }
}

export const evwmaSpec: IndicatorSpec = {
  name: 'evwma',
  family: 'trend',
  description: 'Elastic volume-weighted moving average of the close',
  params: [periodParam('period', 20)],
  outputs: [],
  ttr: 'EVWMA',
  create: (params) => new EVWMA(param(params, 0)),
};
