/**
 * Stochastic RSI (Chande & Kroll): the stochastic oscillator applied to RSI values:
 * raw = (RSI − min RSI)/(max RSI − min RSI) over `stochPeriod`, %K = SMA(raw, smoothK),
 * %D = SMA(%K, smoothD). In percent by default, `{ scale: 'fraction' }` for 0–1.
 * TTR has no StochRSI function, but its stochastics accept a single series: the fixture is
 * `stoch(RSI(cl, 14), 14, 3, 3)`, whose fastD/slowD are %K/%D here. A flat RSI window gives 50%.
 */
import type { Indicator } from '../../core/operator.js';
import { onClose } from '../support/bar-input.js';
import { assertPeriod, param, periodParam } from '../support/params.js';
import type { IndicatorSpec } from '../types.js';
import type { RSIState } from './rsi.js';
import { RSI } from './rsi.js';
import type { OscillatorScale } from './scale.js';
import { scaleFactor } from './scale.js';
import type { StochasticKDState, StochasticValue } from './stochastic-kd.js';
import { StochasticKD } from './stochastic-kd.js';

export interface StochasticRSIOptions {
  readonly scale?: OscillatorScale;
}

export interface StochasticRSIState extends StochasticKDState {
  readonly rsi: RSIState;
}

export class StochasticRSI implements Indicator<number, StochasticValue, StochasticRSIState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly rsi: RSI;
  private readonly kd: StochasticKD;

  constructor(
    readonly rsiPeriod = 14,
    readonly stochPeriod = 14,
    readonly smoothK = 3,
    readonly smoothD = 3,
    options: StochasticRSIOptions = {},
  ) {
    assertPeriod('StochasticRSI', 'stochPeriod', stochPeriod);
    assertPeriod('StochasticRSI', 'smoothK', smoothK);
    assertPeriod('StochasticRSI', 'smoothD', smoothD);
    this.rsi = new RSI(rsiPeriod);
    this.name = `stochrsi_${rsiPeriod}_${stochPeriod}_${smoothK}_${smoothD}`;
    this.warmUp = rsiPeriod + stochPeriod - 1 + smoothK - 1 + smoothD - 1;
    this.kd = new StochasticKD(stochPeriod, smoothK, smoothD, scaleFactor(options.scale));
  }

  next(x: number): StochasticValue | null {
    const rsi = this.rsi.nextValue(x);
    if (rsi !== rsi) return null; // NaN: warming up
    return this.kd.next(rsi, rsi, rsi);
  }

  peek(x: number): StochasticValue | null {
    const rsi = this.rsi.peekValue(x);
    return rsi !== rsi ? null : this.kd.peek(rsi, rsi, rsi);
  }

  snapshot(): StochasticRSIState {
    return { rsi: this.rsi.snapshot(), ...this.kd.snapshot() };
  }

  restore(state: StochasticRSIState): void {
    this.rsi.restore(state.rsi);
    this.kd.restore(state);
  }

  reset(): void {
    this.rsi.reset();
    this.kd.reset();
  }
}

export const stochasticRsiSpec: IndicatorSpec = {
  name: 'stochrsi',
  family: 'momentum',
  description: 'Stochastic oscillator of the RSI, %K/%D in percent',
  params: [
    periodParam('rsiPeriod', 14),
    periodParam('stochPeriod', 14),
    periodParam('smoothK', 3),
    periodParam('smoothD', 3),
  ],
  outputs: ['k', 'd'],
  ttr: 'stoch(RSI(x, n))',
  create: (params) =>
    onClose(new StochasticRSI(param(params, 0), param(params, 1), param(params, 2), param(params, 3))),
};
