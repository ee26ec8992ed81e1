import { afterEach, describe, expect, it } from 'vitest';
import { json, LocalHttpServer, rateLimitedFirst } from '../../../test/sources/http-server.js';
import { readRecorded } from '../../../test/sources/recorded.js';
import { CollectingSink } from '../../../test/sources/collecting-sink.js';
import { waitFor } from '../../../test/sources/ws-server.js';
import { PolygonAggregatesPoller } from './aggregates-poller.js';
import { GapFiller } from '../common/gap-filler.js';
import type { SourceBar } from '../common/source.js';
import { parsePolygonAggregates, polygonGapFetch, PolygonRestClient } from './rest.js';
import { planPolygonFeeds, polygonAccessForPlan, polygonRestTicker } from './tiers.js';

const KEY = 'PolygonRestKey0123456789';
let server: LocalHttpServer | null = null;

afterEach(async () => {
  await server?.stop();
  server = null;
});

/** Serves the recorded two-page minute aggregates, with next_url pointing back at this server. */
async function aggregatesServer(): Promise<LocalHttpServer> {
  const local = await LocalHttpServer.start();
  const page1 = JSON.stringify(readRecorded('polygon', 'aggregates-page1.json')).replace('{BASE}', local.url);
  const page2 = readRecorded('polygon', 'aggregates-page2.json');
  local.route('/v2/aggs/ticker/AAPL/', (_req, res, url) =>
    url.searchParams.has('cursor') ? json(res, 200, page2) : json(res, 200, page1),
  );
  return local;
}

describe('Polygon REST aggregates', () => {
  it('parses bars: ms → µs, bar end = start + timeframe, vwap and trade count', () => {
    const body = readRecorded('polygon', 'aggregates-day.json');
    const { bars, next } = parsePolygonAggregates(body, 'BTC-USD', 1, 'day', 5);
    expect(next).toBeNull();
    expect(bars[0]).toEqual({
      type: 'source.bar',
      source: 'polygon',
      symbol: 'BTC-USD',
      timeframe: '1d',
      start: Date.parse('2020-01-02T05:00:00Z') * 1000, // midnight New York time
      end: Date.parse('2020-01-03T05:00:00Z') * 1000,
      open: 7168.3,
      high: 7212.5,
      low: 6935.0,
      close: 6965.7,
      volume: 21712.5,
      vwap: 7147.2,
      trades: 91234,
      revision: 'final',
      tsRecv: 5,
    });
    expect(() => parsePolygonAggregates({ status: 'ERROR', error: 'bad ticker' }, 'X', 1, 'minute', 0)).toThrow(
      /bad ticker/,
    );
    expect(() => parsePolygonAggregates({ results: [{ o: '1' }] }, 'X', 1, 'minute', 0)).toThrow(/malformed/);
  });

  it('follows next_url on the configured host with the key re-attached (header auth)', async () => {
    server = await aggregatesServer();
    const client = new PolygonRestClient({ apiKey: KEY, baseUrl: server.url });
    const bars = await client.fetchAggregates({
      ticker: 'AAPL',
      multiplier: 1,
      timespan: 'minute',
      from: 1_704_724_200_000_000,
      to: 1_704_724_500_000_000,
    });
    expect(bars.map((b) => [b.start, b.end, b.close])).toEqual([
      [1_704_724_200_000_000, 1_704_724_260_000_000, 189.71],
      [1_704_724_260_000_000, 1_704_724_320_000_000, 189.9],
      [1_704_724_320_000_000, 1_704_724_380_000_000, 190.01],
    ]);
    expect(server.requests.map((r) => r.url)).toEqual([
      '/v2/aggs/ticker/AAPL/range/1/minute/1704724200000/1704724500000?adjusted=true&sort=asc&limit=50000',
      '/v2/aggs/ticker/AAPL/range/1/minute/1704724320000/1704724500000?cursor=bGltaXQ9MiZzb3J0PWFzYw',
    ]);
    expect(server.requests.every((r) => r.headers.authorization === `Bearer ${KEY}`)).toBe(true);
  });

  it('query auth re-attaches apiKey to the cursor; 429 with Retry-After is waited out', async () => {
    server = await aggregatesServer();
    const page2 = readRecorded('polygon', 'aggregates-page2.json');
    server.route(
      '/v2/aggs/ticker/AAPL/range/1/minute/1704724320000',
      rateLimitedFirst(1, '1', (_q, res) => json(res, 200, page2)),
    );
    const client = new PolygonRestClient({ apiKey: KEY, baseUrl: server.url, auth: 'query' });
    const bars = await client.fetchAggregates({ ticker: 'AAPL', multiplier: 1, timespan: 'minute', from: 0, to: 1 });
    expect(bars).toHaveLength(3);
    expect(server.requests).toHaveLength(3);
    expect(server.requests.every((r) => new URL(r.url, server!.url).searchParams.get('apiKey') === KEY)).toBe(true);
    expect((server.requests[2]?.at ?? 0) - (server.requests[1]?.at ?? 0)).toBeGreaterThanOrEqual(990);
    expect(client.http.stats.rateLimited).toBe(1);
  });

  it('stops on a cursor loop and masks the key in errors', async () => {
    server = await LocalHttpServer.start();
    const url = server.url;
    server.route('/v2/aggs/', (_req, res) =>
      json(res, 200, { status: 'OK', results: [], next_url: `${url}/v2/aggs/loop?cursor=same` }),
    );
    const client = new PolygonRestClient({ apiKey: KEY, baseUrl: url, auth: 'query' });
    await expect(
      client.fetchAggregates({ ticker: 'AAPL', multiplier: 1, timespan: 'minute', from: 0, to: 1 }),
    ).rejects.toThrow(/cursor repeated/);
    server.route('/v2/aggs/', (_req, res) => json(res, 401, { status: 'ERROR', error: 'Unknown API Key' }));
    const error = await client
      .fetchAggregates({ ticker: 'AAPL', multiplier: 1, timespan: 'minute', from: 0, to: 1 })
      .then(
        () => new Error('expected a failure'),
        (e: unknown) => e as Error,
      );
    expect(error.message).toMatch(/HTTP 401/);
    expect(error.message).not.toContain(KEY);
    expect(error.message).toContain('Poly…6789');
  });
});

describe('Polygon gap-fill', () => {
  it('fetches minute aggregates for a reported gap on the cluster ticker and keeps the bars inside it', async () => {
    server = await aggregatesServer();
    const client = new PolygonRestClient({ apiKey: KEY, baseUrl: server.url });
    const bars: SourceBar[] = [];
    const filler = new GapFiller({ fetch: polygonGapFetch(client, polygonRestTicker), onBars: (b) => bars.push(...b) });
    // A reconnect gap from 14:30:30 to 14:31:30 touches the 14:30 and 14:31 minutes.
    filler.enqueue({
      source: 'polygon',
      stream: 'stocks',
      symbol: 'AAPL',
      from: 1_704_724_230_000_000,
      to: 1_704_724_290_000_000,
      reason: 'reconnect',
    });
    await filler.idle();
    expect(server.requests[0]?.url).toMatch(
      /^\/v2\/aggs\/ticker\/AAPL\/range\/1\/minute\/1704724200000\/1704724290000\?/,
    );
    expect(bars.map((b) => b.start)).toEqual([1_704_724_200_000_000, 1_704_724_260_000_000]);
    expect(filler.stats.filled).toBe(1);
  });
});

describe('subscription tiers', () => {
  it('maps plans to access per asset class', () => {
    expect(polygonAccessForPlan('stocks', 'basic')).toBe('rest');
    expect(polygonAccessForPlan('stocks', 'starter')).toBe('delayed');
    expect(polygonAccessForPlan('stocks', 'advanced')).toBe('realtime');
    expect(polygonAccessForPlan('crypto', 'starter')).toBe('realtime');
    expect(polygonRestTicker('crypto', 'BTC-USD')).toBe('X:BTCUSD');
    expect(polygonRestTicker('forex', 'EUR/USD')).toBe('C:EURUSD');
  });

  it('splits assets into WebSocket subscriptions and REST polling', () => {
    const plan = planPolygonFeeds([
      { cluster: 'stocks', symbols: ['AAPL', 'MSFT'], plan: 'developer', channels: ['T', 'AM'] },
      { cluster: 'crypto', symbols: ['BTC-USD'], plan: 'starter' },
      { cluster: 'indices', symbols: ['I:SPX'], plan: 'basic' },
    ]);
    expect(plan.websocket).toEqual([
      { cluster: 'stocks', feed: 'delayed', channels: ['T.AAPL', 'AM.AAPL', 'T.MSFT', 'AM.MSFT'] },
      { cluster: 'crypto', feed: 'realtime', channels: ['XT.BTC-USD', 'XQ.BTC-USD'] },
    ]);
    expect(plan.rest).toEqual([{ cluster: 'indices', symbol: 'I:SPX', ticker: 'I:SPX' }]);
    expect(plan.restRateLimit.ratePerSecond).toBeCloseTo(5 / 60);
    expect(() => planPolygonFeeds([{ cluster: 'crypto', symbols: ['X'], access: 'delayed' }])).toThrow(/no delayed/);
  });
});

describe('PolygonAggregatesPoller', () => {
  it('delivers each closed bar once across polls', async () => {
    server = await aggregatesServer();
    const now = 1_704_724_380_000_000; // the third bar has just closed
    const poller = new PolygonAggregatesPoller({
      client: new PolygonRestClient({ apiKey: KEY, baseUrl: server.url }),
      targets: [{ cluster: 'stocks', symbol: 'AAPL', ticker: 'AAPL' }],
      now: () => now,
    });
    const sink = new CollectingSink();
    poller.start(sink);
    await waitFor(() => sink.bars.length === 3, 'three bars');
    await poller.stop();
    expect(sink.bars.map((b) => b.start)).toEqual([
      1_704_724_200_000_000, 1_704_724_260_000_000, 1_704_724_320_000_000,
    ]);
    await poller.pollOnce();
    expect(sink.bars).toHaveLength(3); // the server returns the same bars: none is sent twice
    expect(poller.status().counters.bars).toBe(3);
  });
});
