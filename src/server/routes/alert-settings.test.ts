/**
 * Runtime alert settings through the API on a real Alerting (outbox and settings in one SQLite
 * file): an admin adds a webhook channel and a route, an alert then arrives at a local receiver
 * without a restart; secrets come back masked; viewers, missing CSRF tokens, bad bodies and
 * conflicts are refused with what was wrong; every change is audited; a new Alerting on the same
 * file loads the settings again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type LocalHttpServer } from '../../../test/alerts/local-servers.js';
import { T0, anomaly } from '../../../test/server/market-events.js';
import { createTestServer, type Session, type TestServer } from '../../../test/helpers/server.js';
import { Alerting } from '../../alerts/alerting.js';
import { alertsConfigSchema } from '../../alerts/config.js';
import { MASK } from '../../alerts/settings/mask.js';
import { ReplayClock } from '../../core/clock.js';

const HOOK_SECRET = 'runtime-hook-secret-0123456789';

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('runtime alert settings API', () => {
  let dir: string;
  let receiver: LocalHttpServer;
  let alerting: Alerting;
  let server: TestServer;
  let admin: Session;
  let viewer: { authorization: string };
  const clock = new ReplayClock(T0);
  const config = alertsConfigSchema.parse({
    groupWindowMs: 0,
    channels: { console: { type: 'console' } },
    routes: [{ channels: ['console'], minSeverity: 'critical' }],
    delivery: { initialBackoffMs: 10, maxBackoffMs: 50, pollIntervalMs: 20 },
  });
  const open = (): Alerting =>
    new Alerting({
      config,
      database: join(dir, 'tickwatch.db'),
      clock,
      channelDependencies: { consoleWrite: () => undefined },
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tickwatch-alert-settings-'));
    receiver = await startHttpServer();
    alerting = open();
    alerting.start();
    server = await createTestServer({ deps: { alerting } });
    admin = await server.login('admin');
    viewer = await server.apiKey('viewer');
  });
  afterAll(async () => {
    expect(server.schemaViolations).toEqual([]);
    await server.close();
    await alerting.stop();
    await receiver.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const send = (method: 'POST' | 'PUT' | 'DELETE', url: string, payload?: object, headers: object = admin.headers) =>
    server.inject({ method, url, headers: headers as Record<string, string>, ...(payload ? { payload } : {}) });
  const settings = async () =>
    (await server.inject({ method: 'GET', url: '/api/v1/alerts/settings', headers: viewer })).json() as {
      channels: { name: string; source: string; settings: Record<string, unknown> | null; updatedBy: string | null }[];
      routes: { id: number | null; source: string; channels: string[]; minSeverity?: string }[];
    };

  it('is in the OpenAPI document with its bodies and error statuses', async () => {
    const document = (await server.inject({ method: 'GET', url: '/docs/json' })).json() as {
      paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>;
    };
    expect(Object.keys(document.paths['/api/v1/alerts/settings'] ?? {})).toEqual(['get']);
    const put = document.paths['/api/v1/alerts/settings/channels/{name}']?.['put'];
    expect(put?.requestBody).toBeDefined();
    expect(Object.keys(put?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '403', '404', '409']));
    expect(document.paths['/api/v1/alerts/settings/channels']?.['post']?.requestBody).toBeDefined();
    expect(Object.keys(document.paths['/api/v1/alerts/settings/routes/{id}'] ?? {}).sort()).toEqual(['delete', 'put']);
  });

  it('lists the configured channel and route read-only', async () => {
    const listed = await settings();
    expect(listed.channels).toEqual([
      expect.objectContaining({ name: 'console', type: 'console', source: 'config', problem: null }),
    ]);
    expect(listed.routes).toEqual([
      expect.objectContaining({ id: null, source: 'config', channels: ['console'], minSeverity: 'critical' }),
    ]);
  });

  it('an admin adds a webhook channel and a route; an alert reaches the webhook without a restart', async () => {
    const url = `${receiver.url}/hooks/very-secret-path?token=abc`;
    const created = await send('POST', '/api/v1/alerts/settings/channels', {
      name: 'ops-hook',
      channel: { type: 'webhook', url, secret: HOOK_SECRET, headers: { authorization: 'Bearer xyz' } },
    });
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body).toMatchObject({ name: 'ops-hook', type: 'webhook', source: 'runtime', updatedBy: 'admin' });
    expect(body.settings).toEqual(
      expect.objectContaining({ url: `${new URL(receiver.url).origin}/${MASK}`, secret: MASK }),
    );
    expect(body.settings.headers).toEqual({ authorization: MASK });
    expect(created.body).not.toContain('very-secret-path');
    expect(created.body).not.toContain(HOOK_SECRET);
    expect(created.body).not.toContain('xyz');

    const route = await send('POST', '/api/v1/alerts/settings/routes', {
      channels: ['ops-hook'],
      minSeverity: 'warning',
      symbols: ['AAPL'],
    });
    expect(route.statusCode).toBe(201);
    expect(route.json()).toMatchObject({ source: 'runtime', channels: ['ops-hook'], minSeverity: 'warning' });
    expect(typeof route.json().id).toBe('number');

    const listed = await settings();
    expect(listed.channels.map((c) => `${c.source}:${c.name}`)).toEqual(['config:console', 'runtime:ops-hook']);
    expect(JSON.stringify(listed)).not.toContain('very-secret-path');

    alerting.observe(anomaly('AAPL', 1, { severity: 'warning' }));
    alerting.onTime(T0 + 10_000_000);
    await until(() => receiver.requests.some((r) => r.url === '/hooks/very-secret-path?token=abc'), 'the webhook');
    const delivered = receiver.requests.find((r) => r.url.startsWith('/hooks/'))!;
    expect(delivered.headers['authorization']).toBe('Bearer xyz');
    expect(delivered.headers['x-tickwatch-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
  });

  it('an update that leaves secrets out or masked keeps them', async () => {
    const masked = (await settings()).channels.find((c) => c.name === 'ops-hook')!.settings!;
    const response = await send('PUT', '/api/v1/alerts/settings/channels/ops-hook', { ...masked, timeoutMs: 2_000 });
    expect(response.statusCode).toBe(200);
    expect(response.json().settings).toMatchObject({ timeoutMs: 2_000, secret: MASK });
    const secretless = await send('PUT', '/api/v1/alerts/settings/channels/ops-hook', { type: 'webhook' });
    expect(secretless.statusCode).toBe(200);
    expect(secretless.json().settings.timeoutMs).toBe(10_000); // replaced: defaults again
    const test = await send('POST', '/api/v1/alerts/test', { channels: ['ops-hook'] });
    expect(test.statusCode).toBe(202);
    await until(
      () => receiver.requests.filter((r) => r.url.startsWith('/hooks/very-secret-path')).length === 2,
      'test',
    );
  });

  it('refuses viewers, a missing CSRF token, bad bodies and conflicts with what was wrong', async () => {
    const channel = { name: 'x-hook', channel: { type: 'webhook', url: `${receiver.url}/x` } };
    expect((await send('POST', '/api/v1/alerts/settings/channels', channel, viewer)).statusCode).toBe(403);
    const analyst = await server.apiKey('analyst');
    expect((await send('DELETE', '/api/v1/alerts/settings/routes/1', undefined, analyst)).statusCode).toBe(403);
    const noCsrf = await send('POST', '/api/v1/alerts/settings/channels', channel, admin.cookieOnly);
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error.code).toBe('csrf_failed');

    const badUrl = await send('POST', '/api/v1/alerts/settings/channels', {
      name: 'x-hook',
      channel: { type: 'webhook', url: 'ftp://example.com' },
    });
    expect(badUrl.statusCode).toBe(400);
    expect(badUrl.json().error.message).toMatch(/url/);
    const badName = await send('POST', '/api/v1/alerts/settings/channels', { ...channel, name: 'has space' });
    expect(badName.statusCode).toBe(400);
    expect(badName.json().error.message).toMatch(/name/);
    const badUpdate = await send('PUT', '/api/v1/alerts/settings/channels/ops-hook', {
      type: 'webhook',
      secret: 'short',
    });
    expect(badUpdate.statusCode).toBe(400);
    expect(badUpdate.json().error.message).toMatch(/channel\.secret/);

    const taken = await send('POST', '/api/v1/alerts/settings/channels', { ...channel, name: 'console' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.message).toMatch(/configuration file/);
    const configEdit = await send('PUT', '/api/v1/alerts/settings/channels/console', { type: 'console' });
    expect(configEdit.statusCode).toBe(409);
    expect((await send('PUT', '/api/v1/alerts/settings/channels/nope', { type: 'console' })).statusCode).toBe(404);

    const unknownChannel = await send('POST', '/api/v1/alerts/settings/routes', { channels: ['pager'] });
    expect(unknownChannel.statusCode).toBe(400);
    expect(unknownChannel.json().error.message).toMatch(/unknown channel pager: channels are console, ops-hook/);

    const inUse = await send('DELETE', '/api/v1/alerts/settings/channels/ops-hook');
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().error.message).toMatch(/used by route \d+/);
    expect((await send('DELETE', '/api/v1/alerts/settings/routes/999')).statusCode).toBe(404);
  });

  it('audits every change with the admin and address', async () => {
    const log = await server.auth.auditLog({ limit: 100 });
    const actions = log.filter((e) => e.action.startsWith('alert.')).map((e) => `${e.action} ${e.target}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        'alert.channel_create ops-hook',
        expect.stringMatching(/^alert\.route_create \d+$/),
        'alert.channel_update ops-hook',
      ]),
    );
    expect(log.find((e) => e.action === 'alert.channel_create')).toMatchObject({ actor: 'admin', success: true });
  });

  it('keeps the settings across a restart, then deletes the route and the channel', async () => {
    const again = open();
    try {
      expect(again.channelList()).toEqual([
        { name: 'console', type: 'console' },
        { name: 'ops-hook', type: 'webhook' },
      ]);
      expect(again.settings.routeViews().filter((r) => r.source === 'runtime')).toHaveLength(1);
    } finally {
      await again.stop();
    }
    const routeId = (await settings()).routes.find((r) => r.source === 'runtime')!.id!;
    expect((await send('DELETE', `/api/v1/alerts/settings/routes/${routeId}`)).statusCode).toBe(204);
    expect((await send('DELETE', '/api/v1/alerts/settings/channels/ops-hook')).statusCode).toBe(204);
    const listed = await settings();
    expect(listed.channels.map((c) => c.name)).toEqual(['console']);
    expect(listed.routes).toHaveLength(1);
    expect(alerting.channelList()).toEqual([{ name: 'console', type: 'console' }]);
  });
});
