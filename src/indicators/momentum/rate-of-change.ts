/**
 * Rate of change over n bars. `type`:
 *  - 'percent' (default, the charting convention): 100·(x/x[n] − 1)
 *  - 'discrete' (TTR's `ROC(x, n, type = "discrete")`): x/x[n] − 1
 *  - 'continuous' (TTR's default, `ROC(x, n)`): log(x/x[n])
 * First value: input n. Prices must be positive.
 */
import type { Indicator } from '../../core/operator.js';
import { onClose } from '../support/bar-input.js';
import { assertPeriod, param, periodParam } from '../support/params.js';
import { RingBuffer } from '../support/ring-buffer.js';
import type { IndicatorSpec } from '../types.js';

export type RateOfChangeType = 'percent' | 'discrete' | 'continuous';

export interface RateOfChangeState {
  readonly window: number[];
}

export class RateOfChange implements Indicator<number, number, RateOfChangeState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly window: RingBuffer;

  constructor(
    readonly period = 10,
    readonly type: RateOfChangeType = 'percent',
  ) {
    assertPeriod('RateOfChange', 'period', period);
    this.name = type === 'percent' ? `roc_${period}` : `roc_${period}_${type}`;
    this.warmUp = period;
    this.window = new RingBuffer(period);
  }

  next(x: number): number | null {
    const past = this.window.push(x);
    return Number.isNaN(past) ? null : this.change(x, past);
  }

  peek(x: number): number | null {
    return this.window.isFull ? this.change(x, this.window.evictable) : null;
  }

  private change(x: number, past: number): number {
    if (this.type === 'continuous') return Math.log(x / past);
    return this.type === 'discrete' ? x / past - 1 : 100 * (x / past - 1);
  }

  snapshot(): RateOfChangeState {
    return { window: this.window.toArray() };
  }

  restore(state: RateOfChangeState): void {
    this.window.fill(state.window);
  }

  reset(): void {
    this.window.clear();
  }
}

export const rateOfChangeSpec: IndicatorSpec = {
  name: 'roc',
  family: 'momentum',
  description: 'Rate of change of the close over n bars, in percent',
  params: [periodParam('period', 10)],
  outputs: [],
  ttr: 'ROC(type = "discrete") × 100',
  create: (params) => onClose(new RateOfChange(param(params, 0))),
};
