import { describe, expect, it } from 'vitest';
import { bar, partialBar, quote, trade } from '../../../test/server/market-events.js';
import { LatestCache } from '../latest-cache.js';
import { snapshotsFromLatestCache } from './latest-snapshot.js';

describe('snapshotsFromLatestCache', () => {
  it('serves the last trade and quote, the latest bars and forming bars per timeframe, and the known symbols', () => {
    const cache = new LatestCache();
    for (const event of [
      trade('AAPL', 1),
      trade('AAPL', 2),
      quote('AAPL', 1),
      bar('AAPL', 0),
      bar('AAPL', 0, 100, '5m'),
      partialBar('AAPL', 1),
      trade('MSFT', 1),
    ]) {
      cache.observe(event);
    }
    const { snapshot, symbols } = snapshotsFromLatestCache(cache);
    expect(snapshot('AAPL', 'ticks')).toEqual([trade('AAPL', 2)]);
    expect(snapshot('AAPL', 'quotes')).toEqual([quote('AAPL', 1)]);
    expect(snapshot('AAPL', 'bars')).toEqual([bar('AAPL', 0), bar('AAPL', 0, 100, '5m')]);
    expect(snapshot('AAPL', 'bars.partial')).toEqual([partialBar('AAPL', 1)]);
    expect(snapshot('AAPL', 'anomalies')).toBeNull();
    expect(snapshot('MSFT', 'quotes')).toBeNull();
    expect(snapshot('NVDA', 'ticks')).toBeNull();
    expect([...symbols()]).toEqual(['AAPL', 'MSFT']);
  });
});
