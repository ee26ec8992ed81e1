import { afterEach, describe, expect, it } from 'vitest';
import { json, LocalHttpServer, rateLimitedFirst } from '../../../test/sources/http-server.js';
import { readRecorded } from '../../../test/sources/recorded.js';
import { AlpacaRestClient, alpacaTimeframe, parseAlpacaBars } from './rest.js';
import type { SourceBar } from '../common/source.js';

const KEY_ID = 'PKALPACAKEYID00001234';
const SECRET = 'alpacaSecretKeyValue0000000009876';
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

const T0 = Date.parse('2024-01-08T14:30:00Z') * 1000;

describe('Alpaca REST bars', () => {
  it('maps timeframes and parses pages', () => {
    expect(alpacaTimeframe('5m').alpaca).toBe('5Min');
    expect(alpacaTimeframe('1h').alpaca).toBe('1Hour');
    expect(alpacaTimeframe('1d').alpaca).toBe('1Day');
    expect(() => alpacaTimeframe('7m')).toThrow(/not supported/);
    const page = parseAlpacaBars(readRecorded('alpaca', 'bars-page1.json'), '1m', 0);
    expect(page.next).toBe('QUFQTHxNfDIwMjQtMDEtMDhUMTQ6MzI6MDAuMDAwMDAwMDAwWg==');
    expect(page.bars.map((b) => [b.symbol, b.start - T0, b.end - b.start, b.trades])).toEqual([
      ['AAPL', 0, 60_000_000, 5473],
      ['AAPL', 60_000_000, 60_000_000, 4410],
      ['MSFT', 0, 60_000_000, 2210],
    ]);
    expect(() => parseAlpacaBars({ bars: { X: [{ t: 'x', o: 1, h: 1, l: 1, c: 1, v: 1 }] } }, '1m', 0)).toThrow(
      /malformed/,
    );
  });

  it('stock bars: key headers, page_token until null, 429 Retry-After honoured', async () => {
    server = await LocalHttpServer.start();
    const pages = [readRecorded('alpaca', 'bars-page1.json'), readRecorded('alpaca', 'bars-page2.json')];
    server.route(
      '/v2/stocks/bars',
      rateLimitedFirst(1, '1', (_req, res, url) =>
        json(res, 200, url.searchParams.has('page_token') ? pages[1] : pages[0]),
      ),
    );
    const client = new AlpacaRestClient({ keyId: KEY_ID, secretKey: SECRET, baseUrl: server.url });
    const bars = await collect(
      client.stockBars({ symbols: ['AAPL', 'MSFT'], timeframe: '1m', start: T0, end: T0 + 300_000_000 }),
    );
    expect(bars.map((b) => `${b.symbol}@${(b.start - T0) / 60_000_000}`)).toEqual([
      'AAPL@0',
      'AAPL@1',
      'MSFT@0',
      'AAPL@2',
    ]);
    const [limited, first, second] = server.requests;
    expect(limited?.headers['apca-api-key-id']).toBe(KEY_ID);
    expect(first?.headers['apca-api-secret-key']).toBe(SECRET);
    expect((first?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(990);
    const query = new URL(first?.url ?? '', server.url).searchParams;
    expect(Object.fromEntries(query)).toEqual({
      symbols: 'AAPL,MSFT',
      timeframe: '1Min',
      start: '2024-01-08T14:30:00.000Z',
      end: '2024-01-08T14:35:00.000Z',
      limit: '10000',
      sort: 'asc',
      feed: 'iex',
      adjustment: 'raw',
    });
    expect(new URL(second?.url ?? '', server.url).searchParams.get('page_token')).toBe(
      'QUFQTHxNfDIwMjQtMDEtMDhUMTQ6MzI6MDAuMDAwMDAwMDAwWg==',
    );
  });

  it('crypto bars need no key; a repeated page token stops the loop', async () => {
    server = await LocalHttpServer.start();
    server.route('/v1beta3/crypto/us/bars', (_req, res) => json(res, 200, readRecorded('alpaca', 'crypto-bars.json')));
    const client = new AlpacaRestClient({ baseUrl: server.url });
    const bars = await collect(
      client.cryptoBars({ symbols: ['BTC/USD'], timeframe: '1m', start: T0, end: T0 + 60_000_000 }),
    );
    expect(bars).toHaveLength(1);
    expect(server.requests[0]?.headers['apca-api-key-id']).toBeUndefined();
    expect(() => client.stockBars({ symbols: ['AAPL'], timeframe: '1m', start: 0, end: 1 })).toThrow(/need keyId/);
    server.route('/v1beta3/crypto/us/bars', (_req, res) => json(res, 200, { bars: {}, next_page_token: 'again' }));
    await expect(
      collect(client.cryptoBars({ symbols: ['BTC/USD'], timeframe: '1m', start: 0, end: 1 })),
    ).rejects.toThrow(/cursor repeated/);
  });
});
