/** Alpaca Market Data adapter: pure parser, live stream source (stocks v2, crypto v1beta3), REST bars. */
export { createAlpacaRuntime, type AlpacaConfig, type AlpacaRuntime } from './from-config.js';
export { AlpacaSource, type AlpacaSourceOptions, type AlpacaStream } from './alpaca-source.js';
export { ALPACA_ERRORS, alpacaErrorInfo, type AlpacaErrorAction, type AlpacaErrorInfo } from './errors.js';
export {
  ALPACA_CHANNEL_NAMES,
  createAlpacaParseContext,
  parseAlpacaFrame,
  type AlpacaChannels,
  type AlpacaControl,
  type AlpacaParseContext,
  type AlpacaParseResult,
  type AlpacaStreamKind,
  type AlpacaTradingStatus,
} from './parse.js';
export {
  ALPACA_RATE_LIMITS,
  AlpacaRestClient,
  alpacaGapFetch,
  alpacaTimeframe,
  parseAlpacaBars,
  type AlpacaBarsRequest,
  type AlpacaRestOptions,
} from './rest.js';
export {
  ALPACA_HOSTS,
  alpacaCryptoStreamUrl,
  alpacaStockStreamUrl,
  type AlpacaCryptoLocation,
  type AlpacaStockFeed,
} from './urls.js';
