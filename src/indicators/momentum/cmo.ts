/**
 * Chande momentum oscillator: 100·(ΣU − ΣD)/(ΣU + ΣD) over the last n one-bar gains U and
 * losses D. TTR: `CMO(x, n)`; first value input n. A window without any change gives 0
 * (TTR: 0/0 = NaN). O(1): ring buffers and compensated running sums.
 */
import type { Indicator } from '../../core/operator.js';
import { onClose } from '../support/bar-input.js';
import { assertPeriod, param, periodParam } from '../support/params.js';
import { RingBuffer } from '../support/ring-buffer.js';
import type { RunningSumState } from '../support/running-sum.js';
import { RunningSum } from '../support/running-sum.js';
import type { IndicatorSpec } from '../types.js';

export interface CMOState {
  readonly started: boolean;
  readonly previous: number;
  readonly gains: number[];
  readonly losses: number[];
  readonly gainSum: RunningSumState;
  readonly lossSum: RunningSumState;
}

export class CMO implements Indicator<number, number, CMOState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly gains: RingBuffer;
  private readonly losses: RingBuffer;
  private readonly gainSum = new RunningSum();
  private readonly lossSum = new RunningSum();
  private started = false;
  private previous = 0;

  constructor(readonly period = 14) {
    assertPeriod('CMO', 'period', period);
    this.name = `cmo_${period}`;
    this.warmUp = period;
    this.gains = new RingBuffer(period);
    this.losses = new RingBuffer(period);
  }

  next(x: number): number | null {
    if (!this.started) {
      this.started = true;
      this.previous = x;
      return null;
    }
    const change = x - this.previous;
    this.previous = x;
    const gain = change > 0 ? change : 0;
    const loss = change < 0 ? -change : 0;
    if (this.gains.isFull) {
      this.gainSum.slide(gain, this.gains.evictable);
      this.lossSum.slide(loss, this.losses.evictable);
    } else {
      this.gainSum.add(gain);
      this.lossSum.add(loss);
    }
    this.gains.push(gain);
    this.losses.push(loss);
    return this.gains.isFull ? CMO.oscillator(this.gainSum.value, this.lossSum.value) : null;
  }

  peek(x: number): number | null {
    if (!this.started) return null;
    const change = x - this.previous;
    const gain = change > 0 ? change : 0;
    const loss = change < 0 ? -change : 0;
    if (this.gains.isFull) {
      return CMO.oscillator(
        this.gainSum.valueAfter(gain, this.gains.evictable),
        this.lossSum.valueAfter(loss, this.losses.evictable),
      );
    }
    if (this.gains.length < this.period - 1) return null;
    return CMO.oscillator(this.gainSum.valueAfter(gain), this.lossSum.valueAfter(loss));
  }

  private static oscillator(gains: number, losses: number): number {
    const total = gains + losses;
    return total > 0 ? (100 * (gains - losses)) / total : 0;
  }

  snapshot(): CMOState {
    return {
      started: this.started,
      previous: this.previous,
      gains: this.gains.toArray(),
      losses: this.losses.toArray(),
      gainSum: this.gainSum.snapshot(),
      lossSum: this.lossSum.snapshot(),
    };
  }

  restore(state: CMOState): void {
    this.started = state.started;
    this.previous = state.previous;
    this.gains.fill(state.gains);
    this.losses.fill(state.losses);
    this.gainSum.restore(state.gainSum);
    this.lossSum.restore(state.lossSum);
  }

  reset(): void {
    this.started = false;
    this.previous = 0;
    this.gains.clear();
    this.losses.clear();
    this.gainSum.reset();
    this.lossSum.reset();
  }
}

export const cmoSpec: IndicatorSpec = {
  name: 'cmo',
  family: 'momentum',
  description: 'Chande momentum oscillator, −100 to 100',
  params: [periodParam('period', 14)],
  outputs: [],
  ttr: 'CMO',
  create: (params) => onClose(new CMO(param(params, 0))),
};
