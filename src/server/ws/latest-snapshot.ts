/**
 * Snapshots on subscribe, from the server's latest-value cache: the last trade and quote, the
 * latest closed bar, forming bar and indicator set per timeframe. Pass the result's two
 * functions to `websocketPlugin` as `snapshot` and `symbols`.
 */
import type { LatestCache } from '../latest-cache.js';
import type { Channel } from './channels.js';
import type { SnapshotProvider } from './client-session.js';

export function snapshotsFromLatestCache(cache: LatestCache): {
  snapshot: SnapshotProvider;
  symbols: () => Iterable<string>;
} {
  const snapshot = (symbol: string, channel: Channel): readonly unknown[] | null => {
    const latest = cache.get(symbol);
    if (latest === undefined) return null;
    switch (channel) {
      case 'ticks':
        return latest.trade === null ? null : [latest.trade];
      case 'quotes':
        return latest.quote === null ? null : [latest.quote];
      case 'bars':
        return [...latest.bars.values()];
      case 'bars.partial':
        return [...latest.forming.values()];
      case 'indicators':
        return [...latest.indicators.values()];
      default:
        return null; // anomalies, signals and system are news, not state
    }
  };
  return { snapshot, symbols: () => cache.symbols() };
}
