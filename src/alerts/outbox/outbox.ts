/**
 * The alert outbox: one row per (alert, channel) in the main SQLite file, so an alert is never
 * lost because a channel is down or the process restarts.
 *
 * - `enqueue` inserts one row per channel, ignoring a (alert, channel) pair already present:
 *   re-raising the same alert (a replay) delivers nothing twice.
 * - The dispatcher claims a due row (status `delivering` with a lease), sends it, and marks it
 *   `delivered`, or `pending` again with the next attempt time, or `failed` (permanent error or
 *   attempts exhausted). A delivered row is never claimed again. A process that dies mid-send
 *   leaves a `delivering` row whose lease expires, and the row is sent again (the one case of
 *   a possible second delivery; webhook receivers can deduplicate on X-Tickwatch-Delivery).
 * - `list`, `counts` and `channelSummary` are the query API the REST layer exposes.
 *
 * Times are integer microseconds from the injected clock.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Clock } from '../../core/clock.js';
import type { Micros } from '../../core/events.js';
import { LiveClock } from '../../runtime/live-clock.js';
import { runMigrations } from '../../store/sqlite/migrate.js';
import { openDatabase } from '../../store/sqlite/open-database.js';
import type { Alert } from '../alert.js';

export type OutboxStatus = 'pending' | 'delivering' | 'delivered' | 'failed';
export const OUTBOX_STATUSES: readonly OutboxStatus[] = ['pending', 'delivering', 'delivered', 'failed'];

export interface OutboxEntry {
  readonly id: number;
  readonly alertId: string;
  readonly channel: string;
  readonly symbol: string;
  readonly severity: string;
  readonly status: OutboxStatus;
  /** Attempts started so far. */
  readonly attempts: number;
  readonly createdAt: Micros;
  readonly updatedAt: Micros;
  /** When a pending row is due. */
  readonly nextAttemptAt: Micros;
  readonly deliveredAt: Micros | null;
  /** The most recent failure, kept after a later success for the record. */
  readonly lastError: string | null;
  readonly alert: Alert;
}

export interface OutboxQuery {
  readonly status?: OutboxStatus;
  readonly channel?: string;
  readonly alertId?: string;
  readonly symbol?: string;
  /** Rows with a smaller id (paging backwards from the newest). */
  readonly beforeId?: number;
  /** Default 100, at most 1000. */
  readonly limit?: number;
}

export interface ChannelSummary {
  readonly channel: string;
  readonly pending: number;
  readonly delivering: number;
  readonly failed: number;
  readonly delivered: number;
  readonly lastDeliveredAt: Micros | null;
  /** The newest error among rows not yet delivered, or null. */
  readonly lastError: string | null;
}

interface Row {
  id: number;
  alert_id: string;
  channel: string;
  symbol: string;
  severity: string;
  alert: string;
  status: OutboxStatus;
  attempts: number;
  created_at: number;
  updated_at: number;
  next_attempt_at: number;
  delivered_at: number | null;
  last_error: string | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS alert_outbox (
  id INTEGER PRIMARY KEY,
  alert_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  symbol TEXT NOT NULL,
  severity TEXT NOT NULL,
  alert TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivering', 'delivered', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  lease_until INTEGER,
  delivered_at INTEGER,
  last_error TEXT,
  UNIQUE (alert_id, channel)
);
CREATE INDEX IF NOT EXISTS alert_outbox_due ON alert_outbox (status, next_attempt_at);
CREATE INDEX IF NOT EXISTS alert_outbox_channel ON alert_outbox (channel, id);
`;

const COLUMNS =
  'id, alert_id, channel, symbol, severity, alert, status, attempts, created_at, updated_at, next_attempt_at, delivered_at, last_error';

/** Longest error text stored. */
const MAX_ERROR_LENGTH = 2_000;

export class AlertOutbox {
  private readonly statements: ReturnType<typeof prepare>;

  /**
   * Uses an open better-sqlite3 connection to the main database (creating the outbox table if
   * needed). `ownsDatabase` closes it with the outbox.
   */
  constructor(
    /** The connection; runtime alert settings share it. */
    readonly db: BetterSqlite3.Database,
    private readonly clock: Clock = new LiveClock(),
    private readonly ownsDatabase = false,
  ) {
    db.exec(SCHEMA);
    this.statements = prepare(db);
  }

  /**
   * Opens the outbox in the tickwatch database file at `path` with its own connection. The
   * file is brought up to the store's schema first, so it remains a valid tickwatch store
   * whichever of the store and the outbox opens it first.
   */
  static open(path: string, clock?: Clock): AlertOutbox {
    const db = openDatabase({ path });
    try {
      runMigrations(db, path);
      return new AlertOutbox(db, clock, true);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** Adds one row per channel; returns how many were new. */
  enqueue(alert: Alert, channels: readonly string[]): number {
    const now = this.clock.now();
    const json = JSON.stringify(alert);
    let inserted = 0;
    this.db.transaction(() => {
      for (const channel of channels) {
        inserted += this.statements.insert.run(
          alert.id,
          channel,
          alert.symbol,
          alert.severity,
          json,
          now,
          now,
          now,
        ).changes;
      }
    })();
    return inserted;
  }

  /** Rows due at `now` (pending and due, or delivering with an expired lease), oldest first. */
  due(now: Micros, limit: number): OutboxEntry[] {
    return (this.statements.due.all(now, now, limit) as Row[]).map(entryOf);
  }

  /** Takes a due row for one attempt; false if another dispatcher took it or it is not due. */
  claim(id: number, now: Micros, leaseUntil: Micros): boolean {
    return this.statements.claim.run(leaseUntil, now, id, now, now).changes === 1;
  }

  markDelivered(id: number): void {
    const now = this.clock.now();
    this.statements.delivered.run(now, now, id);
  }

  /** A failed attempt to be retried at `nextAttemptAt`. */
  markRetry(id: number, nextAttemptAt: Micros, error: string): void {
    this.statements.retry.run(nextAttemptAt, clip(error), this.clock.now(), id);
  }

  /** A delivery that will not be retried (until `retry(id)`). */
  markFailed(id: number, error: string): void {
    this.statements.failed.run(clip(error), this.clock.now(), id);
  }

  /** Moves pending rows' next attempt later without counting an attempt (rate limits, a channel that is down). */
  postpone(ids: readonly number[], until: Micros): void {
    const now = this.clock.now();
    this.db.transaction(() => {
      for (const id of ids) this.statements.postpone.run(until, now, id, until);
    })();
  }

  /** When the next pending row is due, or null if none is pending. */
  nextDueAt(): Micros | null {
    const row = this.statements.nextDue.get() as { at: number | null };
    return row.at;
  }

  get(id: number): OutboxEntry | null {
    const row = this.statements.get.get(id) as Row | undefined;
    return row === undefined ? null : entryOf(row);
  }

  /** Newest first, filtered; page with `beforeId` = the last id of the previous page. */
  list(query: OutboxQuery = {}): OutboxEntry[] {
    const where: string[] = [];
    const values: (string | number)[] = [];
    if (query.status !== undefined) {
      where.push('status = ?');
      values.push(query.status);
    }
    if (query.channel !== undefined) {
      where.push('channel = ?');
      values.push(query.channel);
    }
    if (query.alertId !== undefined) {
      where.push('alert_id = ?');
      values.push(query.alertId);
    }
    if (query.symbol !== undefined) {
      where.push('symbol = ?');
      values.push(query.symbol);
    }
    if (query.beforeId !== undefined) {
      where.push('id < ?');
      values.push(query.beforeId);
    }
    const limit = Math.max(0, Math.min(1_000, Math.floor(query.limit ?? 100)));
    const sql = `SELECT ${COLUMNS} FROM alert_outbox ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...values, limit) as Row[]).map(entryOf);
  }

  /** Rows per status (every status present, zero if none). */
  counts(): Record<OutboxStatus, number> {
    const counts: Record<OutboxStatus, number> = { pending: 0, delivering: 0, delivered: 0, failed: 0 };
    for (const row of this.statements.counts.all() as { status: OutboxStatus; n: number }[]) counts[row.status] = row.n;
    return counts;
  }

  /** Per channel: rows by status, last delivery, and the newest error of rows not delivered. */
  channelSummary(): ChannelSummary[] {
    return (this.statements.summary.all() as ChannelSummaryRow[]).map((row) => ({
      channel: row.channel,
      pending: row.pending,
      delivering: row.delivering,
      failed: row.failed,
      delivered: row.delivered,
      lastDeliveredAt: row.last_delivered_at,
      lastError: row.last_error,
    }));
  }

  /** Puts a failed row back in the queue with a fresh attempt budget; false if it is not failed. */
  retry(id: number): boolean {
    const now = this.clock.now();
    return this.statements.requeue.run(now, now, id).changes === 1;
  }

  /** Deletes delivered rows delivered before `olderThan`; returns how many. */
  prune(olderThan: Micros): number {
    return this.statements.prune.run(olderThan).changes;
  }

  /** Closes the connection if the outbox opened it. */
  close(): void {
    if (this.ownsDatabase && this.db.open) this.db.close();
  }
}

interface ChannelSummaryRow {
  channel: string;
  pending: number;
  delivering: number;
  failed: number;
  delivered: number;
  last_delivered_at: number | null;
  last_error: string | null;
}

function prepare(db: BetterSqlite3.Database) {
  return {
    insert: db.prepare(
      `INSERT OR IGNORE INTO alert_outbox (alert_id, channel, symbol, severity, alert, created_at, updated_at, next_attempt_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    due: db.prepare(
      `SELECT ${COLUMNS} FROM alert_outbox
       WHERE (status = 'pending' AND next_attempt_at <= ?) OR (status = 'delivering' AND lease_until <= ?)
       ORDER BY id LIMIT ?`,
    ),
    claim: db.prepare(
      `UPDATE alert_outbox SET status = 'delivering', lease_until = ?, attempts = attempts + 1, updated_at = ?
       WHERE id = ? AND ((status = 'pending' AND next_attempt_at <= ?) OR (status = 'delivering' AND lease_until <= ?))`,
    ),
    delivered: db.prepare(
      `UPDATE alert_outbox SET status = 'delivered', delivered_at = ?, updated_at = ?, lease_until = NULL
       WHERE id = ? AND status = 'delivering'`,
    ),
    retry: db.prepare(
      `UPDATE alert_outbox SET status = 'pending', next_attempt_at = ?, last_error = ?, updated_at = ?, lease_until = NULL
       WHERE id = ? AND status = 'delivering'`,
    ),
    failed: db.prepare(
      `UPDATE alert_outbox SET status = 'failed', last_error = ?, updated_at = ?, lease_until = NULL
       WHERE id = ? AND status IN ('pending', 'delivering')`,
    ),
    postpone: db.prepare(
      `UPDATE alert_outbox SET next_attempt_at = ?, updated_at = ? WHERE id = ? AND status = 'pending' AND next_attempt_at < ?`,
    ),
    nextDue: db.prepare(`SELECT MIN(next_attempt_at) AS at FROM alert_outbox WHERE status = 'pending'`),
    get: db.prepare(`SELECT ${COLUMNS} FROM alert_outbox WHERE id = ?`),
    counts: db.prepare(`SELECT status, COUNT(*) AS n FROM alert_outbox GROUP BY status`),
    summary: db.prepare(
      `SELECT channel,
              SUM(status = 'pending') AS pending,
              SUM(status = 'delivering') AS delivering,
              SUM(status = 'failed') AS failed,
              SUM(status = 'delivered') AS delivered,
              MAX(delivered_at) AS last_delivered_at,
              (SELECT o2.last_error FROM alert_outbox o2
                WHERE o2.channel = o.channel AND o2.status != 'delivered' AND o2.last_error IS NOT NULL
                ORDER BY o2.updated_at DESC, o2.id DESC LIMIT 1) AS last_error
       FROM alert_outbox o GROUP BY channel ORDER BY channel`,
    ),
    requeue: db.prepare(
      `UPDATE alert_outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, updated_at = ?
       WHERE id = ? AND status = 'failed'`,
    ),
    prune: db.prepare(`DELETE FROM alert_outbox WHERE status = 'delivered' AND delivered_at < ?`),
  };
}

function entryOf(row: Row): OutboxEntry {
  return {
    id: row.id,
    alertId: row.alert_id,
    channel: row.channel,
    symbol: row.symbol,
    severity: row.severity,
    status: row.status,
    attempts: row.attempts,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    nextAttemptAt: row.next_attempt_at,
    deliveredAt: row.delivered_at,
    lastError: row.last_error,
    alert: JSON.parse(row.alert) as Alert,
  };
}

function clip(error: string): string {
  return error.length <= MAX_ERROR_LENGTH ? error : `${error.slice(0, MAX_ERROR_LENGTH - 1)}…`;
}
