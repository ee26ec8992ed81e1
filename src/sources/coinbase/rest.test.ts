/** The shipped candles client against a local HTTP server serving the recorded rows. */
import { afterEach, describe, expect, it } from 'vitest';
import { coinbaseCandlesRoute, recordedCandles } from '../../../test/sources/coinbase-server.js';
import { LocalHttpServer, rateLimitedFirst } from '../../../test/sources/http-server.js';
import type { SourceBar } from '../common/source.js';
import { coinbaseGranularity, CoinbaseRestClient, parseCoinbaseCandles } from './rest.js';

let server: LocalHttpServer | null = null;

afterEach(async () => {
  await server?.stop();
  server = null;
});

async function collect(pages: AsyncGenerator<SourceBar[]>): Promise<SourceBar[][]> {
  const all: SourceBar[][] = [];
  for await (const page of pages) all.push(page);
  return all;
}

const T0 = 1_704_067_200_000_000;
const MINUTE = 60_000_000;

describe('Coinbase REST candles', () => {
  it('reads [time, low, high, open, close, volume] (low/high before open) and sorts ascending', () => {
    const bars = parseCoinbaseCandles(recordedCandles().slice(0, 3), 'BTC-USD', '1m', Number.MAX_SAFE_INTEGER);
    expect(bars.map((b) => (b.start - T0) / MINUTE)).toEqual([0, 1, 2]);
    expect(bars[0]).toMatchObject({
      open: 42283.58,
      high: 42298.62,
      low: 42261.02,
      close: 42298.61,
      volume: 35.92724,
      end: T0 + MINUTE,
      revision: 'final',
    });
    expect(() => parseCoinbaseCandles({ message: 'NotFound' }, 'X', '1m', 0)).toThrow(/NotFound/);
    expect(coinbaseGranularity('6h')).toBe(21_600);
    expect(() => coinbaseGranularity('30m')).toThrow(/1m, 5m, 15m, 1h, 6h, 1d/);
  });

  it('walks the range in windows of at most 300 candles (the server rejects more)', async () => {
    server = await LocalHttpServer.start();
    server.route('/products/', coinbaseCandlesRoute(recordedCandles()));
    const client = new CoinbaseRestClient({ baseUrl: server.url });
    // 301 minutes: two windows (300 + 1).
    const pages = await collect(
      client.candles({ productId: 'BTC-USD', timeframe: '1m', from: T0, to: T0 + 301 * MINUTE }),
    );
    expect(pages).toHaveLength(2);
    expect(pages.flat().map((b) => (b.start - T0) / MINUTE)).toEqual([0, 1, 2, 3, 4]);
    const queries = server.requests.map((r) => Object.fromEntries(new URL(r.url, server?.url).searchParams));
    expect(queries).toEqual([
      { granularity: '60', start: '2024-01-01T00:00:00Z', end: '2024-01-01T04:59:00Z' },
      { granularity: '60', start: '2024-01-01T05:00:00Z', end: '2024-01-01T05:00:00Z' },
    ]);
    expect(server.requests[0]?.url.startsWith('/products/BTC-USD/candles?')).toBe(true);
  });

  it('waits out HTTP 429 Retry-After', async () => {
    server = await LocalHttpServer.start();
    server.route('/products/', rateLimitedFirst(1, '1', coinbaseCandlesRoute(recordedCandles())));
    const client = new CoinbaseRestClient({ baseUrl: server.url });
    const pages = await collect(
      client.candles({ productId: 'BTC-USD', timeframe: '1m', from: T0, to: T0 + 5 * MINUTE }),
    );
    expect(pages.flat()).toHaveLength(5);
    expect((server.requests[1]?.at ?? 0) - (server.requests[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
  });
});
