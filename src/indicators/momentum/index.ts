/** The momentum family: oscillators measuring the speed and position of price moves. */
import type { IndicatorSpec } from '../types.js';
import { cciSpec } from './cci.js';
import { cmoSpec } from './cmo.js';
import { momentumSpec } from './momentum.js';
import { rateOfChangeSpec } from './rate-of-change.js';
import { rsiSpec } from './rsi.js';
import { stochasticRsiSpec } from './stochastic-rsi.js';
import { stochasticSpec } from './stochastic.js';
import { ultimateOscillatorSpec } from './ultimate-oscillator.js';
import { williamsRSpec } from './williams-r.js';

export { CCI } from './cci.js';
export type { CCIState } from './cci.js';
export { CMO } from './cmo.js';
export type { CMOState } from './cmo.js';
export { Momentum } from './momentum.js';
export type { MomentumState } from './momentum.js';
export { RateOfChange } from './rate-of-change.js';
export type { RateOfChangeState, RateOfChangeType } from './rate-of-change.js';
export { RSI } from './rsi.js';
export type { RSIState } from './rsi.js';
export type { OscillatorScale } from './scale.js';
export { StochasticRSI } from './stochastic-rsi.js';
export type { StochasticRSIOptions, StochasticRSIState } from './stochastic-rsi.js';
export { Stochastic } from './stochastic.js';
export type { StochasticOptions, StochasticState, StochasticValue } from './stochastic.js';
export { UltimateOscillator } from './ultimate-oscillator.js';
export type { UltimateOscillatorState } from './ultimate-oscillator.js';
export { WilliamsR } from './williams-r.js';
export type { WilliamsROptions, WilliamsRState } from './williams-r.js';

export const catalog: IndicatorSpec[] = [
  rsiSpec,
  stochasticSpec,
  stochasticRsiSpec,
  williamsRSpec,
  rateOfChangeSpec,
  momentumSpec,
  cciSpec,
  cmoSpec,
  ultimateOscillatorSpec,
];
