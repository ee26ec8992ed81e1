/**
 * Per-asset subscription tiers. A Polygon/Massive plan is bought per asset class, and the plan
 * decides how tickwatch reads that class: a real-time WebSocket, the 15-minute delayed
 * WebSocket, or (plans without WebSocket access) polling REST aggregates under the plan's
 * request limit. `access` in config overrides the plan mapping when your plan differs.
 *
 * Plan → access, per Massive's pricing pages as of 2025 (check yours):
 *   stocks, options, indices: basic → rest (5 req/min), starter/developer → delayed,
 *                             advanced/business → realtime;
 *   crypto, forex:            basic → rest, starter and above → realtime (crypto has no delayed feed).
 */
import type { RateLimit } from '../common/rate-limiter.js';
import type { PolygonCluster } from './clusters.js';
import type { PolygonSubscription } from './polygon-source.js';
import { POLYGON_RATE_LIMITS } from './rest.js';

export type PolygonPlan = 'basic' | 'starter' | 'developer' | 'advanced' | 'business';
export type PolygonAccess = 'realtime' | 'delayed' | 'rest';

export function polygonAccessForPlan(cluster: PolygonCluster, plan: PolygonPlan): PolygonAccess {
  if (plan === 'basic') return 'rest';
  if (cluster === 'crypto' || cluster === 'forex') return 'realtime';
  return plan === 'advanced' || plan === 'business' ? 'realtime' : 'delayed';
}

export interface PolygonAssetConfig {
  readonly cluster: PolygonCluster;
  /** tickwatch symbols as the WebSocket names them: `AAPL`, `BTC-USD`, `EUR/USD`, `I:SPX`. */
  readonly symbols: readonly string[];
  readonly plan?: PolygonPlan;
  /** Overrides the plan mapping. */
  readonly access?: PolygonAccess;
  /** Channel prefixes to subscribe per symbol (default: trades and quotes of the cluster). */
  readonly channels?: readonly string[];
}

export interface PolygonRestTarget {
  readonly cluster: PolygonCluster;
  readonly symbol: string;
  /** The REST ticker (`X:BTCUSD` for `BTC-USD`). */
  readonly ticker: string;
}

export interface PolygonFeedPlan {
  readonly websocket: PolygonSubscription[];
  readonly rest: PolygonRestTarget[];
  /** Request limit for REST: the free tier's 5/min when any class is on basic, else ~100/s. */
  readonly restRateLimit: RateLimit;
}

const DEFAULT_CHANNELS: Readonly<Record<PolygonCluster, readonly string[]>> = {
  stocks: ['T', 'Q'],
  options: ['T', 'Q'],
  indices: ['V'],
  crypto: ['XT', 'XQ'],
  forex: ['C'],
  futures: [],
};

/** WebSocket symbol → REST ticker: `BTC-USD` → `X:BTCUSD`, `EUR/USD` → `C:EURUSD`. */
export function polygonRestTicker(cluster: PolygonCluster, symbol: string): string {
  if (cluster === 'crypto') return `X:${symbol.replace(/[-/]/g, '')}`;
  if (cluster === 'forex') return `C:${symbol.replace(/[-/]/g, '')}`;
  return symbol;
}

/** Splits the configured assets into WebSocket subscriptions and REST polling targets. */
export function planPolygonFeeds(assets: readonly PolygonAssetConfig[]): PolygonFeedPlan {
  const websocket = new Map<PolygonCluster, { feed: 'realtime' | 'delayed'; channels: string[] }>();
  const rest: PolygonRestTarget[] = [];
  let anyBasic = false;
  for (const asset of assets) {
    if (asset.plan === 'basic') anyBasic = true;
    const access = asset.access ?? polygonAccessForPlan(asset.cluster, asset.plan ?? 'advanced');
    if (access === 'delayed' && asset.cluster === 'crypto') {
      throw new Error('polygon: crypto has no delayed feed; set access "realtime" or "rest" for crypto');
    }
    if (access === 'rest') {
      for (const symbol of asset.symbols)
        rest.push({ cluster: asset.cluster, symbol, ticker: polygonRestTicker(asset.cluster, symbol) });
      continue;
    }
    const prefixes = asset.channels ?? DEFAULT_CHANNELS[asset.cluster];
    let entry = websocket.get(asset.cluster);
    if (entry === undefined) {
      entry = { feed: access, channels: [] };
      websocket.set(asset.cluster, entry);
    } else if (entry.feed !== access) {
      throw new Error(
        `polygon: ${asset.cluster} is configured both ${entry.feed} and ${access}; one connection per cluster allows one feed`,
      );
    }
    for (const symbol of asset.symbols) for (const prefix of prefixes) entry.channels.push(`${prefix}.${symbol}`);
  }
  return {
    websocket: [...websocket].map(([cluster, entry]) => ({ cluster, feed: entry.feed, channels: entry.channels })),
    rest,
    restRateLimit: anyBasic ? POLYGON_RATE_LIMITS.free : POLYGON_RATE_LIMITS.paid,
  };
}
