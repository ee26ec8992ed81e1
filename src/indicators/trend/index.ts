/** The trend family: moving averages and trend-following indicators. */
import type { IndicatorSpec } from '../types.js';
import { adxSpec } from './adx.js';
import { aroonSpec } from './aroon.js';
import { demaSpec } from './dema.js';
import { emaSpec } from './ema.js';
import { evwmaSpec } from './evwma.js';
import { hmaSpec } from './hma.js';
import { ichimokuSpec } from './ichimoku.js';
import { kamaSpec } from './kama.js';
import { macdSpec, ppoSpec } from './macd.js';
import { parabolicSarSpec } from './parabolic-sar.js';
import { smaSpec } from './sma.js';
import { supertrendSpec } from './supertrend.js';
import { temaSpec } from './tema.js';
import { trixSpec } from './trix.js';
import { vwmaSpec } from './vwma.js';
import { wmaSpec } from './wma.js';
import { zlemaSpec } from './zlema.js';

export { ADX } from './adx.js';
export type { ADXState, ADXValue } from './adx.js';
export { Aroon } from './aroon.js';
export type { AroonState, AroonValue } from './aroon.js';
export { DEMA } from './dema.js';
export type { DEMAState } from './dema.js';
export { EMA } from './ema.js';
export type { EMAOptions, EMAState } from './ema.js';
export { EVWMA } from './evwma.js';
export type { EVWMAState } from './evwma.js';
export { HMA } from './hma.js';
export type { HMAState } from './hma.js';
export { Ichimoku } from './ichimoku.js';
export type { IchimokuState, IchimokuValue } from './ichimoku.js';
export { KAMA } from './kama.js';
export type { KAMAState } from './kama.js';
export { MACD, PPO } from './macd.js';
export type { MACDOptions, MACDState, MACDValue } from './macd.js';
export { ParabolicSAR } from './parabolic-sar.js';
export type { ParabolicSAROptions, ParabolicSARState } from './parabolic-sar.js';
export { SMA } from './sma.js';
export type { SMAState } from './sma.js';
export { Supertrend } from './supertrend.js';
export type { SupertrendState, SupertrendValue } from './supertrend.js';
export { TEMA } from './tema.js';
export type { TEMAState } from './tema.js';
export { TRIX } from './trix.js';
export type { TRIXOptions, TRIXState, TRIXValue } from './trix.js';
export { VWMA } from './vwma.js';
export type { VWMAState } from './vwma.js';
export { WMA } from './wma.js';
export type { WMAState } from './wma.js';
export { ZLEMA } from './zlema.js';
export type { ZLEMAState } from './zlema.js';

export const catalog: IndicatorSpec[] = [
  smaSpec,
  emaSpec,
  wmaSpec,
  demaSpec,
  temaSpec,
  hmaSpec,
  kamaSpec,
  vwmaSpec,
  evwmaSpec,
  zlemaSpec,
  macdSpec,
  ppoSpec,
  trixSpec,
  adxSpec,
  aroonSpec,
  parabolicSarSpec,
  ichimokuSpec,
  supertrendSpec,
];
