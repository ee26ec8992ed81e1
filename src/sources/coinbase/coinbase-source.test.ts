/** The shipped Coinbase client against a local Coinbase feed server (test/sources/coinbase-server.ts) on 127.0.0.1. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Trade } from '../../core/events.js';
import { recordedFramesOf } from '../../../test/sources/binance-server.js';
import { CollectingSink } from '../../../test/sources/collecting-sink.js';
import { startCoinbaseServer } from '../../../test/sources/coinbase-server.js';
import { waitFor, type LocalWebSocketServer } from '../../../test/sources/ws-server.js';
import { CoinbaseSource, type CoinbaseSourceOptions } from './coinbase-source.js';

const FAST = {
  pingIntervalMs: 40,
  silenceTimeoutMs: 800,
  handshakeTimeoutMs: 1_000,
  backoff: { initialMs: 20, maxMs: 80, random: () => 0.5 },
};

let server: LocalWebSocketServer | null = null;
const sources: CoinbaseSource[] = [];

afterEach(async () => {
  await Promise.all(sources.splice(0).map((s) => s.stop()));
  await server?.stop();
  server = null;
});

function coinbase(overrides: Partial<CoinbaseSourceOptions> = {}): CoinbaseSource {
  const source = new CoinbaseSource({
    productIds: ['BTC-USD', 'ETH-USD'],
    url: server?.url,
    connection: FAST,
    ...overrides,
  });
  sources.push(source);
  return source;
}

const feed = recordedFramesOf('coinbase', 'feed.json');
const match = (id: number, second: number, side = 'sell'): string =>
  JSON.stringify({
    type: 'match',
    trade_id: id,
    side,
    size: '0.1',
    price: '100.5',
    product_id: 'BTC-USD',
    sequence: id,
    time: `2024-01-08T14:30:${String(second).padStart(2, '0')}.000000Z`,
  });
const heartbeat = (lastTradeId: number, second: number): string =>
  JSON.stringify({
    type: 'heartbeat',
    sequence: 1,
    last_trade_id: lastTradeId,
    product_id: 'BTC-USD',
    time: `2024-01-08T14:30:${String(second).padStart(2, '0')}.000000Z`,
  });
const T = (second: number): number => Date.UTC(2024, 0, 8, 14, 30, second) * 1000;

describe('CoinbaseSource against a local Coinbase server', () => {
  it('subscribes on open, becomes ready on the subscriptions reply, delivers trades and quotes', async () => {
    server = await startCoinbaseServer({ dataAfterSubscribe: () => feed.slice(1) });
    const sink = new CollectingSink();
    const source = coinbase();
    source.start(sink);
    await waitFor(() => sink.events.length === 5, 'events');
    expect(server.connections[0]?.received).toEqual([
      { type: 'subscribe', product_ids: ['BTC-USD', 'ETH-USD'], channels: ['heartbeat', 'matches', 'ticker'] },
    ]);
    expect(sink.events.map((e) => e.type)).toEqual(['trade', 'trade', 'trade', 'quote', 'trade']);
    expect(source.confirmedSubscriptions.channels.map((c) => c.name)).toEqual(['heartbeat', 'matches', 'ticker']);
    await waitFor(() => source.status().counters.providerErrors === 1, 'error counted');
    expect(source.status()).toMatchObject({ state: 'connected', counters: { events: 5, ignored: 1, malformed: 0 } });
  });

  it('resubscribes after a server-initiated close and reports the reconnect gap', async () => {
    server = await startCoinbaseServer();
    const sink = new CollectingSink();
    const source = coinbase();
    source.start(sink);
    await waitFor(() => source.status().state === 'connected', 'connected');
    server.broadcast(match(10, 1));
    await waitFor(() => sink.events.length === 1, 'first match');
    server.closeAll(1001, 'going away');
    await waitFor(() => server?.connections.length === 2 && source.status().state === 'connected', 'resubscribed');
    expect(server.connections[1]?.received).toEqual(server.connections[0]?.received);
    server.broadcast(match(15, 5));
    await waitFor(() => sink.gaps.length === 1, 'gap');
    expect(sink.gaps[0]).toMatchObject({ symbol: 'BTC-USD', reason: 'reconnect', from: T(1), to: T(5) });
  });

  it('detects missed trades from skipped trade ids and from a heartbeat ahead of the last match', async () => {
    server = await startCoinbaseServer();
    const sink = new CollectingSink();
    coinbase().start(sink);
    await waitFor(() => server?.open.length === 1 && server.connections[0]?.state.subscribed === true, 'subscribed');
    for (const frame of [match(10, 1), match(11, 2), match(11, 2), match(13, 3), heartbeat(13, 4), heartbeat(16, 5)]) {
      server.broadcast(frame);
    }
    await waitFor(() => sink.gaps.length === 2, 'two gaps');
    expect(sink.events.map((e) => (e as Trade).tradeId)).toEqual(['10', '11', '11', '13']);
    expect(sink.gaps).toEqual([
      { source: 'coinbase', symbol: 'BTC-USD', from: T(2), to: T(3), reason: 'sequence', missing: 1 },
      { source: 'coinbase', symbol: 'BTC-USD', from: T(3), to: T(5), reason: 'sequence', missing: 3 },
    ]);
  });

  it('reconnects a stalled feed: heartbeats stop although the socket stays open', async () => {
    server = await startCoinbaseServer();
    const reasons: string[] = [];
    const logger = {
      info() {},
      error() {},
      warn: (details: object) => reasons.push(String((details as { reason?: string }).reason)),
    };
    const source = coinbase({ logger, connection: { ...FAST, silenceTimeoutMs: 5_000, dataSilenceTimeoutMs: 250 } });
    source.start(new CollectingSink());
    await waitFor(() => source.status().state === 'connected', 'connected');
    // The server keeps answering pings: only the data clock can notice.
    await waitFor(() => source.status().counters.reconnects >= 1, 'data-silence reconnect', 4_000);
    expect(reasons.some((r) => /no data for \d+ ms/.test(r))).toBe(true);
  });

  it('counts garbage frames and passes out-of-order matches through', async () => {
    server = await startCoinbaseServer();
    const sink = new CollectingSink();
    const source = coinbase();
    source.start(sink);
    await waitFor(() => source.status().state === 'connected', 'connected');
    for (const frame of ['garbage', '{"type":5}', match(20, 9), match(19, 8)]) server.broadcast(frame);
    await waitFor(() => sink.events.length === 2, 'matches');
    expect(sink.events.map((e) => (e as Trade).tradeId)).toEqual(['20', '19']);
    expect(source.status().counters.malformed).toBe(2);
  });
});
