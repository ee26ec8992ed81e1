/** The storage layer's public surface: the Store contract and its implementations. */
export type {
  AnomalyQuery,
  BarQuery,
  Checkpoint,
  LabelQuery,
  QuarantineQuery,
  QuarantineRow,
  RangeOptions,
  SignalQuery,
  SortOrder,
  Store,
  StoreBatch,
  TimeRangeQuery,
} from './store.js';
export { payloadHash } from './payload-hash.js';
export { openSqliteStore, SqliteStore, type SqliteStoreOptions } from './sqlite/index.js';
