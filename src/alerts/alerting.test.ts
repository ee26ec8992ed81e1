/** End to end: anomalies in, a signed webhook delivery and a console line out, through the outbox. */
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ReplayClock } from '../core/clock.js';
import { startHttpServer, type LocalHttpServer } from '../../test/alerts/local-servers.js';
import { T0, anomaly, trade } from '../../test/server/market-events.js';
import { Alerting } from './alerting.js';
import { alertsConfigSchema } from './config.js';
import type { WebhookBody } from './channels/webhook-channel.js';

const SECRET = 'integration-test-secret-0123456789';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(receiver: LocalHttpServer) {
  const dir = mkdtempSync(join(tmpdir(), 'tickwatch-alerting-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const printed: string[] = [];
  const config = alertsConfigSchema.parse({
    groupWindowMs: 1_000,
    channels: {
      console: { type: 'console' },
      ops: { type: 'webhook', url: `${receiver.url}/alerts`, secret: SECRET },
    },
    routes: [{ channels: ['console'] }, { channels: ['ops'], minSeverity: 'critical' }],
    delivery: { initialBackoffMs: 10, maxBackoffMs: 50 },
  });
  const clock = new ReplayClock(T0);
  const alerting = new Alerting({
    config,
    database: join(dir, 'tickwatch.db'),
    clock,
    channelDependencies: { consoleWrite: (text) => printed.push(text) },
  });
  cleanups.push(() => alerting.stop());
  return { alerting, clock, printed };
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('Alerting', () => {
  it('turns anomalies into one grouped alert, routed by severity, delivered signed to the webhook', async () => {
    const receiver = await startHttpServer();
    cleanups.push(() => receiver.stop());
    const { alerting, clock, printed } = await setup(receiver);
    alerting.start();
    alerting.observe(trade('AAPL', 1)); // ignored: not an anomaly
    alerting.observe(anomaly('AAPL', 1, { severity: 'warning' }));
    clock.advanceTo(T0 + 500_000);
    alerting.observe(anomaly('AAPL', 1, { kind: 'price_spike', severity: 'critical' }));
    alerting.observe(anomaly('MSFT', 1, { severity: 'warning' }));
    alerting.onTime(T0 + 999_999);
    expect(alerting.stats().alertsRaised).toBe(0);
    clock.advanceTo(T0 + 1_000_000);
    alerting.onTime(clock.now());
    expect(alerting.stats().alertsRaised).toBe(1); // AAPL's window (opened at T0) ended; MSFT's opened at T0 + 0.5 s
    clock.advanceTo(T0 + 1_500_000);
    alerting.onTime(clock.now());
    expect(alerting.stats()).toEqual({ anomaliesSeen: 3, alertsRaised: 2, alertsUnrouted: 0 });
    await until(() => alerting.outbox.counts().delivered === 3);
    expect(receiver.requests).toHaveLength(1); // MSFT was only a warning: console only
    const [request] = receiver.requests;
    expect(request?.headers['x-tickwatch-signature']).toBe(
      `sha256=${createHmac('sha256', SECRET)
        .update(request?.body ?? '')
        .digest('hex')}`,
    );
    const body = JSON.parse(request?.body ?? '') as WebhookBody;
    expect(body.alert).toMatchObject({ symbol: 'AAPL', severity: 'critical', kinds: ['volume_spike', 'price_spike'] });
    expect(printed.map((text) => text.split('\n')[0])).toEqual([
      '[CRITICAL] AAPL: volume_spike, price_spike',
      '[WARNING] MSFT: volume_spike',
    ]);
  });

  it('queues alerts while the webhook is down and delivers them when it comes back', async () => {
    const receiver = await startHttpServer();
    cleanups.push(() => receiver.stop());
    await receiver.stop();
    const { alerting, clock } = await setup(receiver);
    alerting.start();
    alerting.observe(anomaly('AAPL', 1, { severity: 'critical' }));
    clock.advanceTo(T0 + 1_000_000);
    alerting.onTime(clock.now());
    await until(() => (alerting.outbox.list({ channel: 'ops' })[0]?.attempts ?? 0) >= 2);
    const summary = alerting.outbox.channelSummary().find((c) => c.channel === 'ops');
    // The row waits for its next attempt, or is in one right now.
    expect((summary?.pending ?? 0) + (summary?.delivering ?? 0)).toBe(1);
    expect(summary?.delivered).toBe(0);
    expect(summary?.lastError).toMatch(/ECONNREFUSED/);
    await receiver.restart();
    await until(() => alerting.outbox.list({ channel: 'ops' })[0]?.status === 'delivered');
    expect(receiver.requests).toHaveLength(1);
  });

  it('sends a test alert to every channel, or to the ones named', async () => {
    const receiver = await startHttpServer();
    cleanups.push(() => receiver.stop());
    const { alerting, printed } = await setup(receiver);
    alerting.start();
    expect(alerting.sendTest(['ops']).channels).toEqual(['ops']);
    await until(() => receiver.requests.length === 1);
    expect((JSON.parse(receiver.requests[0]?.body ?? '') as WebhookBody).alert).toMatchObject({
      test: true,
      title: '[TEST] tickwatch alert channel check',
    });
    expect(printed).toEqual([]);
    expect(() => alerting.sendTest(['pager'])).toThrow(
      'unknown alert channel pager: configured channels are console, ops',
    );
    expect(alerting.channelList()).toEqual([
      { name: 'console', type: 'console' },
      { name: 'ops', type: 'webhook' },
    ]);
  });
});
