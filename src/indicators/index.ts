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
export { EMA, SMA } from './trend/index.js';
export type { EMAOptions, EMAState, SMAState } from './trend/index.js';
