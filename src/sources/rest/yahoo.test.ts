import { afterEach, describe, expect, it } from 'vitest';
import { recordedBody } from '../../../test/sources/binance-server.js';
import { LocalHttpServer } from '../../../test/sources/http-server.js';
import { yahooChartRoute } from '../../../test/sources/rest-servers.js';
import type { SourceBar } from '../common/source.js';
import { parseYahooChart, YahooChartClient } from './yahoo.js';

const recorded = (file: string): unknown => JSON.parse(recordedBody('yahoo', file));
let server: LocalHttpServer | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

describe('Yahoo chart', () => {
  it('reads second timestamps, skips rows with null prices, takes a null volume as 0', () => {
    const { bars, skipped } = parseYahooChart(recorded('chart-5m.json'), 'AAPL', '5m', Number.MAX_SAFE_INTEGER);
    expect(skipped).toBe(1);
    expect(bars.map((b) => [b.start, b.end - b.start, b.volume])).toEqual([
      [1710163800_000_000, 300_000_000, 4823145],
      [1710164100_000_000, 300_000_000, 1983402],
      [1710164700_000_000, 300_000_000, 0],
    ]);
    expect(bars[0]?.open).toBe(172.94000244140625);
  });

  it('re-anchors daily bars to New York midnight with the DST of each date (not today’s gmtoffset)', () => {
    const { bars } = parseYahooChart(recorded('chart-1d.json'), 'AAPL', '1d', Number.MAX_SAFE_INTEGER);
    expect(bars.map((b) => new Date(b.start / 1000).toISOString())).toEqual([
      '2024-03-08T05:00:00.000Z',
      '2024-03-11T04:00:00.000Z',
    ]);
  });

  it('an empty range gives no bars; chart.error throws with its description', () => {
    expect(parseYahooChart(recorded('chart-empty.json'), 'AAPL', '1m', 0).bars).toEqual([]);
    expect(() => parseYahooChart(recorded('chart-error.json'), 'ZZZZ', '1m', 0)).toThrow(/symbol may be delisted/);
  });

  it('client: splits 1m ranges into 7-day windows', async () => {
    server = await LocalHttpServer.start();
    server.route('/v8/finance/chart/', yahooChartRoute('chart-empty.json'));
    const client = new YahooChartClient({ baseUrl: server.url, rateLimit: { ratePerSecond: 100, capacity: 100 } });
    const from = Date.UTC(2024, 2, 1) * 1000;
    const pages: SourceBar[][] = [];
    for await (const page of client.bars({ symbol: 'AAPL', timeframe: '1m', from, to: from + 15 * 86_400_000_000 }))
      pages.push(page);
    expect(pages).toHaveLength(3);
    const spans = server.requests.map((r) => {
      const q = new URL(r.url, server?.url).searchParams;
      return (Number(q.get('period2')) - Number(q.get('period1'))) / 86_400;
    });
    expect(spans).toEqual([7, 7, 1]);
  });
});
