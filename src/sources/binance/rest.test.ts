/** The shipped klines client against a local HTTP server serving the recorded rows. */
import { afterEach, describe, expect, it } from 'vitest';
import { binanceKlinesRoute, recordedKlines } from '../../../test/sources/binance-server.js';
import { json, LocalHttpServer, rateLimitedFirst } from '../../../test/sources/http-server.js';
import type { SourceBar } from '../common/source.js';
import { BinanceRestClient, parseBinanceKlines } from './rest.js';

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

const T0 = 1_704_067_200_000_000; // 2024-01-01T00:00:00Z in µs

describe('Binance REST klines', () => {
  it('parses rows exactly: [openTime, o, h, l, c, v, closeTime, quoteVolume, trades, …]', () => {
    const bars = parseBinanceKlines(recordedKlines().slice(0, 1), 'BTCUSDT', '1m', Number.MAX_SAFE_INTEGER);
    expect(bars[0]).toMatchObject({
      symbol: 'BTCUSDT',
      timeframe: '1m',
      start: T0,
      end: T0 + 60_000_000,
      open: 42283.58,
      high: 42298.62,
      low: 42261.02,
      close: 42298.61,
      volume: 35.92724,
      trades: 1327,
      revision: 'final',
    });
    // 1519032.40430710 / 35.92724 by hand (≈ 42280.5).
    expect(bars[0]?.vwap).toBeCloseTo(1519032.4043071 / 35.92724, 9);
    expect(() => parseBinanceKlines({ code: -1121, msg: 'Invalid symbol.' }, 'X', '1m', 0)).toThrow(/not an array/);
    expect(() => parseBinanceKlines([[1, 'x']], 'X', '1m', 0)).toThrow(/malformed/);
  });

  it('paginates by startTime = last open time + 1 ms until a short page', async () => {
    server = await LocalHttpServer.start();
    server.route('/api/v3/klines', binanceKlinesRoute(recordedKlines()));
    const client = new BinanceRestClient({ baseUrl: server.url });
    const pages = await collect(
      client.klines({ symbol: 'btcusdt', timeframe: '1m', from: T0, to: T0 + 10 * 60_000_000, limit: 2 }),
    );
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(pages.flat().map((b) => (b.start - T0) / 60_000_000)).toEqual([0, 1, 2, 3, 4]);
    const starts = server.requests.map((r) => new URL(r.url, server?.url).searchParams.get('startTime'));
    expect(starts).toEqual(['1704067200000', '1704067260001', '1704067380001']);
    expect(new URL(server.requests[0]?.url ?? '', server.url).searchParams.get('symbol')).toBe('BTCUSDT');
    expect(new URL(server.requests[0]?.url ?? '', server.url).searchParams.get('endTime')).toBe('1704067799999');
  });

  it('waits out HTTP 429 Retry-After, then continues', async () => {
    server = await LocalHttpServer.start();
    server.route('/api/v3/klines', rateLimitedFirst(1, '1', binanceKlinesRoute(recordedKlines())));
    const client = new BinanceRestClient({ baseUrl: server.url });
    const pages = await collect(
      client.klines({ symbol: 'BTCUSDT', timeframe: '1m', from: T0, to: T0 + 3 * 60_000_000 }),
    );
    expect(pages.flat()).toHaveLength(3);
    const [first, second] = server.requests;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect(client.http.stats.rateLimited).toBe(1);
  });

  it('explains HTTP 451 (restricted location)', async () => {
    server = await LocalHttpServer.start();
    server.route('/api/v3/klines', (_q, response) =>
      json(response, 451, { code: 0, msg: 'Service unavailable from a restricted location' }),
    );
    const client = new BinanceRestClient({ baseUrl: server.url });
    await expect(
      collect(client.klines({ symbol: 'BTCUSDT', timeframe: '1m', from: T0, to: T0 + 60_000_000 })),
    ).rejects.toThrow(/US IPs get 451/);
  });
});
