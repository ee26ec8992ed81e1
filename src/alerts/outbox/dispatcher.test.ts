/** The dispatcher against local HTTP servers: retries, backoff, rate limits, order, restarts, exactly-once. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ReplayClock } from '../../core/clock.js';
import { startHttpServer, type LocalHttpServer } from '../../../test/alerts/local-servers.js';
import { sampleAlert } from '../../../test/alerts/sample-alert.js';
import { T0 } from '../../../test/server/market-events.js';
import type { AlertChannel } from '../channels/channel.js';
import { TelegramChannel } from '../channels/telegram-channel.js';
import { WebhookChannel } from '../channels/webhook-channel.js';
import type { RateLimit } from '../token-bucket.js';
import { OutboxDispatcher, backoffMs, type DeliveryObserver, type RetryPolicy } from './dispatcher.js';
import { AlertOutbox } from './outbox.js';

const SECOND = 1_000_000;
const RETRY: RetryPolicy = { maxAttempts: 5, initialBackoffMs: 1_000, maxBackoffMs: 60_000 };

const servers: LocalHttpServer[] = [];
const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop().catch(() => undefined);
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function server(...args: Parameters<typeof startHttpServer>): Promise<LocalHttpServer> {
  const started = await startHttpServer(...args);
  servers.push(started);
  return started;
}

function webhook(url: string, name = 'ops', rateLimit: RateLimit | null = null): AlertChannel {
  return new WebhookChannel(name, { url, timeoutMs: 2_000, rateLimit });
}

class RecordingObserver implements DeliveryObserver {
  readonly events: string[] = [];
  alertDelivered(channel: string): void {
    this.events.push(`delivered:${channel}`);
  }
  alertFailed(channel: string, permanent: boolean): void {
    this.events.push(`${permanent ? 'failed' : 'retry'}:${channel}`);
  }
}

function setup(channels: readonly AlertChannel[], retry: RetryPolicy = RETRY) {
  const clock = new ReplayClock(T0);
  const outbox = new AlertOutbox(new Database(':memory:'), clock);
  const observer = new RecordingObserver();
  const dispatcher = new OutboxDispatcher({ outbox, channels, retry, clock, random: () => 0.5, observer });
  return { clock, outbox, dispatcher, observer, advance: (micros: number) => clock.advanceTo(clock.now() + micros) };
}

const deliveryIds = (s: LocalHttpServer) => s.requests.map((r) => r.headers['x-tickwatch-delivery']);

describe('backoffMs', () => {
  it('doubles from the initial wait up to the cap, with equal jitter', () => {
    const policy = { maxAttempts: 99, initialBackoffMs: 1_000, maxBackoffMs: 10_000 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffMs(n, policy, () => 0))).toEqual([
      500, 1_000, 2_000, 4_000, 5_000, 5_000,
    ]);
    expect([1, 2, 3].map((n) => backoffMs(n, policy, () => 0.999999))).toEqual([1_000, 2_000, 4_000]);
  });
});

describe('OutboxDispatcher', () => {
  it('delivers due rows and marks them delivered', async () => {
    const receiver = await server();
    const { outbox, dispatcher, observer } = setup([webhook(receiver.url)]);
    outbox.enqueue(sampleAlert(1), ['ops']);
    expect(await dispatcher.deliverDue()).toBe(1);
    expect(deliveryIds(receiver)).toEqual([`${sampleAlert(1).id}/ops`]);
    expect(outbox.list()[0]).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(await dispatcher.deliverDue()).toBe(0);
    expect(receiver.requests).toHaveLength(1);
    expect(observer.events).toEqual(['delivered:ops']);
  });

  it('retries a channel that is down (connection refused) with backoff and delivers when it is back', async () => {
    const receiver = await server();
    await receiver.stop();
    const { outbox, dispatcher, advance, observer } = setup([webhook(receiver.url)]);
    outbox.enqueue(sampleAlert(1), ['ops']);
    expect(await dispatcher.deliverDue()).toBe(0);
    let row = outbox.list()[0]!;
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row.lastError).toMatch(/attempt 1: POST .* failed: ECONNREFUSED/);
    expect(row.nextAttemptAt).toBe(T0 + 750_000); // 1 s with equal jitter at 0.5
    advance(700_000);
    expect(await dispatcher.deliverDue()).toBe(0); // not due yet: no attempt
    expect(outbox.list()[0]?.attempts).toBe(1);
    advance(50_000);
    expect(await dispatcher.deliverDue()).toBe(0); // due, still down
    row = outbox.list()[0]!;
    expect(row.nextAttemptAt - (T0 + 750_000)).toBe(1_500_000); // doubled
    await receiver.restart();
    advance(1_500_000);
    expect(await dispatcher.deliverDue()).toBe(1);
    expect(outbox.list()[0]).toMatchObject({ status: 'delivered', attempts: 3 });
    expect(receiver.requests).toHaveLength(1);
    expect(observer.events).toEqual(['retry:ops', 'retry:ops', 'delivered:ops']);
  });

  it('retries 500s until the receiver accepts, exactly one successful delivery', async () => {
    let failures = 2;
    const receiver = await server(() =>
      failures-- > 0 ? { status: 500, body: 'down for maintenance' } : { status: 200 },
    );
    const { outbox, dispatcher, advance } = setup([webhook(receiver.url)]);
    outbox.enqueue(sampleAlert(1), ['ops']);
    for (let i = 0; i < 10; i++) {
      await dispatcher.deliverDue();
      advance(60 * SECOND);
    }
    expect(receiver.requests.map((r) => r.headers['x-tickwatch-attempt'])).toEqual(['1', '2', '3']);
    expect(outbox.list()[0]).toMatchObject({
      status: 'delivered',
      attempts: 3,
      lastError: 'attempt 2: POST ' + receiver.url + ' answered 500: down for maintenance',
    });
  });

  it('marks a permanent failure failed at once, and exhausted retries failed after maxAttempts', async () => {
    const rejecting = await server(() => ({ status: 400, body: 'invalid payload' }));
    const flaky = await server(() => ({ status: 503 }));
    const { outbox, dispatcher, advance, observer } = setup(
      [webhook(rejecting.url, 'strict'), webhook(flaky.url, 'flaky')],
      {
        ...RETRY,
        maxAttempts: 3,
      },
    );
    outbox.enqueue(sampleAlert(1), ['strict', 'flaky']);
    for (let i = 0; i < 6; i++) {
      await dispatcher.deliverDue();
      advance(60 * SECOND);
    }
    const [flakyRow, strictRow] = outbox.list();
    expect(strictRow).toMatchObject({ channel: 'strict', status: 'failed', attempts: 1 });
    expect(strictRow?.lastError).toMatch(/answered 400: invalid payload$/);
    expect(flakyRow).toMatchObject({ channel: 'flaky', status: 'failed', attempts: 3 });
    expect(flakyRow?.lastError).toMatch(/\(gave up after 3 attempts\)$/);
    expect(rejecting.requests).toHaveLength(1);
    expect(flaky.requests).toHaveLength(3);
    expect(observer.events.filter((e) => e.startsWith('failed'))).toEqual(['failed:strict', 'failed:flaky']);
  });

  it("waits at least the receiver's Retry-After", async () => {
    let first = true;
    const receiver = await server(() => {
      if (!first) return { status: 200 };
      first = false;
      return { status: 429, headers: { 'retry-after': '30' } };
    });
    const { outbox, dispatcher, advance } = setup([webhook(receiver.url)]);
    outbox.enqueue(sampleAlert(1), ['ops']);
    await dispatcher.deliverDue();
    expect(outbox.list()[0]?.nextAttemptAt).toBe(T0 + 30 * SECOND);
    advance(29 * SECOND);
    await dispatcher.deliverDue();
    expect(receiver.requests).toHaveLength(1);
    advance(SECOND);
    expect(await dispatcher.deliverDue()).toBe(1);
  });

  it('honours a channel rate limit (Telegram: 20 a minute per chat) and keeps the order', async () => {
    const receiver = await server(() => ({ status: 200, body: '{"ok":true}' }));
    const telegram = new TelegramChannel('phone', {
      botToken: '1:x',
      chatId: 5,
      apiBaseUrl: receiver.url,
      timeoutMs: 2_000,
      rateLimit: { messages: 20, periodMs: 60_000 },
    });
    const { outbox, dispatcher, advance } = setup([telegram]);
    for (let i = 1; i <= 25; i++) outbox.enqueue(sampleAlert(i), ['phone']);
    expect(await dispatcher.deliverDue()).toBe(20); // the burst
    expect(await dispatcher.deliverDue()).toBe(0); // the other 5 wait for tokens
    expect(outbox.nextDueAt()).toBe(T0 + 3 * SECOND); // one token every 3 s
    advance(3 * SECOND);
    expect(await dispatcher.deliverDue()).toBe(1);
    advance(12 * SECOND);
    expect(await dispatcher.deliverDue()).toBe(4);
    const texts = receiver.requests.map((r) => (JSON.parse(r.body) as { text: string }).text);
    expect(texts).toHaveLength(25);
    // In enqueue order: all alerts have the same title, so compare the order of row ids instead.
    const delivered = outbox.list({ limit: 100 }).reverse();
    expect(delivered.every((row) => row.status === 'delivered')).toBe(true);
    const deliveredAt = delivered.map((row) => row.deliveredAt ?? 0);
    expect([...deliveredAt].sort((a, b) => a - b)).toEqual(deliveredAt);
    // No more than 20 messages in any 60 s window.
    for (let i = 20; i < deliveredAt.length; i++)
      expect(deliveredAt[i]! - deliveredAt[i - 20]!).toBeGreaterThanOrEqual(3 * SECOND);
  });

  it('holds later rows of a failing channel back so they are not delivered out of order', async () => {
    let down = true;
    const receiver = await server(() => (down ? { status: 502 } : { status: 200 }));
    const { outbox, dispatcher, advance } = setup([webhook(receiver.url)]);
    for (let i = 1; i <= 3; i++) outbox.enqueue(sampleAlert(i), ['ops']);
    await dispatcher.deliverDue();
    expect(receiver.requests).toHaveLength(1); // rows 2 and 3 were not tried after row 1 failed
    down = false;
    advance(60 * SECOND);
    expect(await dispatcher.deliverDue()).toBe(3);
    expect(deliveryIds(receiver).slice(1)).toEqual([1, 2, 3].map((i) => `${sampleAlert(i).id}/ops`));
  });

  it('marks rows of a channel that is no longer configured failed, with advice', async () => {
    const { outbox, dispatcher } = setup([]);
    outbox.enqueue(sampleAlert(1), ['gone']);
    await dispatcher.deliverDue();
    expect(outbox.list()[0]).toMatchObject({ status: 'failed' });
    expect(outbox.list()[0]?.lastError).toMatch(/not configured any more/);
  });

  it('resumes after a restart: pending rows and rows of a dispatcher that died mid-send are delivered', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tickwatch-dispatch-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'tickwatch.db');
    const receiver = await server();
    const clock = new ReplayClock(T0);
    const before = AlertOutbox.open(path, clock);
    before.enqueue(sampleAlert(1), ['ops']);
    before.enqueue(sampleAlert(2), ['ops']);
    const crashed = before.due(clock.now(), 10)[1]!;
    before.claim(crashed.id, clock.now(), clock.now() + 300 * SECOND); // claimed, then the process died
    before.close();

    const after = AlertOutbox.open(path, clock);
    cleanups.push(() => after.close());
    const dispatcher = new OutboxDispatcher({ outbox: after, channels: [webhook(receiver.url)], retry: RETRY, clock });
    expect(await dispatcher.deliverDue()).toBe(1);
    clock.advanceTo(T0 + 300 * SECOND); // the dead claimant's lease expires
    expect(await dispatcher.deliverDue()).toBe(1);
    expect(deliveryIds(receiver)).toEqual([`${sampleAlert(1).id}/ops`, `${sampleAlert(2).id}/ops`]);
    expect(after.counts()).toEqual({ pending: 0, delivering: 0, delivered: 2, failed: 0 });
  });

  it('delivers each (alert, channel) once even with two dispatchers on the same database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tickwatch-dispatch-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'tickwatch.db');
    const receiver = await server();
    const clock = new ReplayClock(T0);
    const outboxes = [AlertOutbox.open(path, clock), AlertOutbox.open(path, clock)];
    cleanups.push(() => outboxes.forEach((o) => o.close()));
    for (let i = 1; i <= 30; i++) outboxes[0]!.enqueue(sampleAlert(i), ['ops', 'audit']);
    const channels = [webhook(receiver.url, 'ops'), webhook(receiver.url, 'audit')];
    const dispatchers = outboxes.map((outbox) => new OutboxDispatcher({ outbox, channels, retry: RETRY, clock }));
    const delivered = await Promise.all(dispatchers.map((d) => d.deliverDue()));
    expect(delivered[0]! + delivered[1]!).toBe(60);
    expect(Math.min(...delivered)).toBeGreaterThan(0); // both worked the same rows concurrently
    const ids = deliveryIds(receiver);
    expect(ids).toHaveLength(60);
    expect(new Set(ids).size).toBe(60);
  });

  it('runs in the background: start, wake on enqueue, retry with real timers, stop', async () => {
    let failures = 2;
    const receiver = await server(() => (failures-- > 0 ? { status: 500 } : { status: 200 }));
    const outbox = new AlertOutbox(new Database(':memory:'));
    const dispatcher = new OutboxDispatcher({
      outbox,
      channels: [webhook(receiver.url)],
      retry: { maxAttempts: 10, initialBackoffMs: 20, maxBackoffMs: 100 },
      pollIntervalMs: 5_000,
    });
    dispatcher.start();
    outbox.enqueue(sampleAlert(1), ['ops']);
    dispatcher.wake();
    const deadline = Date.now() + 5_000;
    while (outbox.counts().delivered === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await dispatcher.stop();
    expect(outbox.list()[0]).toMatchObject({ status: 'delivered', attempts: 3 });
    expect(receiver.requests).toHaveLength(3);
  });
});
