import { afterEach, describe, expect, it } from 'vitest';
import { recordedBody } from '../../../test/sources/binance-server.js';
import { LocalHttpServer, rateLimitedFirst } from '../../../test/sources/http-server.js';
import { alphaVantageRoute } from '../../../test/sources/rest-servers.js';
import type { SourceBar } from '../common/source.js';
import { AlphaVantageClient, AlphaVantageError, monthsCovering, parseAlphaVantageSeries } from './alphavantage.js';

const KEY = 'AVKEY0000TEST1234';
const recorded = (file: string): unknown => JSON.parse(recordedBody('alphavantage', file));
let server: LocalHttpServer | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

async function collect(pages: AsyncGenerator<SourceBar[]>): Promise<SourceBar[]> {
  const bars: SourceBar[] = [];
  for await (const page of pages) bars.push(...page);
  return bars;
}

describe('Alpha Vantage', () => {
  it('reads naive US/Eastern keys as bar starts, across the DST switch (EST Friday, EDT Monday)', () => {
    const bars = parseAlphaVantageSeries(recorded('intraday-5min.json'), 'IBM', '5m', Number.MAX_SAFE_INTEGER);
    expect(bars.map((b) => new Date(b.start / 1000).toISOString())).toEqual([
      '2024-03-08T20:55:00.000Z', // 15:55 EST
      '2024-03-11T13:30:00.000Z', // 09:30 EDT
      '2024-03-11T23:55:00.000Z', // 19:55 EDT
    ]);
    expect(bars[1]).toMatchObject({
      open: 195.09,
      high: 195.38,
      low: 194.7,
      close: 194.95,
      volume: 236788,
      end: bars[1]!.start + 300_000_000,
    });
  });

  it('daily bars span the New York calendar day', () => {
    const bars = parseAlphaVantageSeries(recorded('daily.json'), 'IBM', '1d', Number.MAX_SAFE_INTEGER);
    expect(bars.map((b) => [new Date(b.start / 1000).toISOString(), (b.end - b.start) / 3_600_000_000])).toEqual([
      ['2024-03-08T05:00:00.000Z', 24],
      ['2024-03-11T04:00:00.000Z', 24],
    ]);
  });

  it('detects the Information / Note rate-limit replies (HTTP 200) and explains them', () => {
    for (const file of ['information-rate-limit.json', 'note-rate-limit.json']) {
      let error: unknown;
      try {
        parseAlphaVantageSeries(recorded(file), 'IBM', '5m', 0);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AlphaVantageError);
      expect((error as AlphaVantageError).kind).toBe('rate_limit');
      expect((error as Error).message).toMatch(/25 requests per day.*resumes/);
    }
    expect(() => parseAlphaVantageSeries(recorded('error.json'), 'IBM', '5m', 0)).toThrow(/invalid call/);
  });

  it('lists the months of a range in New York time', () => {
    const from = Date.UTC(2024, 0, 31, 12) * 1000;
    expect(monthsCovering(from, Date.UTC(2024, 2, 1, 3) * 1000)).toEqual(['2024-01', '2024-02']); // 22:00 ET Feb 29
    expect(monthsCovering(from, Date.UTC(2024, 2, 1, 6) * 1000)).toEqual(['2024-01', '2024-02', '2024-03']);
  });

  it('client: one request per month with the key, filtered to the range; 429 Retry-After waited out', async () => {
    server = await LocalHttpServer.start();
    server.route('/query', rateLimitedFirst(1, '1', alphaVantageRoute({ apiKey: KEY, file: 'intraday-5min.json' })));
    const client = new AlphaVantageClient({ apiKey: KEY, baseUrl: server.url });
    const bars = await collect(
      client.bars({
        symbol: 'IBM',
        timeframe: '5m',
        from: Date.UTC(2024, 2, 8) * 1000,
        to: Date.UTC(2024, 2, 11, 20) * 1000,
      }),
    );
    expect(bars).toHaveLength(2);
    const query = new URL(server.requests[1]?.url ?? '', server.url).searchParams;
    expect(Object.fromEntries(query)).toMatchObject({
      function: 'TIME_SERIES_INTRADAY',
      symbol: 'IBM',
      interval: '5min',
      month: '2024-03',
      apikey: KEY,
    });
    expect((server.requests[1]?.at ?? 0) - (server.requests[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('client: a spent budget stops with the explanation, and the key never appears in errors', async () => {
    server = await LocalHttpServer.start();
    server.route('/query', alphaVantageRoute({ apiKey: KEY, file: 'intraday-5min.json', budget: 0 }));
    const client = new AlphaVantageClient({ apiKey: KEY, baseUrl: server.url });
    const run = collect(
      client.bars({
        symbol: 'IBM',
        timeframe: '5m',
        from: Date.UTC(2024, 2, 8) * 1000,
        to: Date.UTC(2024, 2, 9) * 1000,
      }),
    );
    await expect(run).rejects.toThrow(/budget is spent/);
    await expect(run).rejects.not.toThrow(new RegExp(KEY));
    expect(() => new AlphaVantageClient({ environment: {} })).toThrow(/ALPHA_VANTAGE_API_KEY/);
  });
});
