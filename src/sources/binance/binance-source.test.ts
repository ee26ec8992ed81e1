/** The shipped Binance client against a local Binance protocol server (test/sources/binance-server.ts) on 127.0.0.1. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Trade } from '../../core/events.js';
import { recordedFramesOf, startBinanceServer, streamsOf } from '../../../test/sources/binance-server.js';
import { CollectingSink } from '../../../test/sources/collecting-sink.js';
import { waitFor, type LocalWebSocketServer } from '../../../test/sources/ws-server.js';
import { BinanceSource, type BinanceSourceOptions } from './binance-source.js';

const FAST = {
  pingIntervalMs: 40,
  silenceTimeoutMs: 800,
  backoff: { initialMs: 20, maxMs: 80, random: () => 0.5 },
};

let server: LocalWebSocketServer | null = null;
const sources: BinanceSource[] = [];

afterEach(async () => {
  await Promise.all(sources.splice(0).map((s) => s.stop()));
  await server?.stop();
  server = null;
});

function binance(overrides: Partial<BinanceSourceOptions> = {}): BinanceSource {
  const source = new BinanceSource({
    streams: ['btcusdt@trade', 'BTCUSDT@kline_1m'],
    baseUrl: server?.url,
    connection: FAST,
    ...overrides,
  });
  sources.push(source);
  return source;
}

const frames = recordedFramesOf('binance', 'streams.json');
const dataFrames = frames.slice(0, 6);

describe('BinanceSource against a local Binance server', () => {
  it('connects to the combined-stream URL and delivers trades, quotes and klines', async () => {
    server = await startBinanceServer();
    const sink = new CollectingSink();
    binance().start(sink);
    await waitFor(() => server?.open.length === 1, 'connection');
    expect(server.connections[0]?.request.url).toBe('/stream?streams=btcusdt@trade/btcusdt@kline_1m');
    for (const frame of dataFrames) server.broadcast(frame);
    await waitFor(() => sink.bars.length === 2, 'bars');
    expect(sink.events.map((e) => e.type)).toEqual(['trade', 'trade', 'trade', 'quote']);
    expect((sink.events[0] as Trade).side).toBe('sell');
    expect(sink.bars.map((b) => b.revision)).toEqual(['final', 'partial']);
  });

  it('asks for µs timestamps in the URL when configured', async () => {
    server = await startBinanceServer();
    binance({ timeUnit: 'microsecond' }).start(new CollectingSink());
    await waitFor(() => server?.open.length === 1, 'connection');
    expect(server.connections[0]?.request.url).toContain('&timeUnit=MICROSECOND');
  });

  it('paces live SUBSCRIBE messages under the 5 messages/s inbound limit (the server drops faster clients)', async () => {
    server = await startBinanceServer({ maxMessagesPerSecond: 5 });
    const source = binance({ streams: [] });
    source.start(new CollectingSink());
    await waitFor(() => source.status().state === 'connected', 'connection');
    const symbols = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    for (const s of symbols) source.subscribe([`${s}usdt@trade`]);
    const client = server.connections[0];
    const started = Date.now();
    await waitFor(() => (client ? streamsOf(client).size : 0) === 7, 'seven subscriptions', 5_000);
    // Default pace: one now, then one every 333 ms, so the 7th goes out about 2 s later.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
    expect(client?.state.rateLimited).toBeUndefined();
    expect(server.connections).toHaveLength(1);
    const methods = client?.received.map((m) => (m as { method: string; id: number }).method);
    expect(methods).toEqual(Array(7).fill('SUBSCRIBE'));
  });

  it('reconnects after a server-initiated close; the new URL carries streams subscribed live; a reconnect gap is reported', async () => {
    server = await startBinanceServer();
    const sink = new CollectingSink();
    const source = binance();
    source.start(sink);
    await waitFor(() => source.status().state === 'connected', 'connection');
    server.broadcast(frames[0] as string);
    await waitFor(() => sink.events.length === 1, 'first trade');
    source.subscribe(['ethusdt@aggTrade']);
    await waitFor(() => streamsOf(server?.connections[0] as never).has('ethusdt@aggTrade'), 'live subscribe');
    server.closeAll(1001, 'going away');
    await waitFor(() => server?.open.length === 1 && server.connections.length === 2, 'reconnection');
    expect(server.connections[1]?.request.url).toBe('/stream?streams=btcusdt@trade/btcusdt@kline_1m/ethusdt@aggTrade');
    server.broadcast(frames[1] as string);
    await waitFor(() => sink.gaps.length === 1, 'reconnect gap');
    expect(sink.gaps[0]).toMatchObject({
      symbol: 'BTCUSDT',
      reason: 'reconnect',
      from: 1_704_724_200_012_000,
      to: 1_704_724_200_019_000,
    });
    expect(source.status().counters.reconnects).toBe(1);
  });

  it('reconnects at once on a serverShutdown notice, and on its own before the 24-hour limit', async () => {
    server = await startBinanceServer();
    const aging = binance({ maxConnectionAgeMs: 150 });
    aging.start(new CollectingSink());
    await waitFor(() => (server?.connections.length ?? 0) >= 2, 'planned reconnect');
    // Stopped so that the only open connection below is the second source's (the first one
    // reconnects every 150 ms and could otherwise be the one that gets the notice).
    await aging.stop();
    await waitFor(() => server?.open.length === 0, 'first source closed');
    const source = binance();
    source.start(new CollectingSink());
    await waitFor(() => server?.open.length === 1, 'second source connected');
    const before = server.connections.length;
    server.send(server.open[0]!, frames[8] as string);
    await waitFor(() => source.status().counters.reconnects >= 1, 'shutdown reconnect');
    // The reconnect is counted when it starts; the server sees the new socket a moment later.
    await waitFor(() => server!.connections.length > before && server!.open.length === 1, 'reconnected');
  });

  it('reconnects a stalled feed (socket open, no frames, no pongs)', async () => {
    server = await startBinanceServer();
    const source = binance({ connection: { ...FAST, silenceTimeoutMs: 300 } });
    source.start(new CollectingSink());
    await waitFor(() => server?.open.length === 1, 'connection');
    server.stall();
    await waitFor(() => source.status().counters.reconnects >= 1, 'stall detected', 4_000);
    server.stall(false);
    await waitFor(() => source.status().state === 'connected', 'reconnected');
  });

  it('counts garbage frames, passes duplicates and out-of-order trades through, and reports a trade-id gap', async () => {
    server = await startBinanceServer();
    const sink = new CollectingSink();
    const source = binance();
    source.start(sink);
    await waitFor(() => server?.open.length === 1, 'connection');
    const trade = (id: number, time: number): string =>
      JSON.stringify({
        stream: 'btcusdt@trade',
        data: { e: 'trade', E: time, s: 'BTCUSDT', t: id, p: '1.5', q: '2', T: time, m: false },
      });
    for (const frame of [
      'garbage',
      '{"stream":"x","data":null}',
      trade(10, 1000),
      trade(10, 1000),
      trade(9, 999),
      trade(14, 1005),
    ]) {
      server.broadcast(frame);
    }
    await waitFor(() => sink.events.length === 4, 'trades');
    expect(sink.events.map((e) => (e as Trade).tradeId)).toEqual(['10', '10', '9', '14']);
    expect(source.status().counters.malformed).toBe(2);
    expect(sink.gaps).toEqual([
      { source: 'binance', symbol: 'BTCUSDT', from: 1_000_000, to: 1_005_000, reason: 'sequence', missing: 3 },
    ]);
  });
});
