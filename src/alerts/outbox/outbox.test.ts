import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ReplayClock } from '../../core/clock.js';
import { openSqliteStore } from '../../store/sqlite/index.js';
import { T0, trade } from '../../../test/server/market-events.js';
import { sampleAlert } from '../../../test/alerts/sample-alert.js';
import { AlertOutbox } from './outbox.js';

const directories: string[] = [];
afterEach(() => {
  for (const dir of directories.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tickwatch-outbox-'));
  directories.push(dir);
  return join(dir, 'tickwatch.db');
}

function memoryOutbox(clock = new ReplayClock(T0)) {
  return { outbox: new AlertOutbox(new Database(':memory:'), clock), clock };
}

const SECOND = 1_000_000;

describe('AlertOutbox', () => {
  it('enqueues one row per channel and ignores an (alert, channel) pair already present', () => {
    const { outbox } = memoryOutbox();
    expect(outbox.enqueue(sampleAlert(1), ['slack', 'webhook'])).toBe(2);
    expect(outbox.enqueue(sampleAlert(1), ['slack', 'email'])).toBe(1);
    expect(outbox.counts()).toEqual({ pending: 3, delivering: 0, delivered: 0, failed: 0 });
    const rows = outbox.list();
    expect(rows.map((r) => r.channel)).toEqual(['email', 'webhook', 'slack']);
    expect(rows[0]?.alert).toEqual(sampleAlert(1));
  });

  it('lets one claimant take a due row; a delivered row is never due again', () => {
    const { outbox, clock } = memoryOutbox();
    outbox.enqueue(sampleAlert(1), ['slack']);
    const [row] = outbox.due(clock.now(), 10);
    expect(row?.status).toBe('pending');
    expect(outbox.claim(row!.id, clock.now(), clock.now() + 60 * SECOND)).toBe(true);
    expect(outbox.claim(row!.id, clock.now(), clock.now() + 60 * SECOND)).toBe(false);
    expect(outbox.due(clock.now(), 10)).toEqual([]);
    outbox.markDelivered(row!.id);
    clock.advanceTo(clock.now() + 3600 * SECOND);
    expect(outbox.due(clock.now(), 10)).toEqual([]);
    expect(outbox.claim(row!.id, clock.now(), clock.now() + SECOND)).toBe(false);
    expect(outbox.get(row!.id)).toMatchObject({ status: 'delivered', attempts: 1, deliveredAt: T0 });
  });

  it('hands a row whose claimant died back after its lease expires', () => {
    const { outbox, clock } = memoryOutbox();
    outbox.enqueue(sampleAlert(1), ['slack']);
    const id = outbox.due(clock.now(), 10)[0]!.id;
    outbox.claim(id, clock.now(), clock.now() + 60 * SECOND);
    clock.advanceTo(T0 + 59 * SECOND);
    expect(outbox.due(clock.now(), 10)).toEqual([]);
    clock.advanceTo(T0 + 60 * SECOND);
    expect(outbox.due(clock.now(), 10).map((r) => [r.id, r.status])).toEqual([[id, 'delivering']]);
    expect(outbox.claim(id, clock.now(), clock.now() + 60 * SECOND)).toBe(true);
    expect(outbox.get(id)?.attempts).toBe(2);
  });

  it('retries: a failed attempt waits until its next attempt time and keeps the error', () => {
    const { outbox, clock } = memoryOutbox();
    outbox.enqueue(sampleAlert(1), ['slack']);
    const id = outbox.due(clock.now(), 10)[0]!.id;
    outbox.claim(id, clock.now(), clock.now() + 60 * SECOND);
    outbox.markRetry(id, T0 + 5 * SECOND, 'attempt 1: ECONNREFUSED');
    expect(outbox.due(T0 + 4 * SECOND, 10)).toEqual([]);
    expect(outbox.nextDueAt()).toBe(T0 + 5 * SECOND);
    expect(outbox.due(T0 + 5 * SECOND, 10)[0]).toMatchObject({
      id,
      status: 'pending',
      attempts: 1,
      lastError: 'attempt 1: ECONNREFUSED',
    });
  });

  it('shows failures: list by status, counts, per-channel summary with the newest error; retry re-queues', () => {
    const { outbox, clock } = memoryOutbox();
    outbox.enqueue(sampleAlert(1), ['slack', 'webhook']);
    outbox.enqueue(sampleAlert(2), ['slack']);
    const [slack1, webhook1, slack2] = outbox.due(clock.now(), 10);
    for (const row of [slack1, webhook1, slack2]) outbox.claim(row!.id, clock.now(), clock.now() + SECOND);
    outbox.markDelivered(webhook1!.id);
    outbox.markFailed(slack1!.id, 'attempt 1: Slack answered 404: no_service');
    clock.advanceTo(T0 + SECOND);
    outbox.markRetry(slack2!.id, T0 + 10 * SECOND, 'attempt 1: ECONNRESET');
    expect(outbox.list({ status: 'failed' }).map((r) => r.id)).toEqual([slack1!.id]);
    expect(outbox.counts()).toEqual({ pending: 1, delivering: 0, delivered: 1, failed: 1 });
    expect(outbox.channelSummary()).toEqual([
      {
        channel: 'slack',
        pending: 1,
        delivering: 0,
        failed: 1,
        delivered: 0,
        lastDeliveredAt: null,
        lastError: 'attempt 1: ECONNRESET',
      },
      { channel: 'webhook', pending: 0, delivering: 0, failed: 0, delivered: 1, lastDeliveredAt: T0, lastError: null },
    ]);
    expect(outbox.retry(slack1!.id)).toBe(true);
    expect(outbox.retry(slack1!.id)).toBe(false);
    expect(outbox.get(slack1!.id)).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: T0 + SECOND });
  });

  it('pages newest first with beforeId and filters by channel, symbol and alert', () => {
    const { outbox } = memoryOutbox();
    for (let i = 1; i <= 5; i++) outbox.enqueue(sampleAlert(i, i % 2 === 0 ? 'MSFT' : 'AAPL'), ['slack', 'webhook']);
    const first = outbox.list({ channel: 'slack', limit: 2 });
    const second = outbox.list({ channel: 'slack', limit: 2, beforeId: first.at(-1)!.id });
    expect([...first, ...second].map((r) => r.alertId)).toEqual(
      [5, 4, 3, 2].map((i) => sampleAlert(i, i % 2 === 0 ? 'MSFT' : 'AAPL').id),
    );
    expect(outbox.list({ symbol: 'MSFT', channel: 'webhook' }).map((r) => r.alertId)).toEqual([
      sampleAlert(4, 'MSFT').id,
      sampleAlert(2, 'MSFT').id,
    ]);
    expect(outbox.list({ alertId: sampleAlert(3).id })).toHaveLength(2);
  });

  it('prunes delivered rows older than a time, never pending or failed ones', () => {
    const { outbox, clock } = memoryOutbox();
    outbox.enqueue(sampleAlert(1), ['a', 'b', 'c']);
    const [a, b] = outbox.due(clock.now(), 10);
    for (const row of [a, b]) outbox.claim(row!.id, clock.now(), clock.now() + SECOND);
    outbox.markDelivered(a!.id);
    outbox.markFailed(b!.id, 'x');
    expect(outbox.prune(T0 + 1)).toBe(1);
    expect(outbox.counts()).toEqual({ pending: 1, delivering: 0, delivered: 0, failed: 1 });
  });

  it('lives in the main database file: pending rows survive a restart, and the file stays a tickwatch store', async () => {
    const path = tempPath();
    const clock = new ReplayClock(T0);
    const first = AlertOutbox.open(path, clock);
    first.enqueue(sampleAlert(1), ['slack']);
    first.close();
    const store = await openSqliteStore({ path }); // accepts the file the outbox created
    await store.write({ trades: [trade('AAPL', 1)] });
    await store.close();
    const second = AlertOutbox.open(path, clock);
    expect(second.due(clock.now(), 10).map((r) => r.alertId)).toEqual([sampleAlert(1).id]);
    second.close();
  });

  it('adds its table to an existing store file without disturbing it', async () => {
    const path = tempPath();
    const store = await openSqliteStore({ path });
    await store.write({ trades: [trade('AAPL', 1)] });
    const outbox = AlertOutbox.open(path);
    outbox.enqueue(sampleAlert(1), ['slack']);
    expect(await store.trades({ symbol: 'AAPL' })).toEqual([trade('AAPL', 1)]);
    outbox.close();
    await store.close();
  });
});
