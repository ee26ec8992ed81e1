/** Polygon/Massive adapter: pure parser, live WebSocket source, REST aggregates, subscription tiers. */
export { createPolygonRuntime, type PolygonConfig, type PolygonRuntime } from './from-config.js';
export { PolygonAggregatesPoller, type PolygonPollerOptions } from './aggregates-poller.js';
export {
  POLYGON_ASSET_CLASS,
  POLYGON_CHANNELS,
  POLYGON_CLUSTERS,
  POLYGON_HOSTS,
  polygonWebSocketUrl,
  type PolygonCluster,
  type PolygonFeed,
} from './clusters.js';
export { DEFAULT_EXCLUDED_CONDITIONS, POLYGON_CONDITION } from './conditions.js';
export {
  createPolygonParseContext,
  parsePolygonFrame,
  type PolygonParseContext,
  type PolygonParseResult,
  type PolygonStatusMessage,
} from './parse.js';
export {
  PolygonSource,
  type PolygonConnectionSettings,
  type PolygonSourceOptions,
  type PolygonSubscription,
} from './polygon-source.js';
export {
  parsePolygonAggregates,
  polygonGapFetch,
  POLYGON_RATE_LIMITS,
  PolygonRestClient,
  type PolygonAggregatesRequest,
  type PolygonRestOptions,
  type PolygonTimespan,
} from './rest.js';
export {
  planPolygonFeeds,
  polygonAccessForPlan,
  polygonRestTicker,
  type PolygonAccess,
  type PolygonAssetConfig,
  type PolygonFeedPlan,
  type PolygonPlan,
  type PolygonRestTarget,
} from './tiers.js';
