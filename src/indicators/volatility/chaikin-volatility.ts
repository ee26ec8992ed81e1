/**
 * Chaikin volatility: the rate of change, over `period` bars, of the EMA(period) of the bar
 * range (high − low) — widening ranges read positive. TTR `chaikinVolatility(HL, n)`, which
 * returns a fraction; here it is in percent (× 100), as charting packages show it.
 * `{ percent: false }` gives TTR's fraction. Warm-up 2·period − 1 (the EMA's n − 1, then n more).
 * An average range of 0 n bars ago (a long halt) gives 0 instead of ±∞.
 */
import type { Indicator } from '../../core/operator.js';
import { RingBuffer } from '../support/ring-buffer.js';
import { EMA, type EMAState } from '../trend/ema.js';
import type { HighLow, IndicatorSpec } from '../types.js';
import { param, periodParam } from '../support/params.js';

export interface ChaikinVolatilityOptions {
  readonly percent?: boolean;
}

export interface ChaikinVolatilityState {
  readonly average: EMAState;
  /** The last `period` averages, oldest first. */
  readonly history: number[];
}

export class ChaikinVolatility implements Indicator<HighLow, number, ChaikinVolatilityState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly average: EMA;
  private readonly history: RingBuffer;
  private readonly scale: number;

  constructor(
    readonly period = 10,
    options: ChaikinVolatilityOptions = {},
  ) {
    this.average = new EMA(period);
    this.history = new RingBuffer(period);
    this.scale = options.percent === false ? 1 : 100;
    this.name = `chaikin_volatility_${period}`;
    this.warmUp = 2 * period - 1;
  }

  next(bar: HighLow): number | null {
    const average = this.average.nextValue(bar.high - bar.low);
    if (average !== average) return null; // NaN while the EMA warms up
    const value = this.evaluate(average);
    this.history.push(average);
    return value;
  }

  peek(bar: HighLow): number | null {
    const average = this.average.peekValue(bar.high - bar.low);
    return average !== average ? null : this.evaluate(average);
  }

  private evaluate(average: number): number | null {
    if (!this.history.isFull) return null;
    const past = this.history.evictable;
    return past === 0 ? 0 : this.scale * (average / past - 1);
  }

  snapshot(): ChaikinVolatilityState {
    return { average: this.average.snapshot(), history: this.history.toArray() };
  }

  restore(state: ChaikinVolatilityState): void {
    this.average.restore(state.average);
    this.history.fill(state.history);
  }

  reset(): void {
    this.average.reset();
    this.history.clear();
  }
}

export const chaikinVolatilitySpec: IndicatorSpec = {
  name: 'chaikin_volatility',
  family: 'volatility',
  description: 'Chaikin volatility: rate of change of the EMA of the range, in percent',
  params: [periodParam('period', 10)],
  outputs: [],
  ttr: 'chaikinVolatility (× 100)',
  create: (params) => new ChaikinVolatility(param(params, 0)),
};
