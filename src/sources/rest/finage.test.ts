import { afterEach, describe, expect, it } from 'vitest';
import { recordedBody } from '../../../test/sources/binance-server.js';
import { json, LocalHttpServer, rateLimitedFirst, type Route } from '../../../test/sources/http-server.js';
import type { SourceBar } from '../common/source.js';
import { easternDateOf } from './eastern-time.js';
import { FinageClient, parseFinageAggregates } from './finage.js';
import { createBarHistory, historyTimeframes } from './history-sources.js';

const KEY = 'FINAGEKEY000TEST9876';
const iso = (bar: SourceBar): string => new Date(bar.start / 1000).toISOString();
let server: LocalHttpServer | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

/**
 * Speaks Finage's documented aggregates route from the recorded payloads: the key, the
 * New York dates (inclusive), `sort=asc` and `limit` are honoured as the docs describe.
 */
function finageRoute(apiKey: string): Route {
  return (_request, response, url) => {
    if (url.searchParams.get('apikey') !== apiKey) {
      json(response, 401, JSON.parse(recordedBody('finage', 'error.json')));
      return;
    }
    const match = /^\/agg\/stock\/([^/]+)\/(\d+)\/(minute|hour|day)\/(\d{4}-\d{2}-\d{2})\/(\d{4}-\d{2}-\d{2})$/.exec(
      url.pathname,
    );
    if (match === null) {
      json(response, 404, { error: `no route ${url.pathname}` });
      return;
    }
    const [, symbol, multiply, time, from, to] = match as unknown as string[];
    const file = time === 'day' ? 'aggregates-1day.json' : `aggregates-${multiply}min.json`;
    const recorded = JSON.parse(recordedBody('finage', file)) as { results: { t: number }[] };
    const limit = Number(url.searchParams.get('limit') ?? 100);
    const results = recorded.results
      .filter((row) => {
        const date = easternDateOf(row.t * 1000).date;
        return date >= (from as string) && date <= (to as string);
      })
      .slice(0, limit);
    json(response, 200, { symbol, totalResults: results.length, results });
  };
}

describe('Finage stock aggregates (parser)', () => {
  it('reads t as the bar start in Unix ms: 5-minute bars across the 2024 spring-forward weekend', () => {
    const bars = parseFinageAggregates(
      JSON.parse(recordedBody('finage', 'aggregates-5min.json')),
      'AAPL',
      '5m',
      Number.MAX_SAFE_INTEGER,
    );
    expect(bars.map(iso)).toEqual([
      '2024-03-08T14:00:00.000Z', // 09:00 EST, pre-market
      '2024-03-08T14:30:00.000Z', // 09:30 EST
      '2024-03-11T13:30:00.000Z', // 09:30 EDT
      '2024-03-11T19:55:00.000Z',
    ]);
    expect(bars[1]).toMatchObject({
      source: 'finage',
      symbol: 'AAPL',
      timeframe: '5m',
      end: bars[1]!.start + 300_000_000,
      open: 169,
      high: 169.9,
      low: 168.49,
      close: 169.62,
      volume: 5432110,
      revision: 'final',
    });
  });

  it('daily bars start at New York midnight (05:00 UTC in winter, 04:00 UTC in summer)', () => {
    const bars = parseFinageAggregates(JSON.parse(recordedBody('finage', 'aggregates-1day.json')), 'AAPL', '1d', 0);
    expect(bars.map((bar) => easternDateOf(bar.start))).toEqual([
      { date: '2024-03-07', midnight: bars[0]!.start },
      { date: '2024-03-08', midnight: bars[1]!.start },
      { date: '2024-03-11', midnight: bars[2]!.start },
    ]);
    expect(bars.every((bar) => bar.revision === 'partial')).toBe(true); // recv 0: none has ended yet
  });

  it('quotes refusals and rejects malformed rows and bodies with what was wrong', () => {
    expect(() => parseFinageAggregates(JSON.parse(recordedBody('finage', 'error.json')), 'AAPL', '5m', 0)).toThrow(
      'finage: refused: "Invalid API key. Please check your API key."',
    );
    expect(() => parseFinageAggregates([], 'AAPL', '5m', 0)).toThrow(/no results array/);
    expect(() =>
      parseFinageAggregates({ results: [{ o: 1, h: 1, l: 1, c: '1', v: 1, t: 1 }] }, 'AAPL', '5m', 0),
    ).toThrow(/malformed bar/);
    expect(() => parseFinageAggregates({ results: [{ o: 1, h: 1, l: 1, c: 1, v: 1 }] }, 'AAPL', '5m', 0)).toThrow(
      /malformed bar/,
    );
    expect(() => parseFinageAggregates({ results: [] }, 'AAPL', '2m', 0)).toThrow(/"2m" is not supported; use 1m/);
  });
});

describe('Finage client against a local server', () => {
  const march = {
    symbol: 'AAPL',
    timeframe: '5m',
    from: Date.UTC(2024, 2, 1, 5) * 1000,
    to: Date.UTC(2024, 2, 12, 4) * 1000,
  };

  it('asks for New York date windows with the key, sort and limit; the key is masked in errors', async () => {
    server = await LocalHttpServer.start();
    server.route('/agg/stock/', finageRoute(KEY));
    const client = new FinageClient({ apiKey: KEY, baseUrl: server.url });
    const bars: SourceBar[] = [];
    for await (const page of client.bars(march)) bars.push(...page);
    expect(bars.map(iso)).toEqual([
      '2024-03-08T14:00:00.000Z',
      '2024-03-08T14:30:00.000Z',
      '2024-03-11T13:30:00.000Z',
      '2024-03-11T19:55:00.000Z',
    ]);
    const url = new URL(server.requests[0]!.url, server.url);
    expect(url.pathname).toBe('/agg/stock/AAPL/5/minute/2024-03-01/2024-03-11');
    expect(Object.fromEntries(url.searchParams)).toEqual({ apikey: KEY, limit: '50000', sort: 'asc' });

    const wrong = new FinageClient({ apiKey: 'WRONGKEY00001111', baseUrl: server.url, maxRetries: 0 });
    const run = (async () => {
      for await (const _page of wrong.bars(march)) void _page;
    })();
    await expect(run).rejects.toThrow(/HTTP 401/);
    await expect(run).rejects.not.toThrow(/WRONGKEY00001111/);
  });

  it('waits out HTTP 429 with Retry-After, then gets the bars', async () => {
    server = await LocalHttpServer.start();
    server.route('/agg/stock/', rateLimitedFirst(1, '1', finageRoute(KEY)));
    const client = new FinageClient({ apiKey: KEY, baseUrl: server.url });
    const started = Date.now();
    const bars: SourceBar[] = [];
    for await (const page of client.bars(march)) bars.push(...page);
    expect(bars).toHaveLength(4);
    expect(server.requests).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('a response that fills the limit is continued from its last bar’s day, without duplicates', async () => {
    server = await LocalHttpServer.start();
    server.route('/agg/stock/', finageRoute(KEY));
    const client = new FinageClient({ apiKey: KEY, baseUrl: server.url, limit: 3 });
    const bars: SourceBar[] = [];
    for await (const page of client.bars(march)) bars.push(...page);
    expect(bars.map(iso)).toEqual([
      '2024-03-08T14:00:00.000Z',
      '2024-03-08T14:30:00.000Z',
      '2024-03-11T13:30:00.000Z',
      '2024-03-11T19:55:00.000Z',
    ]);
    expect(server.requests.map((r) => new URL(r.url, server?.url).pathname.split('/').slice(-2).join('..'))).toEqual([
      '2024-03-01..2024-03-11',
      '2024-03-11..2024-03-11',
    ]);
    // A day holding more bars than one response cannot be walked by dates: a clear error, not a loop.
    const tight = new FinageClient({ apiKey: KEY, baseUrl: server.url, limit: 2 });
    const run = (async () => {
      for await (const _page of tight.bars({ ...march, from: Date.UTC(2024, 2, 8, 5) * 1000 })) void _page;
    })();
    await expect(run).rejects.toThrow(/AAPL 2024-03-08 has 2\+ bars.*coarser --timeframe/);
    expect(() => new FinageClient({ apiKey: KEY, limit: 60_000 })).toThrow(/from 2 to 50000/);
  });

  it('is a backfill source: `--source finage`, FINAGE_API_KEY from the environment, its timeframes', async () => {
    server = await LocalHttpServer.start();
    server.route('/agg/stock/', finageRoute(KEY));
    expect(historyTimeframes('finage')).toEqual(['1m', '5m', '15m', '30m', '1h', '4h', '1d']);
    expect(() => createBarHistory('finage', { environment: {} })).toThrow(/finage: no API key; set FINAGE_API_KEY/);
    const history = createBarHistory('finage', { baseUrl: server.url, environment: { FINAGE_API_KEY: KEY } });
    const bars: SourceBar[] = [];
    const from = Date.UTC(2024, 2, 7, 5) * 1000;
    for await (const page of history.bars('AAPL', '1d', from, Date.UTC(2024, 2, 12, 4) * 1000)) bars.push(...page);
    expect(bars.map((bar) => easternDateOf(bar.start).date)).toEqual(['2024-03-07', '2024-03-08', '2024-03-11']);
  });
});
