/**
 * Opens the SQLite file behind a store, with errors that name the path and say what to do.
 * Refuses files that are not tickwatch stores rather than adding tables to someone else's data.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { TICKWATCH_APPLICATION_ID } from './migrate.js';

export const MEMORY_PATH = ':memory:';

export interface OpenDatabaseOptions {
  readonly path: string;
  /** Read-only connection for a reader process beside the writer: no directory creation, no migrations. */
  readonly readonly?: boolean;
  /** How long a statement waits for another connection's lock before failing. */
  readonly busyTimeoutMs?: number;
}

function reasonOf(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}

function createParentDirectory(path: string): void {
  const directory = dirname(resolve(path));
  try {
    mkdirSync(directory, { recursive: true });
  } catch (error) {
    throw new Error(
      `cannot create the directory "${directory}" for the tickwatch store "${path}": ${reasonOf(error)}. ` +
        `Create it with write permission, or choose another store path.`,
      { cause: error },
    );
  }
}

function connect(options: OpenDatabaseOptions): Database.Database {
  const readonly = options.readonly ?? false;
  try {
    return new Database(options.path, { readonly, fileMustExist: readonly, timeout: options.busyTimeoutMs ?? 5000 });
  } catch (error) {
    const advice = readonly
      ? 'Check that the file exists and is readable (a reader opens an existing store; start the writer first).'
      : 'Check that the path is a file (not a directory) in a directory you can write to, or choose another store path.';
    throw new Error(`cannot open the tickwatch store "${options.path}": ${reasonOf(error)}. ${advice}`, {
      cause: error,
    });
  }
}

/** Throws unless the file is a tickwatch store or an empty database. */
function assertTickwatchFile(db: Database.Database, path: string): void {
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  if (applicationId === TICKWATCH_APPLICATION_ID) return;
  const tables = (
    db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name LIMIT 5`).all() as { name: string }[]
  ).map((row) => row.name);
  if (applicationId === 0 && tables.length === 0) return;
  const found = tables.length > 0 ? `it holds tables ${tables.join(', ')}` : `its application id is ${applicationId}`;
  throw new Error(
    `"${path}" is an SQLite database but not a tickwatch store (${found}). ` +
      `tickwatch will not modify it: choose another store path.`,
  );
}

function configure(db: Database.Database, options: OpenDatabaseOptions): void {
  if (options.readonly) return;
  // WAL lets a reader process read beside the writer; NORMAL loses at most the last
  // transactions on power loss (never corrupts), which a replay restores.
  if (options.path !== MEMORY_PATH) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
}

function sqliteCode(error: unknown): string | undefined {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

export function explainOpenFailure(error: unknown, path: string): unknown {
  const code = sqliteCode(error);
  if (code === undefined) return error; // already ours, with its own advice
  if (code === 'SQLITE_NOTADB') {
    return new Error(
      `"${path}" is not a tickwatch store (not an SQLite database at all). Move the file away or choose another store path.`,
      { cause: error },
    );
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new Error(
      `cannot open the tickwatch store "${path}": ${reasonOf(error)}. Another process holds a lock on it ` +
        `(a writer migrating or checkpointing it): retry, or stop the other process.`,
      { cause: error },
    );
  }
  return new Error(
    `cannot open the tickwatch store "${path}": ${reasonOf(error)}. ` +
      `Check that the file and its directory are writable (WAL needs to create "${path}-wal" beside it), or choose another store path.`,
    { cause: error },
  );
}

/** Opens (creating if needed) a database file and checks that it is a tickwatch store. */
export function openDatabase(options: OpenDatabaseOptions): Database.Database {
  if (options.path !== MEMORY_PATH && !options.readonly) createParentDirectory(options.path);
  const db = connect(options);
  try {
    // The first statement reads the header: this is where a file that is not SQLite fails.
    assertTickwatchFile(db, options.path);
    configure(db, options);
  } catch (error) {
    db.close();
    throw explainOpenFailure(error, options.path);
  }
  return db;
}
