import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeQuarantined } from '../../../test/contract/store-contract.js';
import { T0, createTestServer, type TestServer } from '../../../test/helpers/server.js';
import { isoFromMicros } from '../../core/time.js';
import type { HubStats } from '../ws/event-hub.js';
import type { SystemStats } from './route-deps.js';

/** What the hub reports, with more fields than the API documents (they must not leak). */
const hub: HubStats = {
  clients: 3,
  queuedFrames: 12,
  queuedBytes: 4096,
  maxClientQueue: 9,
  eventsSerialised: 5000,
  framesSent: 14_000,
  framesDropped: 2,
  disconnects: { client_closed: 4, slow_consumer: 1, heartbeat_timeout: 0, abuse: 0, server_closing: 0 },
};

const runLoop: SystemStats = {
  windowSeconds: 10,
  ticksPerSecond: 1234.5,
  eventsByType: { trade: 10_000, quote: 8_000, bar: 120, anomaly: 3 },
  websocket: hub,
  storeWrites: { rowsPerSecond: 1500, batchesPerSecond: 10, rowsTotal: 90_000 },
  latencyMs: { receive_to_bar: { count: 500, p50: 0.4, p90: 0.9, p99: 2.5, max: 7.1 } },
};

describe('GET /api/v1/system/stats', () => {
  let server: TestServer;
  let bare: TestServer;
  let calls = 0;
  beforeAll(async () => {
    server = await createTestServer({
      deps: {
        stats: () => {
          calls++;
          return runLoop;
        },
      },
    });
    bare = await createTestServer();
    const quarantined = Array.from({ length: 5 }, (_, i) => makeQuarantined(i));
    await server.store.write({ quarantine: quarantined });
  });
  afterAll(async () => {
    expect(server.schemaViolations).toEqual([]);
    expect(bare.schemaViolations).toEqual([]);
    await server.close();
    await bare.close();
  });

  it('combines the run loop figures with the stored quarantine counts', async () => {
    server.clock.advanceTo(T0 + 42_000_000);
    const response = await server.inject({
      method: 'GET',
      url: '/api/v1/system/stats',
      headers: await server.apiKey('viewer'),
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    const counts = await server.store.quarantineCounts();
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(5);
    expect(body).toEqual({
      ts: T0 + 42_000_000,
      tsIso: isoFromMicros(T0 + 42_000_000),
      uptimeSeconds: 42,
      windowSeconds: 10,
      ticksPerSecond: 1234.5,
      eventsByType: { trade: 10_000, quote: 8_000, bar: 120, anomaly: 3 },
      quarantine: { counts, total: 5 },
      websocket: { clients: 3, queuedFrames: 12, maxClientQueue: 9, framesSent: 14_000, framesDropped: 2 },
      storeWrites: { rowsPerSecond: 1500, batchesPerSecond: 10, rowsTotal: 90_000 },
      latencyMs: { receive_to_bar: { count: 500, p50: 0.4, p90: 0.9, p99: 2.5, max: 7.1 } },
    });
    expect(calls).toBe(1);
  });

  it('answers with nulls for the run loop figures when the server has no run loop', async () => {
    const body = (
      await bare.inject({ method: 'GET', url: '/api/v1/system/stats', headers: await bare.apiKey('viewer') })
    ).json();
    expect(body).toMatchObject({
      windowSeconds: null,
      ticksPerSecond: null,
      eventsByType: {},
      websocket: null,
      storeWrites: null,
      latencyMs: {},
      quarantine: { counts: {}, total: 0 },
    });
  });

  it('needs authentication', async () => {
    expect((await server.inject({ method: 'GET', url: '/api/v1/system/stats' })).statusCode).toBe(401);
  });
});
