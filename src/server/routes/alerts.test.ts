/**
 * Alert routes on a real Alerting (outbox in SQLite, real webhook channels) delivering to a
 * local HTTP receiver: `/ops` accepts, `/broken` answers 400 (a permanent failure) until told otherwise.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type LocalHttpServer } from '../../../test/alerts/local-servers.js';
import { sampleAlert } from '../../../test/alerts/sample-alert.js';
import { createTestServer, type TestServer } from '../../../test/helpers/server.js';
import { Alerting } from '../../alerts/alerting.js';
import type { WebhookBody } from '../../alerts/channels/webhook-channel.js';
import { alertsConfigSchema } from '../../alerts/config.js';
import { ReplayClock } from '../../core/clock.js';

const SECRET = 'route-test-secret-0123456789';

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('alert routes', () => {
  let receiver: LocalHttpServer;
  let alerting: Alerting;
  let server: TestServer;
  let admin: { authorization: string };
  let viewer: { authorization: string };
  let brokenAccepts = false;

  beforeAll(async () => {
    receiver = await startHttpServer((request) =>
      request.url === '/broken' && !brokenAccepts ? { status: 400, body: 'bad hook' } : { status: 200, body: 'ok' },
    );
    alerting = new Alerting({
      config: alertsConfigSchema.parse({
        channels: {
          ops: { type: 'webhook', url: `${receiver.url}/ops`, secret: SECRET },
          broken: { type: 'webhook', url: `${receiver.url}/broken` },
        },
        routes: [{ channels: ['ops'] }],
        delivery: { initialBackoffMs: 10, maxBackoffMs: 50, pollIntervalMs: 20 },
      }),
      database: ':memory:',
      clock: new ReplayClock(0),
    });
    alerting.start();
    server = await createTestServer({ deps: { alerting } });
    admin = await server.apiKey('admin');
    viewer = await server.apiKey('viewer');
  });
  afterAll(async () => {
    expect(server.schemaViolations).toEqual([]);
    await server.close();
    await alerting.stop();
    await receiver.stop();
  });

  const get = (url: string, headers = viewer) => server.inject({ method: 'GET', url, headers });
  const post = (url: string, payload?: object, headers = admin) =>
    server.inject({ method: 'POST', url, headers, ...(payload === undefined ? {} : { payload }) });

  it('POST /alerts/test needs the admin role', async () => {
    expect((await post('/api/v1/alerts/test', {}, viewer)).statusCode).toBe(403);
    expect((await post('/api/v1/alerts/test', {}, await server.apiKey('analyst'))).statusCode).toBe(403);
    expect((await server.inject({ method: 'POST', url: '/api/v1/alerts/test', payload: {} })).statusCode).toBe(401);
  });

  it('POST /alerts/test queues a test alert that arrives at the webhook with a valid HMAC signature', async () => {
    const response = await post('/api/v1/alerts/test', { channels: ['ops'] });
    expect(response.statusCode).toBe(202);
    const { alertId, channels, title } = response.json() as { alertId: string; channels: string[]; title: string };
    expect(channels).toEqual(['ops']);
    expect(alertId).toMatch(/^test:\d+$/);
    expect(title).toMatch(/TEST/);

    await until(() => receiver.requests.some((r) => r.url === '/ops'), 'the webhook delivery');
    const delivered = receiver.requests.find((r) => r.url === '/ops')!;
    // The signature is recomputed here with node:crypto, independently of the channel's code.
    const expected = `sha256=${createHmac('sha256', SECRET).update(delivered.body, 'utf8').digest('hex')}`;
    expect(delivered.headers['x-tickwatch-signature']).toBe(expected);
    const body = JSON.parse(delivered.body) as WebhookBody;
    expect(body.alert.id).toBe(alertId);
    expect(body.alert.test).toBe(true);
  });

  it('POST /alerts/test without channels sends to every configured channel; the failing one shows up', async () => {
    await new Promise((resolve) => setTimeout(resolve, 2)); // a new wall-clock µs: a new test alert id
    const response = await post('/api/v1/alerts/test');
    expect(response.statusCode).toBe(202);
    expect(response.json().channels).toEqual(['ops', 'broken']);
    await until(() => alerting.outbox.counts().failed === 1 && alerting.outbox.counts().delivered === 2, 'both');

    const channels = await get('/api/v1/alerts/channels');
    expect(channels.statusCode).toBe(200);
    const byName = Object.fromEntries(
      (channels.json().data as { name: string; lastError: string | null; lastDeliveredAtIso: string | null }[]).map(
        (channel) => [channel.name, channel],
      ),
    );
    expect(byName.ops).toMatchObject({ type: 'webhook', configured: true, delivered: 2, failed: 0, lastError: null });
    expect(byName.broken).toMatchObject({ type: 'webhook', configured: true, delivered: 0, failed: 1 });
    expect(byName.broken?.lastError).toMatch(/answered 400: bad hook/);
    expect(byName.ops?.lastDeliveredAtIso).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(channels.json().totals).toEqual({ pending: 0, delivering: 0, delivered: 2, failed: 1 });
  });

  it('rejects unknown channels, an empty list and unknown fields with 400', async () => {
    const unknown = await post('/api/v1/alerts/test', { channels: ['pager'] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toMatch(/unknown alert channel pager: configured channels are ops, broken/);
    expect((await post('/api/v1/alerts/test', { channels: [] })).statusCode).toBe(400);
    expect((await post('/api/v1/alerts/test', { channel: 'ops' })).statusCode).toBe(400);
    expect(alerting.outbox.counts()).toEqual({ pending: 0, delivering: 0, delivered: 2, failed: 1 });
  });

  it('GET /alerts/deliveries filters by status, channel and symbol', async () => {
    const failed = (await get('/api/v1/alerts/deliveries?status=failed')).json();
    expect(failed.count).toBe(1);
    expect(failed.data[0]).toMatchObject({
      channel: 'broken',
      status: 'failed',
      symbol: 'TEST',
      test: true,
      attempts: 1,
    });
    expect(failed.data[0].lastError).toMatch(/answered 400/);
    expect(failed.next).toBeNull();

    const ops = (await get('/api/v1/alerts/deliveries?channel=ops')).json();
    expect(ops.data.map((d: { status: string }) => d.status)).toEqual(['delivered', 'delivered']);
    expect(ops.data[0].deliveredAtIso).not.toBeNull();
    expect((await get('/api/v1/alerts/deliveries?symbol=TEST')).json().count).toBe(3);
    expect((await get('/api/v1/alerts/deliveries?symbol=AAPL')).json().count).toBe(0);
    expect((await get('/api/v1/alerts/deliveries?status=lost')).statusCode).toBe(400);
  });

  it('pages newest first with a cursor, without repeats or gaps', async () => {
    for (let n = 1; n <= 4; n++) alerting.outbox.enqueue(sampleAlert(n), ['ops']);
    const all = (await get('/api/v1/alerts/deliveries?limit=1000')).json().data.map((d: { id: number }) => d.id);
    expect(all).toHaveLength(7);
    expect(all).toEqual([...all].sort((a: number, b: number) => b - a));
    const paged: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor === null ? '' : `&cursor=${cursor}`;
      const page = (await get(`/api/v1/alerts/deliveries?limit=3${query}`)).json();
      paged.push(...page.data.map((d: { id: number }) => d.id));
      cursor = page.next;
      pages++;
    } while (cursor !== null);
    expect(paged).toEqual(all);
    expect(pages).toBe(3);
    expect((await get('/api/v1/alerts/deliveries?cursor=abc')).statusCode).toBe(400);
  });

  it('POST /alerts/deliveries/:id/retry requeues a failed delivery, which then arrives', async () => {
    const failedId = (await get('/api/v1/alerts/deliveries?status=failed')).json().data[0].id as number;
    expect((await post(`/api/v1/alerts/deliveries/${failedId}/retry`, undefined, viewer)).statusCode).toBe(403);

    brokenAccepts = true;
    const retried = await post(`/api/v1/alerts/deliveries/${failedId}/retry`);
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ id: failedId, status: 'pending', attempts: 0 });
    await until(() => alerting.outbox.get(failedId)?.status === 'delivered', 'the retried delivery');
    expect(receiver.requests.filter((r) => r.url === '/broken').length).toBe(2);

    const again = await post(`/api/v1/alerts/deliveries/${failedId}/retry`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toMatch(/is delivered, not failed/);
    expect((await post('/api/v1/alerts/deliveries/999999/retry')).statusCode).toBe(404);
    expect((await post('/api/v1/alerts/deliveries/zero/retry')).statusCode).toBe(400);
  });
});

describe('alert routes without alerting', () => {
  it('answer 503 with a hint', async () => {
    const server = await createTestServer();
    try {
      const response = await server.inject({
        method: 'GET',
        url: '/api/v1/alerts/channels',
        headers: await server.apiKey('viewer'),
      });
      expect(response.statusCode).toBe(503);
      expect(response.json().error).toMatchObject({
        code: 'unavailable',
        message: expect.stringMatching(/alerts\.enabled/),
      });
    } finally {
      await server.close();
    }
  });
});
