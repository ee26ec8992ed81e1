/**
 * Delivers outbox rows to their channels: retries with exponential backoff (with jitter) until
 * delivered, honours each channel's rate limit (token bucket) and the receiver's Retry-After,
 * and keeps each channel's deliveries in order (a channel that fails holds its later rows back
 * with it). Channels are served concurrently; rows of one channel one at a time.
 */
import type { Clock } from '../../core/clock.js';
import type { Micros } from '../../core/events.js';
import { MICROS_PER_MILLI } from '../../core/time.js';
import { LiveClock } from '../../runtime/live-clock.js';
import { DeliveryError, type AlertChannel } from '../channels/channel.js';
import { TokenBucket } from '../token-bucket.js';
import type { AlertOutbox, OutboxEntry } from './outbox.js';

export interface RetryPolicy {
  /** Attempts before a delivery is marked failed. */
  readonly maxAttempts: number;
  /** Wait before the first retry; doubled after each failure. */
  readonly initialBackoffMs: number;
  /** Longest wait between attempts. */
  readonly maxBackoffMs: number;
}

/** Metrics (or anything) told about each attempt; `Metrics` from src/server/metrics fits. */
export interface DeliveryObserver {
  alertDelivered(channel: string, durationSeconds: number): void;
  alertFailed(channel: string, permanent: boolean): void;
}

/** The part of a pino logger the dispatcher uses. */
export interface DispatcherLogger {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface DispatcherOptions {
  readonly outbox: AlertOutbox;
  readonly channels: readonly AlertChannel[];
  readonly retry: RetryPolicy;
  /** Milliseconds between checks when nothing is due sooner. Default 1000. */
  readonly pollIntervalMs?: number;
  /** How long a claimed row is reserved for its attempt. Default 5 minutes. */
  readonly leaseMs?: number;
  /** Rows read per pass. Default 100. */
  readonly batchSize?: number;
  readonly clock?: Clock;
  /** Uniform in [0, 1), for jitter. Default Math.random. */
  readonly random?: () => number;
  readonly observer?: DeliveryObserver;
  readonly logger?: DispatcherLogger;
}

/** Backoff before attempt `attempts + 1`: initial × 2^(attempts − 1), capped, with "equal jitter" (half fixed, half random). */
export function backoffMs(attempts: number, policy: RetryPolicy, random: () => number): number {
  const exponential = Math.min(policy.maxBackoffMs, policy.initialBackoffMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}

export class OutboxDispatcher {
  private readonly channels = new Map<string, AlertChannel>();
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly pollIntervalMs: number;
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private active: Promise<void> | null = null;
  private again = false;

  constructor(private readonly options: DispatcherOptions) {
    this.clock = options.clock ?? new LiveClock();
    this.random = options.random ?? Math.random;
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.setChannels(options.channels);
  }

  /**
   * Replaces the channels (runtime settings changed). A channel whose rate limit is unchanged keeps
   * its token bucket, so editing it does not reset its budget. Attempts in flight finish on the
   * channel they started with.
   */
  setChannels(channels: readonly AlertChannel[]): void {
    const nowMs = this.clock.now() / MICROS_PER_MILLI;
    const previous = new Map(this.channels);
    this.channels.clear();
    for (const channel of channels) {
      this.channels.set(channel.name, channel);
      const limit = channel.rateLimit;
      const old = previous.get(channel.name)?.rateLimit ?? null;
      const same = limit !== null && old !== null && old.messages === limit.messages && old.periodMs === limit.periodMs;
      if (limit === null) this.buckets.delete(channel.name);
      else if (!same || !this.buckets.has(channel.name)) this.buckets.set(channel.name, new TokenBucket(limit, nowMs));
    }
    for (const name of this.buckets.keys()) if (!this.channels.has(name)) this.buckets.delete(name);
  }

  /** Resolves when no pass is in flight (e.g. before closing a channel that was replaced). */
  async idle(): Promise<void> {
    await this.active;
  }

  /** Starts delivering in the background. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  /** Stops after the attempts in flight; rows left pending resume at the next start. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.active;
  }

  /** Something was enqueued: deliver now rather than at the next poll. */
  wake(): void {
    if (!this.running) return;
    if (this.active !== null) this.again = true;
    else this.schedule(0);
  }

  /** One pass over the due rows; returns how many were delivered. */
  async deliverDue(): Promise<number> {
    const rows = this.options.outbox.due(this.clock.now(), this.options.batchSize ?? 100);
    const byChannel = new Map<string, OutboxEntry[]>();
    for (const row of rows) {
      const list = byChannel.get(row.channel);
      if (list === undefined) byChannel.set(row.channel, [row]);
      else list.push(row);
    }
    const delivered = await Promise.all([...byChannel].map(([name, list]) => this.deliverChannel(name, list)));
    return delivered.reduce((a, b) => a + b, 0);
  }

  private async deliverChannel(name: string, rows: readonly OutboxEntry[]): Promise<number> {
    const outbox = this.options.outbox;
    const channel = this.channels.get(name);
    if (channel === undefined) {
      for (const row of rows)
        outbox.markFailed(row.id, `channel "${name}" is not configured any more; add it back and retry the delivery`);
      return 0;
    }
    const bucket = this.buckets.get(name);
    let delivered = 0;
    for (let index = 0; index < rows.length; index++) {
      const row = rows[index] as OutboxEntry;
      const now = this.clock.now();
      const waitMs = bucket?.waitMs(now / MICROS_PER_MILLI) ?? 0;
      if (waitMs > 0) {
        outbox.postpone(idsFrom(rows, index), now + waitMs * MICROS_PER_MILLI);
        break;
      }
      const leaseUntil = now + (this.options.leaseMs ?? 300_000) * MICROS_PER_MILLI;
      if (!outbox.claim(row.id, now, leaseUntil)) continue;
      bucket?.tryTake(now / MICROS_PER_MILLI);
      const attempt = row.attempts + 1; // the claim counted it
      const started = performance.now();
      try {
        await channel.send(row.alert, { deliveryId: `${row.alertId}/${name}`, attempt });
        outbox.markDelivered(row.id);
        delivered++;
        this.options.observer?.alertDelivered(name, (performance.now() - started) / 1000);
      } catch (error) {
        const retryAt = this.failed(row, attempt, error);
        // Later rows of this channel wait with this one, so they are not sent out of order.
        if (retryAt !== null) {
          outbox.postpone(idsFrom(rows, index + 1), retryAt);
          break;
        }
      }
    }
    return delivered;
  }

  /** Records a failed attempt; returns when it will be retried, or null if it will not. */
  private failed(row: OutboxEntry, attempt: number, error: unknown): Micros | null {
    const outbox = this.options.outbox;
    const deliveryError =
      error instanceof DeliveryError ? error : new DeliveryError(messageOf(error), { cause: error });
    const message = `attempt ${attempt}: ${deliveryError.message}`;
    if (deliveryError.permanent || attempt >= this.options.retry.maxAttempts) {
      outbox.markFailed(row.id, deliveryError.permanent ? message : `${message} (gave up after ${attempt} attempts)`);
      this.options.observer?.alertFailed(row.channel, true);
      this.options.logger?.error(
        { channel: row.channel, alertId: row.alertId, error: message },
        'alert delivery failed',
      );
      return null;
    }
    const delayMs = Math.max(backoffMs(attempt, this.options.retry, this.random), deliveryError.retryAfterMs ?? 0);
    const retryAt = this.clock.now() + delayMs * MICROS_PER_MILLI;
    outbox.markRetry(row.id, retryAt, message);
    this.options.observer?.alertFailed(row.channel, false);
    this.options.logger?.warn(
      { channel: row.channel, alertId: row.alertId, error: message, retryInMs: delayMs },
      'alert delivery will be retried',
    );
    return retryAt;
  }

  private schedule(delayMs: number): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.pass(), delayMs);
    this.timer.unref();
  }

  private pass(): void {
    this.timer = null;
    if (!this.running || this.active !== null) return;
    this.again = false;
    this.active = this.deliverDue()
      .then(() => undefined)
      .catch((error: unknown) => {
        this.options.logger?.error({ error: messageOf(error) }, 'alert outbox pass failed');
      })
      .finally(() => {
        this.active = null;
        if (this.running) this.schedule(this.again ? 0 : this.nextDelayMs());
      });
  }

  private nextDelayMs(): number {
    const next = this.options.outbox.nextDueAt();
    if (next === null) return this.pollIntervalMs;
    const untilDue = Math.ceil((next - this.clock.now()) / MICROS_PER_MILLI);
    return Math.max(0, Math.min(this.pollIntervalMs, untilDue));
  }
}

function idsFrom(rows: readonly OutboxEntry[], index: number): number[] {
  return rows.slice(index).map((row) => row.id);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
