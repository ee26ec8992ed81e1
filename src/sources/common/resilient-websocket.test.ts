/** ResilientWebSocket against local servers on 127.0.0.1 (test/sources/ws-server.ts). */
import { afterEach, describe, expect, it } from 'vitest';
import { json, LocalHttpServer } from '../../../test/sources/http-server.js';
import { LocalWebSocketServer, waitFor } from '../../../test/sources/ws-server.js';
import { Backoff } from './backoff.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { SecretRedactor } from './mask.js';
import { ResilientWebSocket, type ResilientWebSocketOptions } from './resilient-websocket.js';
import type { SourceState } from './source.js';

let server: LocalWebSocketServer | null = null;
let http: LocalHttpServer | null = null;
const sockets: ResilientWebSocket[] = [];

afterEach(async () => {
  await Promise.all(sockets.splice(0).map((s) => s.stop()));
  await server?.stop();
  await http?.stop();
  server = null;
  http = null;
});

function socket(
  overrides: Partial<ResilientWebSocketOptions> = {},
): ResilientWebSocket & { texts: string[]; states: SourceState[] } {
  const texts: string[] = [];
  const states: SourceState[] = [];
  const ws = new ResilientWebSocket({
    name: 'test',
    url: server?.url ?? '',
    pingIntervalMs: 40,
    silenceTimeoutMs: 800,
    handshakeTimeoutMs: 1_000,
    backoff: new Backoff({ initialMs: 20, maxMs: 40, random: () => 0 }),
    onOpen: (session) => {
      session.send({ hello: true });
      session.markReady();
    },
    onMessage: (data) => texts.push((data as Buffer).toString()),
    onStateChange: (state) => states.push(state),
    ...overrides,
  });
  sockets.push(ws);
  return Object.assign(ws, { texts, states });
}

describe('ResilientWebSocket', () => {
  it('connects, sends, receives, and pings (the server sees pings)', async () => {
    let pings = 0;
    server = await LocalWebSocketServer.start(
      (client) => client.socket.on('ping', () => pings++),
      (client, message) => client.socket.send(JSON.stringify({ echo: message })),
    );
    const ws = socket();
    ws.start();
    await waitFor(() => ws.texts.length === 1, 'echo');
    expect(JSON.parse(ws.texts[0] ?? '')).toEqual({ echo: { hello: true } });
    await waitFor(() => pings >= 2, 'pings');
    expect(ws.states).toEqual(['connecting', 'connected']);
    await ws.stop();
    expect(ws.state).toBe('stopped');
  });

  it('a frame above maxPayloadBytes drops the connection, and it reconnects', async () => {
    server = await LocalWebSocketServer.start(
      (client) => {
        if (server?.connections.length === 1) client.socket.send('x'.repeat(2_048));
      },
      () => {},
    );
    const ws = socket({ maxPayloadBytes: 1_024 });
    ws.start();
    await waitFor(() => server?.connections.length === 2 && ws.state === 'connected', 'reconnected');
    expect(ws.texts).toEqual([]);
    expect(ws.reconnects).toBe(1);
    expect(ws.states).toContain('degraded');
  });

  it('reconnects when the adapter does not mark the session ready in time', async () => {
    server = await LocalWebSocketServer.start(
      () => {},
      () => {},
    );
    const ws = socket({ handshakeTimeoutMs: 100, onOpen: () => {} });
    ws.start();
    await waitFor(() => (server?.connections.length ?? 0) >= 2, 'second attempt');
    expect(ws.lastError).toMatch(/not authenticated and subscribed within 100 ms/);
    expect(ws.state).toBe('connecting'); // never ready: still connecting, not degraded
  });

  it('the circuit breaker holds reconnects back after repeated failures', async () => {
    http = await LocalHttpServer.start();
    const attempts: number[] = [];
    http.route('/', (_req, res) => {
      attempts.push(Date.now());
      json(res, 401, {});
    });
    const ws = socket({
      url: http.url.replace('http', 'ws'),
      circuitBreaker: new CircuitBreaker('test', { failureThreshold: 2, openMs: 400 }),
    });
    ws.start();
    await waitFor(() => attempts.length >= 3, 'third attempt', 3_000);
    expect(ws.lastError).toMatch(/HTTP 401/);
    expect((attempts[2] ?? 0) - (attempts[1] ?? 0)).toBeGreaterThanOrEqual(350); // waited for the open circuit
  });

  it('fail() stops for good with the message redacted; stop() during a backoff wait is clean', async () => {
    server = await LocalWebSocketServer.start(
      () => {},
      () => {},
    );
    const ws = socket({
      redactor: new SecretRedactor(['VerySecretKey123456']),
      onOpen: (session) => session.fail(new Error('rejected key VerySecretKey123456')),
    });
    ws.start();
    await waitFor(() => ws.state === 'stopped', 'stopped');
    expect(ws.lastError).toBe('rejected key Very…3456');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.connections).toHaveLength(1);

    const idle = socket({ url: 'ws://127.0.0.1:9' }); // nothing listens: backoff loop
    idle.start();
    await waitFor(() => idle.lastError !== null, 'first failure');
    await idle.stop();
    expect(idle.state).toBe('stopped');
  });
});
