/**
 * The shipped Polygon client against a local server speaking the Polygon protocol from the
 * recorded payloads (test/sources/polygon-server.ts), all on 127.0.0.1.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ReplayClock } from '../../core/clock.js';
import type { MarketEvent, Quarantined, Trade } from '../../core/events.js';
import { Validator } from '../../core/validate.js';
import { CollectingSink } from '../../../test/sources/collecting-sink.js';
import { startPolygonServer } from '../../../test/sources/polygon-server.js';
import { recordedFrames } from '../../../test/sources/recorded.js';
import { waitFor, type LocalWebSocketServer } from '../../../test/sources/ws-server.js';
import { PolygonSource, type PolygonSourceOptions } from './polygon-source.js';

const KEY = 'PolygonTestKey0123456789';
const FAST = {
  pingIntervalMs: 40,
  silenceTimeoutMs: 800, // generous: a loaded CI machine must not trip it by accident
  handshakeTimeoutMs: 1_000,
  backoff: { initialMs: 20, maxMs: 80, random: () => 0.5 },
};

let server: LocalWebSocketServer | null = null;
const sources: PolygonSource[] = [];

afterEach(async () => {
  await Promise.all(sources.splice(0).map((s) => s.stop()));
  await server?.stop();
  server = null;
});

function polygon(overrides: Partial<PolygonSourceOptions> = {}): PolygonSource {
  const source = new PolygonSource({
    apiKey: KEY,
    subscriptions: [{ cluster: 'stocks', channels: ['T.AAPL', 'Q.AAPL'], feed: 'realtime' }],
    hosts: { realtime: server?.url, delayed: `${server?.url}/delayed` },
    connection: FAST,
    ...overrides,
  });
  sources.push(source);
  return source;
}

const stockFrames = recordedFrames('polygon', 'stocks.json');

describe('PolygonSource against a local Polygon server', () => {
  it('authenticates, subscribes and delivers parsed trades, quotes and bars', async () => {
    server = await startPolygonServer({ validKey: KEY, dataAfterSubscribe: () => stockFrames });
    const sink = new CollectingSink();
    const source = polygon();
    source.start(sink);
    await waitFor(() => sink.bars.length === 2, 'bars');
    const client = server.connections[0];
    expect(client?.request.url).toBe('/stocks');
    expect(client?.received).toEqual([
      { action: 'auth', params: KEY },
      { action: 'subscribe', params: 'T.AAPL,Q.AAPL' },
    ]);
    expect(sink.events.map((e) => e.type)).toEqual(['quote', 'trade', 'trade', 'trade', 'trade']);
    expect(sink.events.every((e) => e.source === 'polygon' && e.tsRecv > 1.6e15)).toBe(true);
    const status = source.status();
    expect(status.state).toBe('connected');
    expect(status.counters).toMatchObject({
      frames: 5, // connected, auth_success, subscription acks, two data frames
      events: 5,
      bars: 2,
      filtered: 1,
      ignored: 1,
      providerErrors: 1,
    });
    expect(status.connections).toEqual([{ name: 'stocks', state: 'connected' }]);
    expect(sink.statuses.at(-1)?.state).toBe('connected');
  });

  it('uses the delayed host for the delayed feed and refuses delayed crypto', async () => {
    server = await startPolygonServer({ validKey: KEY });
    const source = polygon({ subscriptions: [{ cluster: 'stocks', channels: ['AM.*'], feed: 'delayed' }] });
    source.start(new CollectingSink());
    await waitFor(() => source.status().state === 'connected', 'connected');
    expect(server.connections[0]?.request.url).toBe('/delayed/stocks');
    expect(() => source.subscribe('stocks', ['T.MSFT'], 'realtime')).toThrow(/one feed per cluster/);
    expect(() => polygon({ subscriptions: [{ cluster: 'crypto', channels: ['XT.*'], feed: 'delayed' }] })).toThrow(
      /no delayed feed/,
    );
  });

  it('auth_failed is fatal: stopped, a clear message with the key masked, no retry', async () => {
    server = await startPolygonServer({ validKey: 'another-key-entirely' });
    const source = polygon();
    source.start(new CollectingSink());
    await waitFor(() => source.status().state === 'stopped', 'stopped');
    await new Promise((resolve) => setTimeout(resolve, 150));
    const status = source.status();
    expect(status.lastError).toMatch(/authentication failed on the stocks cluster with key Poly…6789/);
    expect(status.lastError).not.toContain(KEY);
    expect(server.connections).toHaveLength(1);
  });

  it('max_connections (a second connection on the cluster) stops the evicted source with an explanation', async () => {
    server = await startPolygonServer({ validKey: KEY });
    const first = polygon();
    first.start(new CollectingSink());
    await waitFor(() => first.status().state === 'connected', 'first connected');
    const second = polygon();
    second.start(new CollectingSink());
    await waitFor(() => first.status().state === 'stopped', 'first evicted');
    expect(first.status().lastError).toMatch(/one connection per cluster per account/);
    await waitFor(() => second.status().state === 'connected', 'second connected');
  });

  it('reconnects after a server-initiated close, resubscribes everything and reports the gap', async () => {
    let connection = 0;
    server = await startPolygonServer({
      validKey: KEY,
      dataAfterSubscribe: (client) => {
        if (client.received.length !== 2) return []; // data only after the first subscribe
        connection++;
        const t = 1_704_724_200_000 + connection * 60_000;
        return [JSON.stringify([{ ev: 'T', sym: 'AAPL', x: 4, i: String(connection), p: 100, s: 1, c: [], t }])];
      },
    });
    const sink = new CollectingSink();
    const source = polygon();
    source.start(sink);
    await waitFor(() => sink.events.length === 1, 'first trade');
    source.subscribe('stocks', ['AM.AAPL']);
    await waitFor(() => server?.connections[0]?.received.length === 3, 'live subscribe');
    expect(server.connections[0]?.received[2]).toEqual({ action: 'subscribe', params: 'AM.AAPL' });
    server.closeAll(1001, 'restart');
    await waitFor(() => sink.events.length >= 2, 'trade after reconnect');
    expect(server.connections[1]?.received).toEqual([
      { action: 'auth', params: KEY },
      { action: 'subscribe', params: 'T.AAPL,Q.AAPL,AM.AAPL' },
    ]);
    expect(source.status().counters.reconnects).toBe(1);
    expect(sink.gaps).toEqual([
      {
        source: 'polygon',
        stream: 'stocks',
        symbol: 'AAPL',
        from: 1_704_724_260_000_000,
        to: 1_704_724_320_000_000,
        reason: 'reconnect',
      },
    ]);
    expect(sink.statuses.some((s) => s.state === 'degraded')).toBe(true);
  });

  it('a stalled server (no data, no pongs) is detected by silence and reconnected', async () => {
    server = await startPolygonServer({ validKey: KEY });
    const source = polygon();
    source.start(new CollectingSink());
    await waitFor(() => source.status().state === 'connected', 'connected');
    server.stall();
    await waitFor(() => source.status().state === 'degraded', 'silence detected', 5_000);
    expect(source.status().lastError).toMatch(/silence timeout/);
    server.stall(false);
    await waitFor(() => source.status().state === 'connected', 'reconnected', 5_000);
    expect(server.connections.length).toBeGreaterThanOrEqual(2);
    expect(server.connections.at(-1)?.received).toContainEqual({ action: 'subscribe', params: 'T.AAPL,Q.AAPL' });
  });

  it('a feed that answers pings but sends no data is reconnected by data-silence detection', async () => {
    server = await startPolygonServer({ validKey: KEY });
    const source = polygon({ connection: { ...FAST, dataSilenceTimeoutMs: 200 } });
    source.start(new CollectingSink());
    await waitFor(() => server !== null && server.connections.length >= 2, 'second connection', 3_000);
    expect(source.status().counters.reconnects).toBeGreaterThanOrEqual(1);
  });

  it('counts garbage frames without crashing and keeps delivering', async () => {
    server = await startPolygonServer({
      validKey: KEY,
      dataAfterSubscribe: () => ['garbage', '[1,2', '{"ev":42}', 'x'.repeat(4_096), stockFrames[0] as string],
    });
    const sink = new CollectingSink();
    const source = polygon({ connection: { ...FAST, maxPayloadBytes: 8_192 } });
    source.start(sink);
    await waitFor(() => sink.events.length === 5, 'events after garbage');
    expect(source.status().counters.malformed).toBe(4);
    expect(source.status().state).toBe('connected');
  });

  it('passes duplicates and out-of-order trades on; the validator quarantines them', async () => {
    const trades = [
      { ev: 'T', sym: 'AAPL', x: 4, i: '1', p: 100, s: 10, c: [], t: 1_704_724_200_000 },
      { ev: 'T', sym: 'AAPL', x: 4, i: '1', p: 100, s: 10, c: [], t: 1_704_724_200_000 },
      { ev: 'T', sym: 'AAPL', x: 4, i: '2', p: 100, s: 10, c: [], t: 1_704_724_290_000 },
      { ev: 'T', sym: 'AAPL', x: 4, i: '3', p: 100, s: 10, c: [], t: 1_704_724_200_500 },
    ];
    server = await startPolygonServer({ validKey: KEY, dataAfterSubscribe: () => [JSON.stringify(trades)] });
    const sink = new CollectingSink();
    polygon().start(sink);
    await waitFor(() => sink.events.length === 4, 'four trades');
    expect(sink.events.map((e) => (e as Trade).tradeId)).toEqual(['4.1', '4.1', '4.2', '4.3']);
    const validator = new Validator(
      {
        symbols: ['AAPL'],
        maxFutureSkew: 1e12,
        maxPastAge: Infinity,
        allowedLateness: 1_000_000,
        duplicateWindow: 100,
      },
      new ReplayClock(1_704_724_300_000_000),
    );
    const out: (MarketEvent | Quarantined)[] = [];
    for (const event of sink.events) validator.next(event, (e) => out.push(e));
    expect(out.map((e) => (e.type === 'quarantine' ? e.reason : e.type))).toEqual([
      'trade',
      'duplicate_trade',
      'trade',
      'late',
    ]);
  });

  it('unsubscribe sends the channels and drops them from the resubscribe set; stop is clean', async () => {
    server = await startPolygonServer({ validKey: KEY });
    const source = polygon();
    source.start(new CollectingSink());
    await waitFor(() => source.status().state === 'connected', 'connected');
    source.unsubscribe('stocks', ['Q.AAPL', 'T.NOPE']);
    await waitFor(() => server?.connections[0]?.received.length === 3, 'unsubscribe');
    expect(server.connections[0]?.received[2]).toEqual({ action: 'unsubscribe', params: 'Q.AAPL' });
    await source.stop();
    expect(source.status().state).toBe('stopped');
    await waitFor(() => server?.open.length === 0, 'server saw the close');
  });

  it('requires a key', () => {
    expect(() => new PolygonSource({ apiKey: '', subscriptions: [] })).toThrow(/API key is required/);
  });
});
