/**
 * Stochastic oscillator (Lane). raw %K = (close − lowest low)/(highest high − lowest low) over
 * `period` bars; %K = SMA(raw, smoothK) and %D = SMA(%K, smoothD). smoothK = 1 is the "fast"
 * stochastic, the customary (14, 3, 3) the "slow" one.
 * TTR: `stoch(HLC, nFastK = period, nFastD, nSlowD)` returns fractions; its fastK is raw %K,
 * fastD = SMA(fastK, nFastD) is our %K with smoothK = nFastD, slowD our %D. tickwatch is in
 * percent by default; `{ scale: 'fraction' }` gives TTR's fractions. A window whose high equals
 * its low gives a raw %K of 50% (TTR does so for ±Inf and leaves 0/0 as NaN).
 * The %K/%D machinery (O(1) amortised) is shared with StochasticRSI in stochastic-kd.ts.
 */
import type { Indicator } from '../../core/operator.js';
import { assertPeriod, param, periodParam } from '../support/params.js';
import type { HighLowClose, IndicatorSpec } from '../types.js';
import type { OscillatorScale } from './scale.js';
import { scaleFactor } from './scale.js';
import type { StochasticKDState, StochasticValue } from './stochastic-kd.js';
import { StochasticKD } from './stochastic-kd.js';

export type { StochasticValue } from './stochastic-kd.js';

export interface StochasticOptions {
  readonly scale?: OscillatorScale;
}

export type StochasticState = StochasticKDState;

export class Stochastic implements Indicator<HighLowClose, StochasticValue, StochasticState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly kd: StochasticKD;

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
    this.kd = new StochasticKD(period, smoothK, smoothD, scaleFactor(options.scale));
  }

  next(bar: HighLowClose): StochasticValue | null {
    return this.kd.next(bar.close, bar.high, bar.low);
  }

  peek(bar: HighLowClose): StochasticValue | null {
    return this.kd.peek(bar.close, bar.high, bar.low);
  }

  snapshot(): StochasticState {
    return this.kd.snapshot();
  }

  restore(state: StochasticState): void {
    this.kd.restore(state);
  }

  reset(): void {
    this.kd.reset();
  }
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
