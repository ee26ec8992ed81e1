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
import type { RollingExtremumState } from '../support/rolling-extremum.js';
import { RollingExtremum } from '../support/rolling-extremum.js';
import type { SMAState } from '../trend/sma.js';
import { SMA } from '../trend/sma.js';
import type { IndicatorSpec } from '../types.js';
import type { RSIState } from './rsi.js';
import { RSI } from './rsi.js';
import type { OscillatorScale } from './scale.js';
import { scaleFactor } from './scale.js';
import type { StochasticValue } from './stochastic.js';
import { rawK } from './stochastic.js';

export interface StochasticRSIOptions {
  readonly scale?: OscillatorScale;
}

export interface StochasticRSIState {
  readonly rsi: RSIState;
  readonly highs: RollingExtremumState;
  readonly lows: RollingExtremumState;
  readonly smoothK: SMAState;
  readonly smoothD: SMAState;
}

export class StochasticRSI implements Indicator<number, StochasticValue, StochasticRSIState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly rsi: RSI;
  private readonly highs: RollingExtremum;
  private readonly lows: RollingExtremum;
  private readonly kAverage: SMA;
  private readonly dAverage: SMA;
  private readonly factor: number;

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
    this.highs = new RollingExtremum(stochPeriod, 'max');
    this.lows = new RollingExtremum(stochPeriod, 'min');
    this.kAverage = new SMA(smoothK);
    this.dAverage = new SMA(smoothD);
    this.factor = scaleFactor(options.scale);
  }

  next(x: number): StochasticValue | null {
    const rsi = this.rsi.nextValue(x);
    if (rsi !== rsi) return null; // NaN: warming up
    this.highs.push(rsi);
    this.lows.push(rsi);
    if (this.highs.count < this.stochPeriod) return null;
    const raw = this.factor * rawK(rsi, this.highs.value, this.lows.value);
    const k = this.smoothK === 1 ? raw : this.kAverage.nextValue(raw);
    if (k !== k) return null;
    const d = this.dAverage.nextValue(k);
    return d === d ? { k, d } : null;
  }

  peek(x: number): StochasticValue | null {
    const rsi = this.rsi.peekValue(x);
    if (rsi !== rsi || this.highs.count < this.stochPeriod - 1) return null;
    const raw = this.factor * rawK(rsi, this.highs.peek(rsi), this.lows.peek(rsi));
    const k = this.smoothK === 1 ? raw : this.kAverage.peekValue(raw);
    if (k !== k) return null;
    const d = this.dAverage.peekValue(k);
    return d === d ? { k, d } : null;
  }

  snapshot(): StochasticRSIState {
    return {
      rsi: this.rsi.snapshot(),
      highs: this.highs.snapshot(),
      lows: this.lows.snapshot(),
      smoothK: this.kAverage.snapshot(),
      smoothD: this.dAverage.snapshot(),
    };
  }

  restore(state: StochasticRSIState): void {
    this.rsi.restore(state.rsi);
    this.highs.restore(state.highs);
    this.lows.restore(state.lows);
    this.kAverage.restore(state.smoothK);
    this.dAverage.restore(state.smoothD);
  }

  reset(): void {
    this.rsi.reset();
    this.highs.reset();
    this.lows.reset();
    this.kAverage.reset();
    this.dAverage.reset();
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
