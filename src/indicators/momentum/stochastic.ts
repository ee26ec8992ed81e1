/**
 * Stochastic oscillator (Lane). raw %K = (close − lowest low)/(highest high − lowest low) over
 * `period` bars; %K = SMA(raw, smoothK) and %D = SMA(%K, smoothD). smoothK = 1 is the "fast"
 * stochastic, the customary (14, 3, 3) the "slow" one.
 * TTR: `stoch(HLC, nFastK = period, nFastD, nSlowD)` returns fractions; its fastK is raw %K,
 * fastD = SMA(fastK, nFastD) is our %K with smoothK = nFastD, slowD our %D. tickwatch is in
 * percent by default; `{ scale: 'fraction' }` gives TTR's fractions. A window whose high equals
 * its low gives a raw %K of 50% (TTR does so for ±Inf and leaves 0/0 as NaN).
 * Rolling max/min with monotonic deques: O(1) amortised.
 */
import type { Indicator } from '../../core/operator.js';
import { assertPeriod, param, periodParam } from '../support/params.js';
import type { RollingExtremumState } from '../support/rolling-extremum.js';
import { RollingExtremum } from '../support/rolling-extremum.js';
import type { SMAState } from '../trend/sma.js';
import { SMA } from '../trend/sma.js';
import type { HighLowClose, IndicatorSpec } from '../types.js';
import type { OscillatorScale } from './scale.js';
import { scaleFactor } from './scale.js';

export type StochasticValue = {
  readonly k: number;
  readonly d: number;
};

export interface StochasticOptions {
  readonly scale?: OscillatorScale;
}

export interface StochasticState {
  readonly highs: RollingExtremumState;
  readonly lows: RollingExtremumState;
  readonly smoothK: SMAState;
  readonly smoothD: SMAState;
}

export class Stochastic implements Indicator<HighLowClose, StochasticValue, StochasticState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly highs: RollingExtremum;
  private readonly lows: RollingExtremum;
  private readonly kAverage: SMA;
  private readonly dAverage: SMA;
  private readonly factor: number;

  constructor(
    readonly period = 14,
    readonly smoothK = 3,
    readonly smoothD = 3,
    options: StochasticOptions = {},
  ) {
    assertPeriod('Stochastic', 'period', period);
    assertPeriod('Stochastic', 'smoothK', smoothK);
    assertPeriod('Stochastic', 'smoothD', smoothD);
    this.name = `stoch_${period}_${smoothK}_${smoothD}`;
    this.warmUp = period - 1 + smoothK - 1 + smoothD - 1;
    this.highs = new RollingExtremum(period, 'max');
    this.lows = new RollingExtremum(period, 'min');
    this.kAverage = new SMA(smoothK);
    this.dAverage = new SMA(smoothD);
    this.factor = scaleFactor(options.scale);
  }

  next(bar: HighLowClose): StochasticValue | null {
    this.highs.push(bar.high);
    this.lows.push(bar.low);
    if (this.highs.count < this.period) return null;
    const raw = this.factor * rawK(bar.close, this.highs.value, this.lows.value);
    const k = this.smoothK === 1 ? raw : this.kAverage.nextValue(raw);
    if (k !== k) return null; // NaN: warming up
    const d = this.dAverage.nextValue(k);
    return d === d ? { k, d } : null;
  }

  peek(bar: HighLowClose): StochasticValue | null {
    if (this.highs.count < this.period - 1) return null;
    const raw = this.factor * rawK(bar.close, this.highs.peek(bar.high), this.lows.peek(bar.low));
    const k = this.smoothK === 1 ? raw : this.kAverage.peekValue(raw);
    if (k !== k) return null;
    const d = this.dAverage.peekValue(k);
    return d === d ? { k, d } : null;
  }

  snapshot(): StochasticState {
    return {
      highs: this.highs.snapshot(),
      lows: this.lows.snapshot(),
      smoothK: this.kAverage.snapshot(),
      smoothD: this.dAverage.snapshot(),
    };
  }

  restore(state: StochasticState): void {
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

/** Where the close sits in the range, 0–1; 0.5 for an empty range. */
export function rawK(close: number, highest: number, lowest: number): number {
  const range = highest - lowest;
  return range > 0 ? (close - lowest) / range : 0.5;
}

export const stochasticSpec: IndicatorSpec = {
  name: 'stoch',
  family: 'momentum',
  description: 'Stochastic oscillator %K/%D in percent (slow with smoothK = 3, fast with 1)',
  params: [periodParam('period', 14), periodParam('smoothK', 3), periodParam('smoothD', 3)],
  outputs: ['k', 'd'],
  ttr: 'stoch',
  inDefaultSet: true,
  create: (params) => new Stochastic(param(params, 0), param(params, 1), param(params, 2)),
};
