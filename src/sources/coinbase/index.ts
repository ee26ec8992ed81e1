/** Coinbase Exchange adapter (public data, no key): pure parser, feed source, REST candles. */
export { CoinbaseSource, type CoinbaseChannel, type CoinbaseSourceOptions } from './coinbase-source.js';
export { createCoinbaseRuntime, type CoinbaseConfig, type CoinbaseRuntime } from './from-config.js';
export {
  createCoinbaseOutput,
  parseCoinbaseFrame,
  resetCoinbaseOutput,
  type CoinbaseControl,
  type CoinbaseParseOutput,
} from './parse.js';
export {
  COINBASE_GRANULARITIES,
  COINBASE_HOSTS,
  COINBASE_MAX_CANDLES,
  COINBASE_RATE_LIMITS,
  coinbaseGapFetch,
  coinbaseGranularity,
  CoinbaseRestClient,
  parseCoinbaseCandles,
  type CoinbaseCandlesRequest,
  type CoinbaseRestOptions,
} from './rest.js';
