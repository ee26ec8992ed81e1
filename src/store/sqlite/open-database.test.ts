/** Opening a store file: WAL, directory creation, clear errors for unusable paths, read-only readers. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { Trade } from '../../core/events.js';
import { runMigrations } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';
import { openSqliteStore } from './sqlite-store.js';

const directory = mkdtempSync(join(tmpdir(), 'tickwatch-open-'));
let files = 0;
const freshPath = (): string => join(directory, `db-${files++}.sqlite`);
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const trades: Trade[] = Array.from({ length: 100 }, (_, i) => ({
  type: 'trade',
  symbol: 'AAPL',
  tsEvent: 1_000_000 * i,
  tsRecv: 1_000_000 * i + 1,
  price: 100 + i / 100,
  size: 10,
  side: 'sell',
  tradeId: String(i),
  source: 'test',
}));

describe('opening a SQLite store', () => {
  it('creates missing parent directories and uses WAL with synchronous=NORMAL', async () => {
    const path = join(directory, 'nested', 'deeper', 'tickwatch.db');
    const store = await openSqliteStore({ path });
    await store.write({ trades });
    const probe = new Database(path, { readonly: true });
    expect(probe.pragma('journal_mode', { simple: true })).toBe('wal');
    probe.close();
    await store.close();
    expect(existsSync(path)).toBe(true);
  });

  it('close() checkpoints the WAL into the database file even while a reader is still open', async () => {
    const path = freshPath();
    const writer = await openSqliteStore({ path });
    const reader = await openSqliteStore({ path, readonly: true });
    await writer.write({ trades });
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(0);
    await writer.close();
    // The reader keeps the WAL file alive; the checkpoint emptied it into the main file.
    expect(statSync(`${path}-wal`).size).toBe(0);
    expect(await reader.trades({ symbol: 'AAPL' })).toEqual(trades);
    await reader.close();
  });

  it('a read-only store sees what the writer commits later (no stale symbol cache) and cannot write', async () => {
    const path = freshPath();
    const writer = await openSqliteStore({ path });
    const reader = await openSqliteStore({ path, readonly: true });
    expect(await reader.trades({ symbol: 'AAPL' })).toEqual([]);
    await writer.write({ trades });
    expect(await reader.trades({ symbol: 'AAPL' })).toEqual(trades);
    expect(await reader.symbols()).toEqual(['AAPL']);
    await expect(reader.write({ trades })).rejects.toThrow(/opened read-only/);
    await expect(reader.putCheckpoint('k', 'v')).rejects.toThrow(/opened read-only/);
    await reader.close();
    await writer.close();
  });

  it('fails clearly when the directory cannot be created (a file is in the way)', async () => {
    const blocker = join(directory, 'a-file');
    writeFileSync(blocker, 'x');
    const path = join(blocker, 'sub', 'tickwatch.db');
    await expect(openSqliteStore({ path })).rejects.toThrow(
      new RegExp(
        `cannot create the directory .* for the tickwatch store "${path}": .*ENOTDIR.*choose another store path`,
      ),
    );
  });

  it('fails clearly when the path is a directory', async () => {
    const path = join(directory, 'a-directory');
    mkdirSync(path);
    await expect(openSqliteStore({ path })).rejects.toThrow(
      new RegExp(`cannot open the tickwatch store "${path}": .*choose another store path`),
    );
  });

  it('fails clearly, after busyTimeoutMs, when another connection holds the file exclusively', async () => {
    const path = freshPath();
    await (await openSqliteStore({ path })).close();
    const holder = new Database(path);
    holder.pragma('locking_mode = EXCLUSIVE');
    holder.exec('BEGIN EXCLUSIVE');
    try {
      await expect(openSqliteStore({ path, busyTimeoutMs: 50 })).rejects.toThrow(
        new RegExp(`cannot open the tickwatch store "${path}": database is locked.*Another process holds a lock`),
      );
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
  });

  it('refuses a file that is not an SQLite database, and leaves it untouched', async () => {
    const path = freshPath();
    const text = 'date,price\n2024-01-02,187.25\n'.repeat(200);
    writeFileSync(path, text);
    await expect(openSqliteStore({ path })).rejects.toThrow(
      `"${path}" is not a tickwatch store (not an SQLite database at all). Move the file away or choose another store path.`,
    );
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('refuses an SQLite database that belongs to something else, and adds nothing to it', async () => {
    const path = freshPath();
    const foreign = new Database(path);
    foreign.exec(
      `CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers VALUES (1, 'Ada');`,
    );
    foreign.close();
    await expect(openSqliteStore({ path })).rejects.toThrow(
      new RegExp(`"${path}" is an SQLite database but not a tickwatch store \\(it holds tables customers\\)`),
    );
    const check = new Database(path, { readonly: true });
    expect(check.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table'`).pluck().all()).toEqual(['customers']);
    check.close();
  });

  it('read-only: refuses a missing file, and a store that still needs migrating', async () => {
    const missing = join(directory, 'missing.db');
    await expect(openSqliteStore({ path: missing, readonly: true })).rejects.toThrow(
      new RegExp(`cannot open the tickwatch store "${missing}": .*start the writer first`),
    );
    expect(existsSync(missing)).toBe(false);

    const old = freshPath();
    const db = new Database(old);
    runMigrations(db, old, MIGRATIONS.slice(0, 1));
    db.close();
    await expect(openSqliteStore({ path: old, readonly: true })).rejects.toThrow(
      /has schema version 1, this build needs 6: open it once with write access/,
    );
  });
});
