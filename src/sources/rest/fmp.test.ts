import { afterEach, describe, expect, it } from 'vitest';
import { recordedBody } from '../../../test/sources/binance-server.js';
import { LocalHttpServer } from '../../../test/sources/http-server.js';
import { fmpChartRoute } from '../../../test/sources/rest-servers.js';
import type { SourceBar } from '../common/source.js';
import { FmpClient, parseFmpChart } from './fmp.js';

const KEY = 'FMPKEY000TEST5678';
let server: LocalHttpServer | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

describe('FMP historical chart', () => {
  it('reads naive New York dates (EST before 2024-03-10, EDT after) and sorts ascending', () => {
    const bars = parseFmpChart(
      JSON.parse(recordedBody('fmp', 'historical-chart-5min.json')),
      'AAPL',
      '5m',
      Number.MAX_SAFE_INTEGER,
    );
    expect(bars.map((b) => new Date(b.start / 1000).toISOString())).toEqual([
      '2024-03-08T14:30:00.000Z',
      '2024-03-11T19:50:00.000Z',
      '2024-03-11T19:55:00.000Z',
    ]);
    expect(bars[0]).toMatchObject({ open: 169, high: 169.9, low: 168.49, close: 169.62, volume: 5432110 });
    expect(() => parseFmpChart(JSON.parse(recordedBody('fmp', 'error.json')), 'AAPL', '5m', 0)).toThrow(
      /Invalid API KEY/,
    );
  });

  it('client: day windows with from/to dates, the key sent but masked in errors', async () => {
    server = await LocalHttpServer.start();
    server.route('/stable/historical-chart/', fmpChartRoute(KEY));
    const client = new FmpClient({ apiKey: KEY, baseUrl: server.url });
    const bars: SourceBar[] = [];
    const request = {
      symbol: 'AAPL',
      timeframe: '5m',
      from: Date.UTC(2024, 2, 1, 5) * 1000,
      to: Date.UTC(2024, 2, 12, 4) * 1000,
    };
    for await (const page of client.bars(request)) bars.push(...page);
    expect(bars).toHaveLength(3);
    const windows = server.requests.map((r) => {
      const q = new URL(r.url, server?.url).searchParams;
      return [q.get('from'), q.get('to')];
    });
    expect(windows).toEqual([
      ['2024-03-01', '2024-03-10'],
      ['2024-03-11', '2024-03-11'],
    ]);
    const wrong = new FmpClient({ apiKey: 'WRONGKEY00001111', baseUrl: server.url, maxRetries: 0 });
    const run = (async () => {
      for await (const _page of wrong.bars(request)) void _page;
    })();
    await expect(run).rejects.toThrow(/HTTP 401/);
    await expect(run).rejects.not.toThrow(/WRONGKEY00001111/);
  });
});
