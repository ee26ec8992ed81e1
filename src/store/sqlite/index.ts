/** The SQLite store: the embedded default. */
export { openSqliteStore, SqliteStore, type SqliteStoreOptions } from './sqlite-store.js';
/** The same store with its writes on a worker thread (the pipeline's thread never waits for SQLite). */
export { openSqliteWorkerStore, SqliteWorkerStore, type SqliteWorkerStoreOptions } from './worker/worker-store.js';
