/**
 * Brings a database up to the schema this build knows. Applied steps are recorded in
 * `schema_migrations`; re-opening an up-to-date database runs nothing. Each step runs in its
 * own IMMEDIATE transaction and re-checks the recorded version inside it, so two processes
 * opening the same new file at once do not both apply a step.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations/index.js';

/** Written to the SQLite header (PRAGMA application_id) to mark a file as a tickwatch store: "tick". */
export const TICKWATCH_APPLICATION_ID = 0x7469636b;

interface AppliedMigration {
  version: number;
  name: string;
}

function assertWellFormed(migrations: readonly Migration[]): void {
  migrations.forEach((m, index) => {
    if (m.version !== index + 1) {
      throw new Error(`migration "${m.name}" has version ${m.version}, expected ${index + 1}: versions run 1, 2, 3…`);
    }
  });
}

function hasMigrationsTable(db: BetterSqlite3.Database): boolean {
  return (
    db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'`).get() !== undefined
  );
}

function appliedMigrations(db: BetterSqlite3.Database): AppliedMigration[] {
  if (!hasMigrationsTable(db)) return [];
  return db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all() as AppliedMigration[];
}

/** The highest applied version, 0 for a new database. */
export function schemaVersion(db: BetterSqlite3.Database): number {
  return appliedMigrations(db).at(-1)?.version ?? 0;
}

/** Fails if the database was migrated by a newer or a different build. */
export function assertKnownSchema(
  db: BetterSqlite3.Database,
  location: string,
  migrations: readonly Migration[] = MIGRATIONS,
): void {
  for (const applied of appliedMigrations(db)) {
    const known = migrations[applied.version - 1];
    if (known === undefined) {
      throw new Error(
        `the tickwatch store "${location}" has schema version ${applied.version}, newer than this build ` +
          `(which knows up to ${migrations.length}): upgrade tickwatch, or open a different store path`,
      );
    }
    if (known.name !== applied.name) {
      throw new Error(
        `the tickwatch store "${location}" recorded migration ${applied.version} as "${applied.name}" but this build ` +
          `calls it "${known.name}": the file comes from an incompatible build; open a different store path`,
      );
    }
  }
}

/** Applies the pending migrations in order and returns the versions it applied. */
export function runMigrations(
  db: BetterSqlite3.Database,
  location: string,
  migrations: readonly Migration[] = MIGRATIONS,
): number[] {
  assertWellFormed(migrations);
  assertKnownSchema(db, location, migrations);
  const ran: number[] = [];
  for (const migration of migrations) {
    const step = db.transaction((): boolean => {
      db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        applied_at TEXT NOT NULL
      )`);
      if (schemaVersion(db) >= migration.version) return false;
      db.pragma(`application_id = ${TICKWATCH_APPLICATION_ID}`);
      db.exec(migration.sql);
      db.prepare(
        `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`,
      ).run(migration.version, migration.name);
      return true;
    });
    if (step.immediate()) ran.push(migration.version);
  }
  return ran;
}
