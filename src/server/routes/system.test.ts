import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { T0, createTestServer, type TestServer } from '../../../test/helpers/server.js';

describe('health and version routes', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await createTestServer();
  });
  afterAll(async () => {
    expect(server.schemaViolations).toEqual([]);
    await server.close();
  });

  it('GET /health/live answers without credentials', async () => {
    server.clock.advanceTo(T0 + 90_000_000);
    const response = await server.inject({ method: 'GET', url: '/health/live' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', uptimeSeconds: 90 });
  });

  it('GET /health/ready is 200 with per-source status when everything is up', async () => {
    const response = await server.inject({ method: 'GET', url: '/health/ready' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      status: 'ready',
      reasons: [],
      store: { ok: true, detail: null },
      sources: [
        { name: 'simulator', status: 'up', detail: null, lastEventAt: T0, lastEventAtIso: '2023-11-14T22:13:20.000Z' },
      ],
    });
  });

  it('is 503 with reasons when a source is down or the run loop is not serving', async () => {
    server.health = {
      ready: false,
      reason: 'warming up: simulating 2 days of history',
      sources: [
        { name: 'simulator', status: 'degraded', detail: 'catching up' },
        { name: 'polygon', status: 'down', detail: 'reconnecting in 4 s', lastEventAt: null },
      ],
    };
    const response = await server.inject({ method: 'GET', url: '/health/ready' });
    expect(response.statusCode).toBe(503);
    expect(response.json().status).toBe('not_ready');
    expect(response.json().reasons).toEqual([
      'warming up: simulating 2 days of history',
      'source polygon is down: reconnecting in 4 s',
    ]);
    expect(response.json().sources.map((s: { status: string }) => s.status)).toEqual(['degraded', 'down']);
    server.health = { sources: [] };
  });

  it('GET /api/v1/version needs authentication and reports the build', async () => {
    expect((await server.inject({ method: 'GET', url: '/api/v1/version' })).statusCode).toBe(401);
    const response = await server.inject({
      method: 'GET',
      url: '/api/v1/version',
      headers: await server.apiKey('viewer'),
    });
    expect(response.json()).toEqual({
      name: 'tickwatch',
      version: '0.1.0-test',
      commit: 'abc1234',
      node: process.version,
      apiVersion: 'v1',
    });
  });

  it('is 503 when the store does not answer (here: closed)', async () => {
    await server.store.close();
    const response = await server.inject({ method: 'GET', url: '/health/ready' });
    expect(response.statusCode).toBe(503);
    expect(response.json().store.ok).toBe(false);
    expect(response.json().reasons[0]).toMatch(/^the store does not answer: .+/);
  });
});
