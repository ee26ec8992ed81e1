/** Shared infrastructure for market-data source adapters. */
export { resolveApiKey } from './api-keys.js';
export { Backoff, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
export { CircuitBreaker, CircuitOpenError, type CircuitBreakerOptions, type CircuitState } from './circuit-breaker.js';
export { isDecimalString, MalformedDecimalError, numberOrDecimal, parseDecimal, parseDecimalOrNaN } from './decimal.js';
export { GapFiller, type GapFillerOptions, type GapFillerStats } from './gap-filler.js';
export { GapDetector, type GapDetectorOptions, type GapReason, type GapReport } from './gap-detector.js';
export {
  HttpClient,
  HttpError,
  paginate,
  parseRetryAfter,
  type HttpClientOptions,
  type HttpStats,
} from './http-client.js';
export { maskSecret, SecretRedactor } from './mask.js';
export { receiveMicros } from './receive-clock.js';
export { buildStatus, combineStates } from './source-status.js';
export { perPeriod, sleep, TokenBucketRateLimiter, type RateLimit } from './rate-limiter.js';
export {
  ResilientWebSocket,
  WEBSOCKET_DEFAULTS,
  type ResilientWebSocketOptions,
  type WebSocketSession,
} from './resilient-websocket.js';
export {
  emptyCounters,
  silentLogger,
  type Source,
  type SourceBar,
  type SourceCounters,
  type SourceLogger,
  type SourceSink,
  type SourceState,
  type SourceStatus,
} from './source.js';
export {
  daysFromCivil,
  MalformedTimestampError,
  microsFromMillis,
  microsFromNanos,
  microsFromRfc3339,
  microsFromRfc3339OrNaN,
  microsFromSeconds,
} from './timestamps.js';
export { TradeSideClassifier } from './trade-side.js';
