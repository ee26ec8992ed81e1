/** Numbered migrations: a new file gets all of them, an up-to-date file none, an old file the rest. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { Anomaly } from '../../core/events.js';
import { TICKWATCH_APPLICATION_ID, runMigrations, schemaVersion } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';
import { openSqliteStore } from './sqlite-store.js';

const directory = mkdtempSync(join(tmpdir(), 'tickwatch-migrate-'));
let files = 0;
const freshPath = (): string => join(directory, `db-${files++}.sqlite`);
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const anomaly: Anomaly = {
  type: 'anomaly',
  id: 'a1',
  symbol: 'AAPL',
  timeframe: '1m',
  ts: 60_000_000,
  kind: 'volume_spike',
  severity: 'info',
  score: 0.5,
  rawScore: 2,
  detector: 'volume_spike',
  message: 'm',
  explanation: [],
  context: {},
  tsRecv: 60_000_001,
};

describe('SQLite migrations', () => {
  it('the migration list is numbered 1, 2, 3… with distinct names', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(new Set(MIGRATIONS.map((m) => m.name)).size).toBe(MIGRATIONS.length);
  });

  it('a new file gets every migration, recorded in schema_migrations; re-opening runs nothing', async () => {
    const path = freshPath();
    const first = await openSqliteStore({ path });
    expect(first.migrationsApplied).toEqual([1, 2, 3, 4, 5, 6]);
    expect(first.schemaVersion).toBe(MIGRATIONS.length);
    await first.close();

    const second = await openSqliteStore({ path });
    expect(second.migrationsApplied).toEqual([]);
    await second.close();

    const db = new Database(path, { readonly: true });
    const recorded = db.prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY version').all();
    expect(recorded).toMatchObject(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    expect(db.pragma('application_id', { simple: true })).toBe(TICKWATCH_APPLICATION_ID);
    db.close();
  });

  it('upgrades a file created by an older build (version 1) and keeps its data', async () => {
    const path = freshPath();
    // What an older build would have left: schema version 1 and a trade written with its SQL.
    const old = new Database(path);
    expect(runMigrations(old, path, MIGRATIONS.slice(0, 1))).toEqual([1]);
    old.exec(`INSERT INTO symbols (id, symbol) VALUES (7, 'AAPL');
              INSERT INTO sources (id, source) VALUES (3, 'polygon');
              INSERT INTO trades VALUES (7, 1000000, 'x1', 1000200, 187.25, 100, 'buy', 3);`);
    expect(schemaVersion(old)).toBe(1);
    old.close();

    const store = await openSqliteStore({ path });
    expect(store.migrationsApplied).toEqual([2, 3, 4, 5, 6]);
    expect(await store.trades({ symbol: 'AAPL' })).toEqual([
      {
        type: 'trade',
        symbol: 'AAPL',
        tsEvent: 1_000_000,
        tsRecv: 1_000_200,
        price: 187.25,
        size: 100,
        side: 'buy',
        tradeId: 'x1',
        source: 'polygon',
      },
    ]);
    await store.write({ anomalies: [anomaly], checkpoints: [{ key: 'k', value: 'v' }] });
    expect(await store.anomalies({})).toEqual([anomaly]);
    expect(await store.getCheckpoint('k')).toBe('v');
    await store.close();
  });

  it('refuses a file migrated by a newer build, naming the path and what to do', async () => {
    const path = freshPath();
    const db = new Database(path);
    runMigrations(db, path);
    db.prepare(`INSERT INTO schema_migrations VALUES (?, 'from-the-future', 'x')`).run(MIGRATIONS.length + 1);
    db.close();
    await expect(openSqliteStore({ path })).rejects.toThrow(
      new RegExp(`"${path}" has schema version ${MIGRATIONS.length + 1}, newer than this build.*upgrade tickwatch`),
    );
  });

  it('refuses a file whose recorded migration names differ from this build', async () => {
    const path = freshPath();
    const db = new Database(path);
    runMigrations(db, path);
    db.prepare(`UPDATE schema_migrations SET name = 'something-else' WHERE version = 2`).run();
    db.close();
    await expect(openSqliteStore({ path })).rejects.toThrow(/recorded migration 2 as "something-else"/);
  });

  it('rejects a malformed migration list before touching the database', () => {
    const db = new Database(':memory:');
    const gap = [MIGRATIONS[0]!, { ...MIGRATIONS[2]!, version: 3 }];
    expect(() => runMigrations(db, ':memory:', gap)).toThrow(/expected 2/);
    expect(schemaVersion(db)).toBe(0);
    db.close();
  });

  it('a failing migration rolls back completely and records nothing', () => {
    const db = new Database(':memory:');
    const broken = [
      ...MIGRATIONS,
      { version: MIGRATIONS.length + 1, name: 'broken', sql: 'CREATE TABLE t (x); SELEC oops' },
    ];
    expect(() => runMigrations(db, ':memory:', broken)).toThrow();
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(db.prepare(`SELECT count(*) FROM sqlite_schema WHERE name = 't'`).pluck().get()).toBe(0);
    db.close();
  });
});
