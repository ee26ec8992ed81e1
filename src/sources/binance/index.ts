/** Binance Spot adapter (public data, no key): pure parser, combined-stream source, REST klines. */
export {
  BINANCE_MAX_CONNECTION_AGE_MS,
  BINANCE_MAX_STREAMS,
  BINANCE_SUBSCRIBE_RATE,
  BinanceSource,
  binanceStreamName,
  normaliseStreamName,
  type BinanceSourceOptions,
  type BinanceStreamKind,
} from './binance-source.js';
export { createBinanceRuntime, type BinanceConfig, type BinanceRuntime } from './from-config.js';
export {
  binanceInterval,
  createBinanceOutput,
  klineBar,
  parseBinanceFrame,
  resetBinanceOutput,
  type BinanceControl,
  type BinanceParseContext,
  type BinanceParseOutput,
  type BinanceTimeUnit,
} from './parse.js';
export {
  BINANCE_HOSTS,
  BINANCE_MAX_KLINES,
  BINANCE_RATE_LIMITS,
  binanceGapFetch,
  BinanceRestClient,
  parseBinanceKlines,
  type BinanceKlinesRequest,
  type BinanceRestOptions,
} from './rest.js';
