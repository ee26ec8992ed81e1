/**
 * The WebSocket and metrics plugins inside the real server (buildServer with its authentication
 * hook), as the run loop wires them: upgrades and scrapes need credentials.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createTestServer, type TestServer } from '../../../test/helpers/server.js';
import { trade } from '../../../test/server/market-events.js';
import { Metrics } from '../metrics/metrics.js';
import { metricsPlugin } from '../metrics/metrics-plugin.js';
import type { LatestCache } from '../latest-cache.js';
import { pluginWithOptions } from '../server.js';
import type { SnapshotProvider } from './client-session.js';
import { EventHub } from './event-hub.js';
import { snapshotsFromLatestCache } from './latest-snapshot.js';
import { websocketPlugin } from './websocket-plugin.js';

let server: TestServer;
let base: string;
const hub = new EventHub();
const metrics = new Metrics({ processMetrics: false });

beforeAll(async () => {
  // The test server creates its cache; the snapshot provider reads it once it exists.
  let cache: LatestCache | null = null;
  const snapshot: SnapshotProvider = (symbol, channel) =>
    cache === null ? null : snapshotsFromLatestCache(cache).snapshot(symbol, channel);
  server = await createTestServer({
    plugins: [pluginWithOptions(websocketPlugin, { hub, snapshot }), pluginWithOptions(metricsPlugin, { metrics })],
  });
  cache = server.cache;
  base = await server.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await server.close(); // also proves that refused upgrades left no socket open
});

function open(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ socket: WebSocket; first: Record<string, unknown> }> {
  const socket = new WebSocket(base.replace('http', 'ws') + path, { headers });
  return new Promise((resolve, reject) => {
    socket.once('message', (data: Buffer) =>
      resolve({ socket, first: JSON.parse(data.toString()) as Record<string, unknown> }),
    );
    socket.once('error', reject);
  });
}

describe('WebSocket and metrics behind the server authentication', () => {
  it('refuses an upgrade without credentials (401) and with a bad API key', async () => {
    await expect(open('/api/v1/ws')).rejects.toThrow(/401/);
    await expect(open('/ws', { authorization: 'Bearer tw_not_a_key' })).rejects.toThrow(/401/);
  });

  it('accepts an API key, names the user, and streams with a snapshot from the latest-value cache', async () => {
    server.cache.observe(trade('AAPL', 1));
    const { socket, first } = await open('/api/v1/ws', (await server.apiKey('viewer')) as { authorization: string });
    expect(first).toMatchObject({ type: 'welcome', user: 'viewer' });
    const received: Record<string, unknown>[] = [];
    socket.on('message', (data: Buffer) => received.push(JSON.parse(data.toString()) as Record<string, unknown>));
    socket.send(JSON.stringify({ type: 'subscribe', symbols: ['AAPL'] }));
    while (!received.some((m) => m['type'] === 'snapshot')) await new Promise((r) => setTimeout(r, 5));
    hub.publish(trade('AAPL', 2));
    while (!received.some((m) => m['type'] === 'event')) await new Promise((r) => setTimeout(r, 5));
    expect(received.map((m) => m['type'])).toEqual(['subscribed', 'snapshot', 'event']);
    expect(received[1]).toMatchObject({ channel: 'ticks', data: [trade('AAPL', 1)] });
    socket.close();
  });

  it('accepts a session cookie from the same origin only (cross-site WebSocket hijacking)', async () => {
    const session = await server.login('viewer');
    const host = new URL(base).host;
    const { socket } = await open('/ws', { cookie: session.cookieOnly.cookie, origin: `http://${host}` });
    socket.close();
    await expect(open('/ws', { cookie: session.cookieOnly.cookie, origin: 'https://evil.example' })).rejects.toThrow(
      /403|401/,
    );
  });

  it('serves /metrics to an authenticated scraper only', async () => {
    expect((await server.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    const scrape = await server.inject({ method: 'GET', url: '/metrics', headers: await server.apiKey('viewer') });
    expect(scrape.statusCode).toBe(200);
    expect(scrape.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  });
});
