/** REST-only history providers (Alpha Vantage, Yahoo chart, FMP) and the backfill engine. */
export {
  ALPHA_VANTAGE_HOST,
  ALPHA_VANTAGE_PLANS,
  ALPHA_VANTAGE_TIMEFRAMES,
  AlphaVantageClient,
  AlphaVantageError,
  assertAlphaVantageData,
  monthsCovering,
  parseAlphaVantageSeries,
  type AlphaVantageBarsRequest,
  type AlphaVantageOptions,
} from './alphavantage.js';
export { easternDateOf, easternWallToMicros } from './eastern-time.js';
export {
  FINAGE_HOST,
  FINAGE_PLANS,
  FINAGE_TIMEFRAMES,
  FinageClient,
  parseFinageAggregates,
  type FinageBarsRequest,
  type FinageOptions,
} from './finage.js';
export {
  FMP_HOST,
  FMP_PLANS,
  FMP_TIMEFRAMES,
  FmpClient,
  parseFmpChart,
  type FmpBarsRequest,
  type FmpOptions,
} from './fmp.js';
export {
  parseYahooChart,
  YAHOO_HOST,
  YAHOO_RATE_LIMIT,
  YAHOO_TIMEFRAMES,
  YahooChartClient,
  type YahooBarsRequest,
  type YahooChartResult,
  type YahooOptions,
} from './yahoo.js';
export {
  backfillCursorKey,
  runBackfill,
  toStoredBar,
  type BackfillOptions,
  type BackfillProgress,
  type BackfillSummary,
  type SymbolSummary,
} from './backfill.js';
export {
  createBarHistory,
  HISTORY_SOURCE_TIERS,
  HISTORY_SOURCES,
  historyTimeframes,
  type BarHistory,
  type HistorySourceOptions,
} from './history-sources.js';
