/**
 * Polygon/Massive WebSocket clusters and hosts. Polygon rebranded to Massive in 2025; the
 * `massive.com` hosts are current, the `polygon.io` ones are legacy aliases.
 */
import type { AssetClass } from '../../core/events.js';

export type PolygonCluster = 'stocks' | 'options' | 'forex' | 'crypto' | 'indices' | 'futures';
export const POLYGON_CLUSTERS: readonly PolygonCluster[] = [
  'stocks',
  'options',
  'forex',
  'crypto',
  'indices',
  'futures',
];

/** `realtime` or the 15-minute `delayed` feed. */
export type PolygonFeed = 'realtime' | 'delayed';

export const POLYGON_HOSTS = {
  realtime: 'wss://socket.massive.com',
  delayed: 'wss://delayed.massive.com',
  legacyRealtime: 'wss://socket.polygon.io',
  legacyDelayed: 'wss://delayed.polygon.io',
  rest: 'https://api.massive.com',
  legacyRest: 'https://api.polygon.io',
} as const;

/** Channel prefixes (`T.AAPL`) each cluster carries and this adapter parses. */
export const POLYGON_CHANNELS: Readonly<Record<PolygonCluster, readonly string[]>> = {
  stocks: ['T', 'Q', 'A', 'AM'],
  options: ['T', 'Q', 'A', 'AM'],
  indices: ['V', 'A', 'AM'],
  crypto: ['XT', 'XQ', 'XA', 'XAS'],
  forex: ['C', 'CA', 'CAS'],
  futures: [],
};

export const POLYGON_ASSET_CLASS: Readonly<Record<PolygonCluster, AssetClass>> = {
  stocks: 'stock',
  options: 'option',
  forex: 'forex',
  crypto: 'crypto',
  indices: 'index',
  futures: 'future',
};

/** `wss://socket.massive.com/stocks`. Crypto has no delayed feed. */
export function polygonWebSocketUrl(
  cluster: PolygonCluster,
  feed: PolygonFeed,
  hosts: { realtime?: string; delayed?: string } = {},
): string {
  if (feed === 'delayed' && cluster === 'crypto') {
    throw new Error('polygon: the crypto cluster has no delayed feed; use feed "realtime" for crypto');
  }
  const base =
    feed === 'realtime' ? (hosts.realtime ?? POLYGON_HOSTS.realtime) : (hosts.delayed ?? POLYGON_HOSTS.delayed);
  return `${base.replace(/\/+$/, '')}/${cluster}`;
}
