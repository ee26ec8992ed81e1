import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBar, makeQuote, makeTrade } from '../../../test/contract/store-contract.js';
import { T0, createTestServer, type TestServer } from '../../../test/helpers/server.js';
import type { PartialBar } from '../../core/events.js';
import { isoFromMicros } from '../../core/time.js';

const SECOND = 1_000_000;
const MINUTE = 60 * SECOND;

describe('market data routes', () => {
  let server: TestServer;
  let viewer: { authorization: string };
  const get = async (url: string) => server.inject({ method: 'GET', url, headers: viewer });

  beforeAll(async () => {
    server = await createTestServer();
    viewer = await server.apiKey('viewer');
    await server.store.write({
      trades: Array.from({ length: 250 }, (_, i) => makeTrade('AAPL', i)),
      quotes: Array.from({ length: 30 }, (_, i) => makeQuote('AAPL', i)),
      bars: [
        ...Array.from({ length: 12 }, (_, i) => makeBar('AAPL', '1m', i)),
        ...Array.from({ length: 3 }, (_, i) => makeBar('AAPL', '5m', i)),
        makeBar('MSFT', '1m', 0),
      ],
    });
    // Live events feed the cache; BTC-USD exists only live (not stored yet).
    server.cache.observe(makeTrade('AAPL', 300));
    server.cache.observe(makeQuote('AAPL', 300));
    server.cache.observe(makeTrade('BTC-USD', 5, { price: 43_000.5 }));
    server.cache.observe({ ...makeBar('AAPL', '1m', 12), type: 'bar.partial' } satisfies PartialBar);
  });
  afterAll(async () => {
    expect(server.schemaViolations).toEqual([]);
    await server.close();
  });

  it('GET /api/v1/symbols lists stored and live symbols, sorted', async () => {
    const response = await get('/api/v1/symbols');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ symbols: ['AAPL', 'BTC-USD', 'MSFT'], count: 3 });
  });

  describe('latest', () => {
    it('GET /api/v1/latest/AAPL answers from the cache with µs and ISO times', async () => {
      const response = await get('/api/v1/latest/AAPL');
      expect(response.statusCode).toBe(200);
      const trade = makeTrade('AAPL', 300);
      expect(response.json()).toMatchObject({
        symbol: 'AAPL',
        price: trade.price,
        ts: trade.tsEvent,
        tsIso: isoFromMicros(trade.tsEvent),
        trade: { tradeId: 'AAPL-300', tsRecv: trade.tsRecv, side: trade.side },
        quote: { bidPrice: makeQuote('AAPL', 300).bidPrice },
      });
      expect(response.json().tsIso).toBe('2023-11-14T22:18:20.000Z');
    });

    it('never reads the store: a symbol only in the store is not in /latest', async () => {
      const response = await get('/api/v1/latest/MSFT');
      expect(response.statusCode).toBe(404);
      expect(response.json().error.message).toMatch(/no live data for "MSFT"/);
    });

    it('GET /api/v1/latest lists every live symbol', async () => {
      const response = await get('/api/v1/latest');
      expect(response.json().data.map((row: { symbol: string; price: number }) => [row.symbol, row.price])).toEqual([
        ['AAPL', makeTrade('AAPL', 300).price],
        ['BTC-USD', 43_000.5],
      ]);
    });

    it('rejects malformed symbols with 400', async () => {
      const response = await get('/api/v1/latest/AA%20PL');
      expect(response.statusCode).toBe(400);
      expect(response.json().error.details[0].where).toBe('params.symbol');
    });
  });

  describe('ticks', () => {
    it('GET /api/v1/ticks/AAPL?limit=100 returns the latest 100, newest first, with a cursor', async () => {
      const response = await get('/api/v1/ticks/AAPL?limit=100');
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.count).toBe(100);
      expect(body.data[0].tradeId).toBe('AAPL-249');
      expect(body.data[99].tradeId).toBe('AAPL-150');
      expect(body.data[0].tsEventIso).toBe(isoFromMicros(T0 + 249 * SECOND));
      expect(typeof body.next).toBe('string');
    });

    it('pages through every tick exactly once in both orders', async () => {
      for (const order of ['desc', 'asc'] as const) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const response = await get(
            `/api/v1/ticks/AAPL?limit=64&order=${order}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          );
          const body = response.json();
          seen.push(...body.data.map((t: { tradeId: string }) => t.tradeId));
          cursor = body.next;
        } while (cursor !== null);
        const expected = Array.from({ length: 250 }, (_, i) => `AAPL-${i}`);
        expect(seen).toEqual(order === 'asc' ? expected : expected.reverse());
      }
    });

    it('filters by time in any of the accepted formats (ISO, epoch ms, epoch µs)', async () => {
      const from = T0 + 10 * SECOND;
      const to = T0 + 13 * SECOND;
      for (const [a, b] of [
        [isoFromMicros(from), isoFromMicros(to)],
        [String(from / 1000), String(to / 1000)],
        [String(from), String(to)],
      ]) {
        const response = await get(`/api/v1/ticks/AAPL?order=asc&from=${a}&to=${b}`);
        expect(response.json().data.map((t: { tradeId: string }) => t.tradeId)).toEqual([
          'AAPL-10',
          'AAPL-11',
          'AAPL-12',
        ]);
      }
    });

    it('enforces limits and explains bad times', async () => {
      expect((await get('/api/v1/ticks/AAPL?limit=10001')).statusCode).toBe(400);
      expect((await get('/api/v1/ticks/AAPL?limit=0')).statusCode).toBe(400);
      expect((await get('/api/v1/ticks/AAPL?limit=10000')).statusCode).toBe(200);
      const seconds = await get('/api/v1/ticks/AAPL?from=1700000000');
      expect(seconds.statusCode).toBe(400);
      expect(seconds.json().error.message).toMatch(/epoch seconds/);
      const empty = await get(`/api/v1/ticks/AAPL?from=${T0 + 5}&to=${T0}`);
      expect(empty.statusCode).toBe(400);
      expect(empty.json().error.message).toMatch(/`to` must be after `from`/);
      const cursor = await get('/api/v1/ticks/AAPL?cursor=garbage');
      expect(cursor.statusCode).toBe(400);
      expect(cursor.json().error.message).toMatch(/cursor is not valid/);
    });

    it('404s an unknown symbol, with a hint about case', async () => {
      const response = await get('/api/v1/ticks/aapl');
      expect(response.statusCode).toBe(404);
      expect(response.json().error.message).toMatch(/case-sensitive/);
    });

    it('a known symbol with no ticks in range is an empty page, not a 404', async () => {
      const response = await get(`/api/v1/ticks/AAPL?from=${T0 + 1000 * SECOND}`);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ symbol: 'AAPL', data: [], count: 0, next: null });
    });
  });

  it('GET /api/v1/quotes/AAPL returns quotes', async () => {
    const response = await get('/api/v1/quotes/AAPL?limit=2&order=asc');
    expect(response.statusCode).toBe(200);
    expect(response.json().data.map((q: { askSize: number }) => q.askSize)).toEqual([0.5, 1.5]);
  });

  describe('bars', () => {
    it('GET /api/v1/aggregated/AAPL?window=1min returns 1m bars and the forming bar', async () => {
      const response = await get('/api/v1/aggregated/AAPL?window=1min');
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.timeframe).toBe('1m');
      expect(body.count).toBe(12);
      expect(body.data[0]).toMatchObject({
        start: T0 + 11 * MINUTE,
        startIso: isoFromMicros(T0 + 11 * MINUTE),
        end: T0 + 12 * MINUTE,
        close: makeBar('AAPL', '1m', 11).close,
        forming: false,
      });
      expect(body.forming).toMatchObject({ start: T0 + 12 * MINUTE, forming: true });
    });

    it('accepts both spellings of a window and refuses timeframes that are not built', async () => {
      for (const window of ['5min', '5m', '5minutes']) {
        const body = (await get(`/api/v1/aggregated/AAPL?window=${window}`)).json();
        expect(body.timeframe, window).toBe('5m');
        expect(body.count, window).toBe(3);
      }
      const notBuilt = await get('/api/v1/aggregated/AAPL?window=2min');
      expect(notBuilt.statusCode).toBe(400);
      expect(notBuilt.json().error.message).toMatch(/timeframe 2m is not built by this server: use one of 1s, 1m/);
      const nonsense = await get('/api/v1/bars/AAPL?timeframe=fortnight');
      expect(nonsense.statusCode).toBe(400);
    });

    it('GET /api/v1/bars/AAPL?timeframe=1m pages by bar start', async () => {
      const first = (await get('/api/v1/bars/AAPL?timeframe=1m&limit=5&order=asc')).json();
      expect(first.data.map((b: { start: number }) => (b.start - T0) / MINUTE)).toEqual([0, 1, 2, 3, 4]);
      const second = (await get(`/api/v1/bars/AAPL?timeframe=1m&limit=5&order=asc&cursor=${first.next}`)).json();
      expect(second.data.map((b: { start: number }) => (b.start - T0) / MINUTE)).toEqual([5, 6, 7, 8, 9]);
    });

    it('defaults to 1m', async () => {
      expect((await get('/api/v1/bars/AAPL')).json().timeframe).toBe('1m');
    });
  });

  describe('indicators', () => {
    it('GET /api/v1/indicators/AAPL is empty until the indicator stage emits values', async () => {
      const response = await get('/api/v1/indicators/AAPL');
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ symbol: 'AAPL', indicators: [], count: 0 });
    });

    it('returns the latest values per timeframe from the cache, filterable by timeframe', async () => {
      const base = { type: 'indicators', symbol: 'BTC-USD' } as const;
      server.cache.observe({ ...base, timeframe: '5m', ts: T0 + 5 * MINUTE, values: { rsi_14: 55.5 } });
      server.cache.observe({ ...base, timeframe: '1m', ts: T0 + MINUTE, values: { sma_20: null } });
      server.cache.observe({
        ...base,
        timeframe: '1m',
        ts: T0 + 2 * MINUTE,
        values: { sma_20: 43_000, macd: { line: 1.5, signal: 1.2, histogram: 0.3 } },
      });
      const all = (await get('/api/v1/indicators/BTC-USD')).json();
      expect(all.indicators).toEqual([
        {
          timeframe: '1m',
          ts: T0 + 2 * MINUTE,
          tsIso: isoFromMicros(T0 + 2 * MINUTE),
          values: { sma_20: 43_000, macd: { line: 1.5, signal: 1.2, histogram: 0.3 } },
        },
        { timeframe: '5m', ts: T0 + 5 * MINUTE, tsIso: isoFromMicros(T0 + 5 * MINUTE), values: { rsi_14: 55.5 } },
      ]);
      const five = (await get('/api/v1/indicators/BTC-USD?timeframe=5min')).json();
      expect(five.indicators.map((set: { timeframe: string }) => set.timeframe)).toEqual(['5m']);
    });

    it('404s a symbol nobody has heard of', async () => {
      expect((await get('/api/v1/indicators/NOPE')).statusCode).toBe(404);
    });
  });
});
