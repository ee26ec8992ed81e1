/** The shipped Alpaca client against a local Alpaca protocol server (test/sources/alpaca-server.ts) on 127.0.0.1. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Trade } from '../../core/events.js';
import { startAlpacaServer } from '../../../test/sources/alpaca-server.js';
import { CollectingSink } from '../../../test/sources/collecting-sink.js';
import { recordedFrames } from '../../../test/sources/recorded.js';
import { waitFor, type LocalWebSocketServer } from '../../../test/sources/ws-server.js';
import { AlpacaSource, type AlpacaSourceOptions } from './alpaca-source.js';
import type { AlpacaTradingStatus } from './parse.js';

const KEY_ID = 'PKALPACAKEYID00001234';
const SECRET = 'alpacaSecretKeyValue0000000009876';
const FAST = {
  pingIntervalMs: 40,
  silenceTimeoutMs: 800, // generous: a loaded CI machine must not trip it by accident
  handshakeTimeoutMs: 1_000,
  backoff: { initialMs: 20, maxMs: 80, random: () => 0.5 },
};

let server: LocalWebSocketServer | null = null;
const sources: AlpacaSource[] = [];

afterEach(async () => {
  await Promise.all(sources.splice(0).map((s) => s.stop()));
  await server?.stop();
  server = null;
});

function alpaca(overrides: Partial<AlpacaSourceOptions> = {}): AlpacaSource {
  const source = new AlpacaSource({
    keyId: KEY_ID,
    secretKey: SECRET,
    stream: { kind: 'stocks', feed: 'iex' },
    subscriptions: { trades: ['AAPL'], quotes: ['AAPL'], bars: ['*'] },
    baseUrl: server?.url,
    connection: FAST,
    ...overrides,
  });
  sources.push(source);
  return source;
}

const stockFrames = recordedFrames('alpaca', 'stocks.json');

describe('AlpacaSource against a local Alpaca server', () => {
  it('authenticates by message, subscribes, and delivers trades, quotes, bars and halts', async () => {
    server = await startAlpacaServer({ keyId: KEY_ID, secretKey: SECRET, dataAfterSubscribe: () => stockFrames });
    const sink = new CollectingSink();
    const halts: AlpacaTradingStatus[] = [];
    const source = alpaca({ onTradingStatus: (s) => halts.push(s) });
    source.start(sink);
    await waitFor(() => sink.bars.length === 3, 'bars');
    expect(server.connections[0]?.request.url).toBe('/v2/iex');
    expect(server.connections[0]?.received).toEqual([
      { action: 'auth', key: KEY_ID, secret: SECRET },
      { action: 'subscribe', trades: ['AAPL'], quotes: ['AAPL'], bars: ['*'] },
    ]);
    expect(sink.events.map((e) => e.type)).toEqual(['quote', 'trade', 'trade', 'trade']);
    expect(halts.map((h) => h.statusCode)).toEqual(['H']);
    expect(source.confirmedSubscription).toMatchObject({ trades: ['AAPL'], quotes: ['AAPL'], bars: ['*'] });
    expect(source.status()).toMatchObject({ state: 'connected', counters: { events: 4, bars: 3, ignored: 1 } });
  });

  it('authenticates with headers on the upgrade; crypto v1beta3 path; the FAKEPACA test stream', async () => {
    server = await startAlpacaServer({
      keyId: KEY_ID,
      secretKey: SECRET,
      dataAfterSubscribe: (client) =>
        client.request.url === '/v2/test'
          ? recordedFrames('alpaca', 'test-stream.json')
          : recordedFrames('alpaca', 'crypto.json'),
      connectionLimit: 5,
    });
    const sink = new CollectingSink();
    alpaca({
      authMode: 'headers',
      stream: { kind: 'crypto', location: 'us' },
      subscriptions: { trades: ['BTC/USD'] },
    }).start(sink);
    await waitFor(() => sink.events.length === 3, 'crypto events');
    expect(server.connections[0]?.request.url).toBe('/v1beta3/crypto/us');
    expect(server.connections[0]?.received).toEqual([{ action: 'subscribe', trades: ['BTC/USD'] }]); // no auth message
    expect((sink.events[1] as Trade).side).toBe('buy');
    const test = new CollectingSink();
    alpaca({ stream: { kind: 'stocks', feed: 'test' }, subscriptions: { trades: ['FAKEPACA'] } }).start(test);
    await waitFor(() => test.events.length === 2, 'FAKEPACA');
    expect(test.events.every((e) => e.symbol === 'FAKEPACA')).toBe(true);
  });

  it('error 402 (auth failed) is fatal with an explanation and masked keys', async () => {
    server = await startAlpacaServer({ keyId: KEY_ID, secretKey: 'the-right-secret-000000' });
    const source = alpaca();
    source.start(new CollectingSink());
    await waitFor(() => source.status().state === 'stopped', 'stopped');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const error = source.status().lastError ?? '';
    expect(error).toMatch(/error 402 "auth failed": authentication failed: check ALPACA_API_KEY_ID/);
    expect(error).toContain('PKAL…1234');
    expect(error).not.toContain(KEY_ID);
    expect(server.connections).toHaveLength(1);
  });

  it('error 406 (connection limit) stops the second connection and explains why', async () => {
    server = await startAlpacaServer({ keyId: KEY_ID, secretKey: SECRET });
    const first = alpaca();
    first.start(new CollectingSink());
    await waitFor(() => first.status().state === 'connected', 'first');
    const second = alpaca();
    second.start(new CollectingSink());
    await waitFor(() => second.status().state === 'stopped', 'second stopped');
    expect(second.status().lastError).toMatch(/406.*one connection per endpoint/);
    expect(first.status().state).toBe('connected');
  });

  it('live subscribe/unsubscribe send deltas; the server echo (the full set) is kept', async () => {
    server = await startAlpacaServer({ keyId: KEY_ID, secretKey: SECRET });
    const source = alpaca();
    source.start(new CollectingSink());
    await waitFor(() => source.status().state === 'connected', 'connected');
    source.subscribe({ trades: ['AAPL', 'MSFT'] });
    source.unsubscribe({ quotes: ['AAPL'], bars: ['NOPE'] });
    await waitFor(() => server?.connections[0]?.received.length === 4, 'four client messages');
    expect(server.connections[0]?.received.slice(2)).toEqual([
      { action: 'subscribe', trades: ['MSFT'] },
      { action: 'unsubscribe', quotes: ['AAPL'] },
    ]);
    await waitFor(() => source.confirmedSubscription.quotes?.length === 0, 'echo');
    expect(source.confirmedSubscription).toMatchObject({ trades: ['AAPL', 'MSFT'], quotes: [], bars: ['*'] });
  });

  it('reconnects after a server close and re-sends auth and the whole subscription', async () => {
    server = await startAlpacaServer({ keyId: KEY_ID, secretKey: SECRET });
    const source = alpaca();
    source.start(new CollectingSink());
    await waitFor(() => source.status().state === 'connected', 'connected');
    source.subscribe({ quotes: ['MSFT'] });
    server.closeAll(1011, 'internal error');
    await waitFor(() => server?.connections[1]?.received.length === 2, 'auth and subscribe on the new connection');
    expect(server.connections[1]?.received).toEqual([
      { action: 'auth', key: KEY_ID, secret: SECRET },
      { action: 'subscribe', trades: ['AAPL'], quotes: ['AAPL', 'MSFT'], bars: ['*'] },
    ]);
    expect(source.status().counters.reconnects).toBe(1);
  });

  it('stalled server → silence detection reconnects; garbage frames are counted, never fatal', async () => {
    server = await startAlpacaServer({
      keyId: KEY_ID,
      secretKey: SECRET,
      dataAfterSubscribe: () => ['not json', '[{"T":"t","S":"AAPL"}]', '{"T":7}', stockFrames[0] as string],
    });
    const sink = new CollectingSink();
    const source = alpaca();
    source.start(sink);
    await waitFor(() => sink.events.length === 4, 'events after garbage');
    expect(source.status().counters.malformed).toBe(3);
    server.stall();
    await waitFor(() => source.status().state === 'degraded', 'silence detected', 5_000);
    server.stall(false);
    await waitFor(() => source.status().state === 'connected', 'reconnected', 5_000);
  });

  it('passes duplicate and out-of-order trades on unchanged', async () => {
    const trade = (i: number, t: string) => ({ T: 't', S: 'AAPL', i, x: 'V', p: 100, s: 1, t, c: ['@'], z: 'C' });
    const frame = JSON.stringify([
      trade(1, '2024-01-08T14:30:01Z'),
      trade(1, '2024-01-08T14:30:01Z'),
      trade(0, '2024-01-08T14:30:00Z'),
    ]);
    server = await startAlpacaServer({ keyId: KEY_ID, secretKey: SECRET, dataAfterSubscribe: () => [frame] });
    const sink = new CollectingSink();
    alpaca().start(sink);
    await waitFor(() => sink.events.length === 3, 'three trades');
    expect(sink.events.map((e) => [(e as Trade).tradeId, e.tsEvent])).toEqual([
      ['V.1', Date.parse('2024-01-08T14:30:01Z') * 1000],
      ['V.1', Date.parse('2024-01-08T14:30:01Z') * 1000],
      ['V.0', Date.parse('2024-01-08T14:30:00Z') * 1000],
    ]);
  });
});
