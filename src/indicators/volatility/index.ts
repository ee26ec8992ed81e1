/** The volatility family: ranges, bands and channels, and realised-volatility estimators. */
import type { IndicatorSpec } from '../types.js';
import { atrSpec } from './atr.js';
import { bollingerBandsSpec, bollingerBandsTypicalSpec } from './bollinger-bands.js';
import { chaikinVolatilitySpec } from './chaikin-volatility.js';
import { donchianChannelsSpec } from './donchian-channels.js';
import { historicalVolatilitySpec } from './historical-volatility.js';
import { keltnerChannelsSpec, keltnerChannelsTypicalSpec } from './keltner-channels.js';
import { natrSpec } from './natr.js';
import { garmanKlassSpec, parkinsonSpec, rogersSatchellSpec } from './range-volatility.js';
import { standardDeviationSpec } from './standard-deviation.js';
import { trueRangeSpec } from './true-range.js';
import { yangZhangSpec } from './yang-zhang-volatility.js';

export { ATR } from './atr.js';
export type { ATRState } from './atr.js';
export { BollingerBands } from './bollinger-bands.js';
export type { BollingerBandsOptions, BollingerBandsValue } from './bollinger-bands.js';
export { ChaikinVolatility } from './chaikin-volatility.js';
export type { ChaikinVolatilityOptions, ChaikinVolatilityState } from './chaikin-volatility.js';
export { DonchianChannels } from './donchian-channels.js';
export type { DonchianChannelsState, DonchianChannelsValue } from './donchian-channels.js';
export { HistoricalVolatility } from './historical-volatility.js';
export type { HistoricalVolatilityState } from './historical-volatility.js';
export { KeltnerChannels } from './keltner-channels.js';
export type { KeltnerChannelsOptions, KeltnerChannelsState, KeltnerChannelsValue } from './keltner-channels.js';
export { NATR } from './natr.js';
export { RangeVolatility } from './range-volatility.js';
export type { OpenHighLowClose, RangeEstimator } from './range-volatility.js';
export { StandardDeviation } from './standard-deviation.js';
export type { StandardDeviationOptions } from './standard-deviation.js';
export { TrueRange } from './true-range.js';
export type { TrueRangeState } from './true-range.js';
export { typicalPrice } from './typical-price.js';
export { YangZhangVolatility } from './yang-zhang-volatility.js';
export type { YangZhangVolatilityState } from './yang-zhang-volatility.js';

export const catalog: IndicatorSpec[] = [
  trueRangeSpec,
  atrSpec,
  natrSpec,
  standardDeviationSpec,
  bollingerBandsSpec,
  bollingerBandsTypicalSpec,
  keltnerChannelsSpec,
  keltnerChannelsTypicalSpec,
  donchianChannelsSpec,
  historicalVolatilitySpec,
  parkinsonSpec,
  garmanKlassSpec,
  rogersSatchellSpec,
  yangZhangSpec,
  chaikinVolatilitySpec,
];
