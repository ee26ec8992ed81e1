/**
 * tickwatch's streaming technical indicators: the curated public API. Each indicator is a class
 * with a fast number API (`new EMA(20).next(price)`) implementing core/operator's `Indicator`;
 * the catalog runs any of them on bars by name.
 */
export * from './types.js';
export {
  INDICATORS,
  allIndicators,
  createIndicator,
  defaultSet,
  findIndicator,
  selectIndicator,
  selectionColumns,
  selectionName,
} from './catalog.js';
export type { IndicatorSelection } from './catalog.js';
export {
  ADX,
  Aroon,
  DEMA,
  EMA,
  HMA,
  Ichimoku,
  KAMA,
  MACD,
  PPO,
  ParabolicSAR,
  SMA,
  Supertrend,
  TEMA,
  TRIX,
  VWMA,
  WMA,
} from './trend/index.js';
export type {
  ADXState,
  ADXValue,
  AroonState,
  AroonValue,
  DEMAState,
  EMAOptions,
  EMAState,
  HMAState,
  IchimokuState,
  IchimokuValue,
  KAMAState,
  MACDOptions,
  MACDState,
  MACDValue,
  ParabolicSAROptions,
  ParabolicSARState,
  SMAState,
  SupertrendState,
  SupertrendValue,
  TEMAState,
  TRIXOptions,
  TRIXState,
  TRIXValue,
  VWMAState,
  WMAState,
} from './trend/index.js';
export {
  CCI,
  CMO,
  Momentum,
  RSI,
  RateOfChange,
  Stochastic,
  StochasticRSI,
  UltimateOscillator,
  WilliamsR,
} from './momentum/index.js';
export type {
  CCIState,
  CMOState,
  MomentumState,
  OscillatorScale,
  RSIState,
  RateOfChangeState,
  RateOfChangeType,
  StochasticOptions,
  StochasticRSIOptions,
  StochasticRSIState,
  StochasticState,
  StochasticValue,
  WilliamsROptions,
  WilliamsRState,
} from './momentum/index.js';
