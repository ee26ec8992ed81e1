/**
 * Analytics routes on a real in-memory SQLite store: stored indicator history and feature
 * vectors, the live correlation matrix (computed here by the real CorrelationMatrix operator),
 * and intrabar indicator values in GET /indicators/:symbol.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { T0, createTestServer, type TestServer } from '../../../test/helpers/server.js';
import { bar, partialBar } from '../../../test/server/market-events.js';
import type { CorrelationMatrixEvent, FeatureSet, IndicatorSet } from '../../core/events.js';
import { MICROS_PER_MINUTE, isoFromMicros } from '../../core/time.js';
import { CorrelationMatrix } from '../../features/correlation-matrix.js';
import type { IntrabarIndicators } from './route-deps.js';

function indicatorSet(index: number, values: Record<string, number | null>, timeframe = '1m'): IndicatorSet {
  const start = T0 + index * MICROS_PER_MINUTE;
  return { type: 'indicators', symbol: 'AAPL', timeframe, start, ts: start + MICROS_PER_MINUTE, tsRecv: start, values };
}

function featureSet(index: number, values: (number | null)[]): FeatureSet {
  const start = T0 + index * MICROS_PER_MINUTE;
  return {
    type: 'features',
    symbol: 'AAPL',
    timeframe: '1m',
    start,
    ts: start + MICROS_PER_MINUTE,
    tsRecv: start,
    schemaVersion: 2,
    names: ['log_return', 'volume_z', 'spread_bps'],
    values,
  };
}

/** The latest event of a real correlation operator fed with bars of three symbols. */
function correlationEvent(): CorrelationMatrixEvent {
  const operator = new CorrelationMatrix({ timeframe: '1m', symbols: ['AAPL', 'MSFT', 'SPY'], window: 5 });
  let latest: CorrelationMatrixEvent | null = null;
  const emit = (event: CorrelationMatrixEvent) => {
    latest = event;
  };
  const closes = [
    [100, 101, 99, 102, 104, 103, 105],
    [50, 50.6, 49.4, 51, 52.1, 51.5, 52.6],
    [400, 399, 401, 398, 397, 399, 396],
  ];
  for (let index = 0; index < 7; index++) {
    ['AAPL', 'MSFT', 'SPY'].forEach((symbol, s) => operator.next(bar(symbol, index, closes[s]![index]!), emit));
  }
  if (latest === null) throw new Error('the operator emitted no matrix');
  return latest;
}

describe('analytics routes', () => {
  let server: TestServer;
  let viewer: { authorization: string };
  const correlation = correlationEvent();
  const forming = partialBar('AAPL', 10, 101);
  const intrabar: IntrabarIndicators = { bar: forming, values: { ema_20: 100.5, rsi_14: null } };
  const peeked: string[] = [];
  const get = (url: string) => server.inject({ method: 'GET', url, headers: viewer });

  beforeAll(async () => {
    server = await createTestServer({
      deps: {
        correlation: (timeframe) => (timeframe === '1m' ? correlation : null),
        peekIndicators: (symbol, timeframe) => {
          peeked.push(`${symbol}/${timeframe}`);
          return symbol === 'AAPL' && timeframe === '1m' ? intrabar : null;
        },
      },
    });
    viewer = await server.apiKey('viewer');
    await server.store.write({
      bars: [bar('AAPL', 0), bar('MSFT', 0)],
      indicators: [
        ...[0, 1, 2, 3, 4].map((i) => indicatorSet(i, { ema_20: 100 + i, rsi_14: i < 2 ? null : 50 + i })),
        indicatorSet(0, { ema_20: 99 }, '5m'),
      ],
      features: [featureSet(0, [null, 0.5, 1.2]), featureSet(1, [0.01, -0.3, 1.1]), featureSet(2, [-0.02, 2.4, 1.3])],
    });
  });
  afterAll(async () => {
    expect(server.schemaViolations).toEqual([]);
    await server.close();
  });

  describe('GET /indicators/:symbol/history', () => {
    it('lists stored values per closed bar, newest first, with bar times', async () => {
      const response = await get('/api/v1/indicators/AAPL/history');
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body).toMatchObject({ symbol: 'AAPL', timeframe: '1m', count: 5, next: null });
      expect(body.data[0]).toEqual({
        start: T0 + 4 * MICROS_PER_MINUTE,
        startIso: isoFromMicros(T0 + 4 * MICROS_PER_MINUTE),
        ts: T0 + 5 * MICROS_PER_MINUTE,
        tsIso: isoFromMicros(T0 + 5 * MICROS_PER_MINUTE),
        values: { ema_20: 104, rsi_14: 54 },
      });
      expect(body.data[4].values).toEqual({ ema_20: 100, rsi_14: null });
    });

    it('filters by timeframe and bar start, and pages with a cursor', async () => {
      const five = (await get('/api/v1/indicators/AAPL/history?timeframe=5min')).json();
      expect(five.data.map((row: { values: object }) => row.values)).toEqual([{ ema_20: 99 }]);

      const from = isoFromMicros(T0 + MICROS_PER_MINUTE);
      const to = isoFromMicros(T0 + 3 * MICROS_PER_MINUTE);
      const ranged = (await get(`/api/v1/indicators/AAPL/history?from=${from}&to=${to}&order=asc`)).json();
      expect(ranged.data.map((row: { values: { ema_20: number } }) => row.values.ema_20)).toEqual([101, 102]);

      const seen: number[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor === null ? '' : `&cursor=${cursor}`;
        const page = (await get(`/api/v1/indicators/AAPL/history?limit=2${query}`)).json();
        seen.push(...page.data.map((row: { values: { ema_20: number } }) => row.values.ema_20));
        cursor = page.next;
      } while (cursor !== null);
      expect(seen).toEqual([104, 103, 102, 101, 100]);
    });

    it('shows recomputed values after an upsert of the same bar', async () => {
      await server.store.write({ indicators: [indicatorSet(4, { ema_20: 104.5, rsi_14: 55 })] });
      const latest = (await get('/api/v1/indicators/AAPL/history?limit=1')).json();
      expect(latest.data[0].values).toEqual({ ema_20: 104.5, rsi_14: 55 });
    });

    it('is empty for a known symbol without values, 404 for an unknown one, 400 for a bad timeframe', async () => {
      expect((await get('/api/v1/indicators/MSFT/history')).json()).toMatchObject({ count: 0, data: [], next: null });
      const unknown = await get('/api/v1/indicators/NOPE/history');
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().error.message).toMatch(/unknown symbol "NOPE"/);
      expect((await get('/api/v1/indicators/AAPL/history?timeframe=7m')).statusCode).toBe(400);
      expect((await server.inject({ method: 'GET', url: '/api/v1/indicators/AAPL/history' })).statusCode).toBe(401);
    });
  });

  describe('GET /features/:symbol', () => {
    it('lists feature vectors with names and values side by side', async () => {
      const body = (await get('/api/v1/features/AAPL?order=asc')).json();
      expect(body).toMatchObject({ symbol: 'AAPL', timeframe: '1m', count: 3, next: null });
      expect(body.data[0]).toEqual({
        start: T0,
        startIso: isoFromMicros(T0),
        ts: T0 + MICROS_PER_MINUTE,
        tsIso: isoFromMicros(T0 + MICROS_PER_MINUTE),
        schemaVersion: 2,
        names: ['log_return', 'volume_z', 'spread_bps'],
        values: [null, 0.5, 1.2],
      });
      expect(body.data.map((row: { values: number[] }) => row.values[1])).toEqual([0.5, -0.3, 2.4]);
    });

    it('pages newest first and 404s an unknown symbol', async () => {
      const first = (await get('/api/v1/features/AAPL?limit=2')).json();
      expect(first.data.map((row: { start: number }) => row.start)).toEqual([
        T0 + 2 * MICROS_PER_MINUTE,
        T0 + MICROS_PER_MINUTE,
      ]);
      const second = (await get(`/api/v1/features/AAPL?limit=2&cursor=${first.next}`)).json();
      expect(second.data.map((row: { start: number }) => row.start)).toEqual([T0]);
      expect(second.next).toBeNull();
      expect((await get('/api/v1/features/NOPE')).statusCode).toBe(404);
    });
  });

  describe('GET /correlation', () => {
    it('reshapes the live matrix into rows, one per symbol', async () => {
      const response = await get('/api/v1/correlation?timeframe=1min');
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body).toMatchObject({
        timeframe: '1m',
        ts: correlation.ts,
        tsIso: isoFromMicros(correlation.ts),
        window: 5,
        symbols: ['AAPL', 'MSFT', 'SPY'],
      });
      const n = correlation.symbols.length;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) expect(body.matrix[i][j]).toBe(correlation.values[i * n + j]);
      }
      // The operator's figures themselves: a perfect self-correlation and a symmetric matrix.
      expect(body.matrix[0][0]).toBeCloseTo(1, 12);
      expect(body.matrix[0][1]).toBe(body.matrix[1][0]);
      expect(body.matrix[0][2]).toBeLessThan(0);
    });

    it('is 404 with a clear message when the timeframe has no matrix, 400 for a bad timeframe', async () => {
      const missing = await get('/api/v1/correlation?timeframe=5m');
      expect(missing.statusCode).toBe(404);
      expect(missing.json().error.message).toMatch(/no correlation matrix for timeframe 5m yet/);
      expect((await get('/api/v1/correlation?timeframe=fortnight')).statusCode).toBe(400);
    });
  });

  describe('GET /indicators/:symbol with intrabar values', () => {
    it('adds the forming bar’s values next to the closed bar’s', async () => {
      server.cache.observe(indicatorSet(9, { ema_20: 100.2, rsi_14: 48 }));
      peeked.length = 0;
      const body = (await get('/api/v1/indicators/AAPL')).json();
      expect(body.indicators).toEqual([
        {
          timeframe: '1m',
          ts: T0 + 10 * MICROS_PER_MINUTE,
          tsIso: isoFromMicros(T0 + 10 * MICROS_PER_MINUTE),
          values: { ema_20: 100.2, rsi_14: 48 },
        },
      ]);
      expect(body.intrabar).toEqual([
        {
          timeframe: '1m',
          start: forming.start,
          startIso: isoFromMicros(forming.start),
          ts: forming.end,
          tsIso: isoFromMicros(forming.end),
          values: { ema_20: 100.5, rsi_14: null },
        },
      ]);
      // Every built timeframe is asked for when none is named.
      expect(peeked).toEqual(['1s', '1m', '5m', '15m', '1h', '1d'].map((tf) => `AAPL/${tf}`));
    });

    it('asks only for the named timeframe', async () => {
      peeked.length = 0;
      const body = (await get('/api/v1/indicators/AAPL?timeframe=5m')).json();
      expect(body.intrabar).toEqual([]);
      expect(peeked).toEqual(['AAPL/5m']);
    });
  });

  it('documents the new routes in OpenAPI', async () => {
    const document = (await server.inject({ method: 'GET', url: '/docs/json' })).json() as {
      paths: Record<string, unknown>;
    };
    for (const path of [
      '/api/v1/indicators/{symbol}/history',
      '/api/v1/features/{symbol}',
      '/api/v1/correlation',
      '/api/v1/alerts/channels',
      '/api/v1/alerts/deliveries',
      '/api/v1/alerts/deliveries/{id}/retry',
      '/api/v1/alerts/test',
      '/api/v1/system/stats',
    ]) {
      expect(Object.keys(document.paths)).toContain(path);
    }
  });
});

describe('GET /correlation without a pipeline', () => {
  it('is 404 saying so', async () => {
    const server = await createTestServer();
    try {
      const response = await server.inject({
        method: 'GET',
        url: '/api/v1/correlation',
        headers: await server.apiKey('viewer'),
      });
      expect(response.statusCode).toBe(404);
      expect(response.json().error.message).toMatch(/not connected to a running pipeline/);
    } finally {
      await server.close();
    }
  });
});
