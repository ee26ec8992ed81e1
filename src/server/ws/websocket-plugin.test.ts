/**
 * The WebSocket API over real sockets: a Fastify server on 127.0.0.1 with the plugin, and `ws`
 * clients.
 */
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { trade } from '../../../test/server/market-events.js';
import { EventHub } from './event-hub.js';
import { websocketPlugin, type WebsocketPluginOptions } from './websocket-plugin.js';

type Message = Record<string, unknown> & { type: string };

interface TestClient {
  readonly socket: WebSocket;
  readonly messages: Message[];
  /** Resolves with the first message (already received or future) that satisfies the predicate. */
  next(predicate: (message: Message) => boolean, timeoutMs?: number): Promise<Message>;
  send(message: unknown): void;
}

const servers: FastifyInstance[] = [];
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  for (const server of servers.splice(0)) await server.close();
});

async function startServer(
  options: Omit<WebsocketPluginOptions, 'hub'> = {},
  hub = new EventHub(),
  authenticate = false,
  compression = false,
): Promise<{ hub: EventHub; url: string; server: FastifyInstance }> {
  const server = Fastify();
  servers.push(server);
  // A server may register @fastify/websocket itself (here with compression); the plugin reuses it.
  if (compression) await server.register(fastifyWebsocket, { options: { perMessageDeflate: true } });
  if (authenticate) {
    // Stands in for part A's global authentication hook: plugins registered after it inherit it.
    server.decorateRequest('principal', null);
    server.addHook('onRequest', async (request, reply) => {
      if (request.headers.authorization !== 'Bearer good-key') return reply.code(401).send({ code: 'unauthorized' });
      (request as unknown as { principal: unknown }).principal = { username: 'alice', role: 'viewer' };
    });
  }
  await server.register(websocketPlugin, { hub, ...options });
  await server.listen({ host: '127.0.0.1', port: 0 });
  const address = server.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { hub, server, url: `ws://127.0.0.1:${address.port}` };
}

function connect(url: string, options: WebSocket.ClientOptions = {}): Promise<TestClient> {
  const socket = new WebSocket(url, options);
  sockets.push(socket);
  const messages: Message[] = [];
  const waiters: { predicate: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];
  socket.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString()) as Message;
    messages.push(message);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(message)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    }
  });
  const client: TestClient = {
    socket,
    messages,
    next: (predicate, timeoutMs = 5_000) => {
      const found = messages.find(predicate);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching message in ${timeoutMs} ms`)), timeoutMs);
        waiters.push({
          predicate,
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m);
          },
        });
      });
    },
    send: (message) => socket.send(typeof message === 'string' ? message : JSON.stringify(message)),
  };
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(client));
    socket.once('error', reject);
  });
}

function closed(socket: WebSocket): Promise<{ code: number; reason: string }> {
  if (socket.readyState === WebSocket.CLOSED) return Promise.resolve({ code: -1, reason: 'already closed' });
  return new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
}

describe('websocketPlugin', () => {
  it("streams events after the seeds' subscribe message, on /api/v1/ws and on the /ws alias", async () => {
    const { hub, url } = await startServer({
      snapshot: (symbol, channel) => (channel === 'ticks' ? [trade(symbol, 0)] : null),
    });
    for (const path of ['/api/v1/ws', '/ws']) {
      const client = await connect(url + path);
      expect(await client.next((m) => m.type === 'welcome')).toMatchObject({ protocol: 1, heartbeatMs: 15_000 });
      client.send({ type: 'subscribe', symbols: ['AAPL'] });
      await client.next((m) => m.type === 'subscribed');
      expect(await client.next((m) => m.type === 'snapshot')).toEqual({
        type: 'snapshot',
        channel: 'ticks',
        symbol: 'AAPL',
        data: [trade('AAPL', 0)],
      });
      hub.publish(trade('MSFT', 1));
      hub.publish(trade('AAPL', 2));
      const event = await client.next((m) => m.type === 'event');
      expect(event).toEqual({ type: 'event', channel: 'ticks', data: trade('AAPL', 2) });
      client.socket.close();
      await closed(client.socket);
    }
    await waitFor(() => hub.clientCount === 0);
  });

  it('frames messages of every size correctly (7-bit, 16-bit and 64-bit lengths), with and without compression', async () => {
    for (const compression of [false, true]) {
      const { hub, url } = await startServer({}, new EventHub(), false, compression);
      const client = await connect(`${url}/ws`);
      client.send({ type: 'subscribe', channels: ['ticks'], symbols: ['AAPL'] });
      await client.next((m) => m.type === 'subscribed');
      expect(client.socket.extensions).toBe(compression ? 'permessage-deflate' : '');
      const sizes = [1, 200, 70_000, 300];
      for (const [i, size] of sizes.entries()) hub.publish(trade('AAPL', i, { tradeId: 'x'.repeat(size) }));
      await waitFor(() => client.messages.filter((m) => m.type === 'event').length === sizes.length);
      const received = client.messages
        .filter((m) => m.type === 'event')
        .map((m) => (m['data'] as { tradeId: string }).tradeId.length);
      expect(received).toEqual(sizes);
    }
  });

  it('delivers a burst whole and in order to clients with the same subscriptions (one framing shared) and to others', async () => {
    const { hub, url } = await startServer();
    const clients = await Promise.all(Array.from({ length: 4 }, () => connect(`${url}/ws`)));
    // Three dashboards with equal subscriptions share the framed burst; the fourth differs.
    for (const [i, client] of clients.entries()) {
      client.send({ type: 'subscribe', channels: ['ticks'], symbols: i < 3 ? ['*'] : ['AAPL'], snapshot: false });
      await client.next((m) => m.type === 'subscribed');
    }
    const symbols = ['AAPL', 'MSFT', 'GOOG'];
    for (let i = 0; i < 30; i++) hub.publish(trade(symbols[i % 3] as string, i));
    const prices = (client: TestClient, count: number) =>
      waitFor(() => client.messages.filter((m) => m.type === 'event').length === count).then(() =>
        client.messages.filter((m) => m.type === 'event').map((m) => (m['data'] as { price: number }).price),
      );
    const all = await Promise.all(clients.slice(0, 3).map((client) => prices(client, 30)));
    const expected = Array.from({ length: 30 }, (_, i) => trade('X', i).price);
    for (const received of all) expect(received).toEqual(expected);
    expect(await prices(clients[3] as TestClient, 10)).toEqual(expected.filter((_, i) => i % 3 === 0));
  });

  it('answers a bad message with an error and keeps the connection', async () => {
    const { url } = await startServer();
    const client = await connect(`${url}/ws`);
    client.send('{"type":');
    expect(await client.next((m) => m.type === 'error')).toMatchObject({ code: 'invalid_json' });
    client.send({ type: 'ping', id: 1 });
    expect(await client.next((m) => m.type === 'pong')).toMatchObject({ id: 1 });
    expect(client.socket.readyState).toBe(WebSocket.OPEN);
  });

  it('sits behind the authentication hook registered before it', async () => {
    const { url } = await startServer({}, new EventHub(), true);
    await expect(connect(`${url}/api/v1/ws`)).rejects.toThrow(/401/);
    const client = await connect(`${url}/api/v1/ws`, { headers: { authorization: 'Bearer good-key' } });
    expect(await client.next((m) => m.type === 'welcome')).toMatchObject({ user: 'alice' });
  });

  it('sends heartbeats (application message and ping) and drops a client that stops answering pings', async () => {
    const { hub, url } = await startServer({ heartbeatMs: 250 });
    const healthy = await connect(`${url}/ws`);
    let pings = 0;
    healthy.socket.on('ping', () => pings++);
    const silent = await connect(`${url}/ws`, { autoPong: false });
    expect(await healthy.next((m) => m.type === 'heartbeat')).toMatchObject({ ts: expect.any(Number) as unknown });
    const { code } = await closed(silent.socket);
    expect(code).toBe(1001);
    expect(hub.stats().disconnects.heartbeat_timeout).toBe(1);
    expect(pings).toBeGreaterThan(0);
    expect(healthy.socket.readyState).toBe(WebSocket.OPEN);
  });

  it('disconnects a client that does not read, with bounded queues, while a reading client gets everything', async () => {
    const maxQueue = 1_000;
    const sendHighWaterBytes = 64 * 1024;
    const { hub, url } = await startServer({
      maxQueue,
      sendHighWaterBytes,
      slowGraceMs: 300,
      sweepMs: 50,
      heartbeatMs: 60_000,
    });
    const reader = await connect(`${url}/ws`);
    const stuck = await connect(`${url}/ws`);
    for (const client of [reader, stuck]) {
      client.send({ type: 'subscribe', channels: ['ticks'], symbols: ['*'], snapshot: false });
      await client.next((m) => m.type === 'subscribed');
    }
    stuck.socket.pause(); // stops reading: the kernel buffers fill, then the server's
    const stuckClosed = closed(stuck.socket);
    const padding = 'x'.repeat(2_000);
    let published = 0;
    let maxQueued = 0;
    let maxBuffered = 0;
    const deadline = Date.now() + 20_000;
    while (hub.stats().disconnects.slow_consumer === 0 && Date.now() < deadline) {
      for (let i = 0; i < 200; i++) hub.publish(trade('AAPL', published++, { tradeId: `${published}-${padding}` }));
      await new Promise((resolve) => setImmediate(resolve));
      for (const client of hub.connectedClients()) {
        maxQueued = Math.max(maxQueued, client.queuedFrames);
        maxBuffered = Math.max(maxBuffered, client.bufferedAmount);
      }
    }
    expect(hub.stats().disconnects.slow_consumer).toBe(1);
    expect(maxQueued).toBeLessThanOrEqual(maxQueue);
    expect(maxBuffered).toBeLessThan(sendHighWaterBytes + 4_000);
    stuck.socket.resume();
    expect((await stuckClosed).code).toBe(1008);
    // The reader saw every trade, in order, although the other client stalled.
    await waitFor(() => reader.messages.filter((m) => m.type === 'event').length === published, 10_000);
    const ids = reader.messages
      .filter((m) => m.type === 'event')
      .map((m) => Number.parseInt((m['data'] as { tradeId: string }).tradeId, 10));
    expect(ids).toEqual(Array.from({ length: published }, (_, i) => i + 1));
    expect(hub.clientCount).toBe(1);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
