/**
 * Backfill end to end: the shipped REST clients against local servers serving the recorded
 * payloads, into a real SQLite store (temporary file).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { binanceKlinesRoute, recordedKlines, syntheticKlines } from '../../../test/sources/binance-server.js';
import { coinbaseCandlesRoute, recordedCandles } from '../../../test/sources/coinbase-server.js';
import { json, LocalHttpServer, type Route } from '../../../test/sources/http-server.js';
import { alphaVantageRoute, fmpChartRoute, yahooChartRoute } from '../../../test/sources/rest-servers.js';
import { openSqliteStore } from '../../store/sqlite/index.js';
import type { Store } from '../../store/store.js';
import { backfillCursorKey, runBackfill, toStoredBar } from './backfill.js';
import { createBarHistory } from './history-sources.js';
import { parseBinanceKlines } from '../binance/rest.js';

const T0 = 1_704_067_200_000_000; // 2024-01-01T00:00Z, first recorded Binance/Coinbase minute
const MINUTE = 60_000_000;
let dir = '';
let store: Store;
let server: LocalHttpServer;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tickwatch-backfill-'));
  store = await openSqliteStore({ path: join(dir, 'test.db') });
  server = await LocalHttpServer.start();
});

afterEach(async () => {
  await store.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

const binanceRange = { symbols: ['BTCUSDT'], timeframe: '1m', from: T0, to: T0 + 5 * MINUTE };

/** Fails with HTTP 500 once `okRequests` requests have been answered (a simulated outage). */
function failingAfter(okRequests: number, route: Route): Route {
  let served = 0;
  return (request, response, url) => {
    if (served++ >= okRequests) json(response, 500, { code: -1000, msg: 'internal error' });
    else route(request, response, url);
  };
}

describe('runBackfill', () => {
  it('stores every bar with its cursor; running twice adds nothing (idempotent), a finished range is skipped', async () => {
    server.route('/api/v3/klines', binanceKlinesRoute(recordedKlines()));
    const history = createBarHistory('binance', { baseUrl: server.url });
    const first = await runBackfill({ store, history, ...binanceRange });
    expect(first).toMatchObject({ rows: 5, added: 5, gapsFound: 0, gapsFilled: 0, gapsRemaining: 0 });
    const stored = await store.bars({ symbol: 'BTCUSDT', timeframe: '1m' });
    // The stored bars equal the provider's rows converted independently of the run.
    const expected = parseBinanceKlines(recordedKlines(), 'BTCUSDT', '1m', Number.MAX_SAFE_INTEGER).map(toStoredBar);
    expect(stored.map((b) => [b.start, b.open, b.high, b.low, b.close, b.volume, b.vwap])).toEqual(
      expected.map((b) => [b.start, b.open, b.high, b.low, b.close, b.volume, b.vwap]),
    );
    expect(JSON.parse((await store.getCheckpoint(backfillCursorKey('binance', 'BTCUSDT', '1m'))) ?? '')).toEqual({
      from: T0,
      to: T0 + 5 * MINUTE,
      next: T0 + 5 * MINUTE,
    });

    const again = await runBackfill({ store, history, ...binanceRange, restart: true });
    expect(again).toMatchObject({ rows: 5, added: 0 });
    expect(await store.bars({ symbol: 'BTCUSDT', timeframe: '1m' })).toEqual(stored);

    const requests = server.requests.length;
    const skipped = await runBackfill({ store, history, ...binanceRange });
    expect(skipped.symbols[0]).toMatchObject({ skipped: true, rows: 0, added: 0 });
    expect(server.requests.length).toBe(requests);
  });

  it('resumes after an interruption at the stored cursor and ends with the same bars', async () => {
    // 2,500 minutes = three pages of at most 1,000 klines; the server fails after the first page.
    const rows = syntheticKlines(T0 / 1000, 2_500);
    const range = { symbols: ['BTCUSDT'], timeframe: '1m', from: T0, to: T0 + 2_500 * MINUTE };
    server.route('/api/v3/klines', failingAfter(1, binanceKlinesRoute(rows)));
    const flaky = createBarHistory('binance', { baseUrl: server.url, maxRetries: 0 });
    const progress: number[] = [];
    await expect(
      runBackfill({ store, history: flaky, ...range, onProgress: (p) => progress.push(p.fraction) }),
    ).rejects.toThrow(/HTTP 500/);
    expect(progress).toEqual([0, 0.4]);
    expect(await store.bars({ symbol: 'BTCUSDT', timeframe: '1m' })).toHaveLength(1_000);

    server.route('/api/v3/klines', binanceKlinesRoute(rows));
    const before = server.requests.length;
    const resumed = await runBackfill({
      store,
      history: createBarHistory('binance', { baseUrl: server.url }),
      ...range,
    });
    expect(resumed.symbols[0]).toMatchObject({
      resumedFrom: T0 + 1_000 * MINUTE,
      rows: 1_500,
      added: 1_500,
      gapsRemaining: 0,
    });
    const firstResumed = new URL(server.requests[before]?.url ?? '', server.url).searchParams.get('startTime');
    expect(Number(firstResumed)).toBe((T0 + 1_000 * MINUTE) / 1000);
    const stored = await store.bars({ symbol: 'BTCUSDT', timeframe: '1m' });
    expect(stored.map((b) => (b.start - T0) / MINUTE)).toEqual(Array.from({ length: 2_500 }, (_, i) => i));
  });

  it('counts holes in the stored series and the ones the provider filled', async () => {
    const bars = parseBinanceKlines(recordedKlines(), 'BTCUSDT', '1m', Number.MAX_SAFE_INTEGER).map(toStoredBar);
    await store.write({ bars: [bars[0], bars[4]].filter((b) => b !== undefined) });
    server.route('/api/v3/klines', binanceKlinesRoute(recordedKlines()));
    const summary = await runBackfill({
      store,
      history: createBarHistory('binance', { baseUrl: server.url }),
      ...binanceRange,
    });
    expect(summary).toMatchObject({ rows: 5, added: 3, gapsFound: 1, gapsFilled: 1, gapsRemaining: 0 });
  });

  it('works for Coinbase, Alpha Vantage, Yahoo, FMP, Polygon and Alpaca against their local servers', async () => {
    server.route('/products/', coinbaseCandlesRoute(recordedCandles()));
    server.route('/query', alphaVantageRoute({ apiKey: 'AVKEY', file: 'intraday-5min.json' }));
    server.route('/v8/finance/chart/', yahooChartRoute('chart-5m.json'));
    server.route('/stable/historical-chart/', fmpChartRoute('FMPKEY'));
    const polygonPage = JSON.parse(
      readFileSync(new URL('../../../test-data/polygon/aggregates-page2.json', import.meta.url), 'utf8'),
    ) as unknown;
    server.route('/v2/aggs/', (_q, response) => json(response, 200, polygonPage));
    const alpacaPage = JSON.parse(
      readFileSync(new URL('../../../test-data/alpaca/bars-page2.json', import.meta.url), 'utf8'),
    ) as unknown;
    server.route('/v2/stocks/bars', (_q, response) => json(response, 200, alpacaPage));
    const environment = { POLYGON_API_KEY: 'PKEY', ALPACA_API_KEY_ID: 'AK', ALPACA_API_SECRET_KEY: 'AS' };
    const march = { from: Date.UTC(2024, 2, 8) * 1000, to: Date.UTC(2024, 2, 12) * 1000 };
    const jan8 = { from: Date.UTC(2024, 0, 8) * 1000, to: Date.UTC(2024, 0, 9) * 1000 };
    const cases: {
      source: string;
      symbol: string;
      timeframe: string;
      from: number;
      to: number;
      rows: number;
      apiKey?: string;
    }[] = [
      { source: 'coinbase', symbol: 'BTC-USD', timeframe: '1m', from: T0, to: T0 + 5 * MINUTE, rows: 5 },
      { source: 'alphavantage', symbol: 'IBM', timeframe: '5m', ...march, rows: 3, apiKey: 'AVKEY' },
      { source: 'yahoo', symbol: 'AAPL', timeframe: '5m', ...march, rows: 3 },
      { source: 'fmp', symbol: 'AAPL', timeframe: '5m', ...march, rows: 3, apiKey: 'FMPKEY' },
      { source: 'polygon', symbol: 'AAPL', timeframe: '1m', ...jan8, rows: 1 },
      { source: 'alpaca', symbol: 'AAPL', timeframe: '1m', ...jan8, rows: 1 },
    ];
    for (const c of cases) {
      const history = createBarHistory(c.source, { baseUrl: server.url, apiKey: c.apiKey, environment });
      const summary = await runBackfill({
        store,
        history,
        symbols: [c.symbol],
        timeframe: c.timeframe,
        from: c.from,
        to: c.to,
      });
      expect({ source: c.source, rows: summary.rows }).toEqual({ source: c.source, rows: c.rows });
      const again = await runBackfill({
        store,
        history,
        symbols: [c.symbol],
        timeframe: c.timeframe,
        from: c.from,
        to: c.to,
        restart: true,
      });
      expect({ source: c.source, added: again.added }).toEqual({ source: c.source, added: 0 });
    }
  });

  it('rejects unknown sources, tiers and empty ranges with clear messages', async () => {
    expect(() => createBarHistory('kraken')).toThrow(/unknown history source "kraken"/);
    expect(() => createBarHistory('polygon', { tier: 'gold', environment: { POLYGON_API_KEY: 'k' } })).toThrow(
      /free, paid/,
    );
    await expect(runBackfill({ store, history: createBarHistory('binance'), ...binanceRange, to: T0 })).rejects.toThrow(
      /after --from/,
    );
  });
});
