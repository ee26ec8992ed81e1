/**
 * Chaikin oscillator: EMA(fast) − EMA(slow) of the accumulation/distribution line, 3 and 10 by
 * default — the momentum of buying and selling pressure. Both EMAs are TTR's (seeded with the
 * simple mean), so this is TTR's `EMA(chaikinAD(HLC, v), 3) − EMA(chaikinAD(HLC, v), 10)`; the
 * first value is at bar slow − 1.
 */
import type { Indicator } from '../../core/operator.js';
import type { RunningSumState } from '../support/running-sum.js';
import { EMA, type EMAState } from '../trend/ema.js';
import type { HighLowCloseVolume, IndicatorSpec } from '../types.js';
import { AccumulationDistribution } from './accumulation-distribution.js';
import { param, periodParam } from '../support/params.js';

export interface ChaikinOscillatorState {
  readonly line: RunningSumState;
  readonly fast: EMAState;
  readonly slow: EMAState;
}

export class ChaikinOscillator implements Indicator<HighLowCloseVolume, number, ChaikinOscillatorState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly line = new AccumulationDistribution();
  private readonly fast: EMA;
  private readonly slow: EMA;

  constructor(
    readonly fastPeriod = 3,
    readonly slowPeriod = 10,
  ) {
    if (fastPeriod >= slowPeriod) {
      throw new Error(`Chaikin oscillator: fastPeriod (${fastPeriod}) must be shorter than slowPeriod (${slowPeriod})`);
    }
    this.fast = new EMA(fastPeriod);
    this.slow = new EMA(slowPeriod);
    this.name = `chaikin_oscillator_${fastPeriod}_${slowPeriod}`;
    this.warmUp = this.slow.warmUp;
  }

  next(bar: HighLowCloseVolume): number | null {
    const ad = this.line.next(bar);
    return difference(this.fast.nextValue(ad), this.slow.nextValue(ad));
  }

  peek(bar: HighLowCloseVolume): number | null {
    const ad = this.line.peek(bar);
    return difference(this.fast.peekValue(ad), this.slow.peekValue(ad));
  }

  snapshot(): ChaikinOscillatorState {
    return { line: this.line.snapshot(), fast: this.fast.snapshot(), slow: this.slow.snapshot() };
  }

  restore(state: ChaikinOscillatorState): void {
    this.line.restore(state.line);
    this.fast.restore(state.fast);
    this.slow.restore(state.slow);
  }

  reset(): void {
    this.line.reset();
    this.fast.reset();
    this.slow.reset();
  }
}

/** fast − slow, or null while either EMA warms up (NaN). */
function difference(fast: number, slow: number): number | null {
  const value = fast - slow;
  return value === value ? value : null;
}

export const chaikinOscillatorSpec: IndicatorSpec = {
  name: 'chaikin_oscillator',
  family: 'volume',
  description: 'Chaikin oscillator: EMA(fast) − EMA(slow) of the accumulation/distribution line',
  params: [periodParam('fastPeriod', 3), periodParam('slowPeriod', 10)],
  outputs: [],
  ttr: 'EMA(chaikinAD, fast) - EMA(chaikinAD, slow)',
  create: (params) => new ChaikinOscillator(param(params, 0), param(params, 1)),
};
