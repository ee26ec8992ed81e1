/** The HTTP server's public surface (the WebSocket and metrics plugins have their own index). */
export { CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE } from './authentication.js';
export { ApiError, ERROR_CATALOGUE, type ErrorCode } from './errors.js';
export type { HealthProvider, HealthSnapshot, SourceHealth, SourceStatus } from './health.js';
export { LatestCache, type IndicatorOutput, type IndicatorValues, type SymbolLatest } from './latest-cache.js';
export type {
  AlertingApi,
  CorrelationProvider,
  CorrelationSnapshot,
  IntrabarIndicators,
  LatencyPercentiles,
  PeekIndicators,
  StoreWriteStats,
  SystemStats,
  SystemStatsProvider,
  VersionInfo,
  WebsocketStats,
} from './routes/route-deps.js';
export { SystemStatsCollector, type SystemStatsCollectorOptions } from './system-stats-collector.js';
export { buildServer, listen, pluginWithOptions, type ServerConfig, type ServerDeps } from './server.js';
