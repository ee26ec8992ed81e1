import type { Migration } from './migration.js';

/**
 * Rejected inputs, keyed by (ts, reason, payload hash) so a replay does not count them twice,
 * and the key/value resume state.
 */
export const quarantineAndCheckpoints: Migration = {
  version: 3,
  name: 'quarantine-and-checkpoints',
  sql: `
    CREATE TABLE quarantine (
      ts INTEGER NOT NULL,
      reason TEXT NOT NULL,
      payload_hash TEXT NOT NULL,
      symbol TEXT NOT NULL,
      detail TEXT NOT NULL,
      payload TEXT NOT NULL,
      PRIMARY KEY (ts, reason, payload_hash)
    ) WITHOUT ROWID;
    -- Covers quarantineCounts() (an index-only scan) and the reason filter.
    CREATE INDEX quarantine_by_reason ON quarantine (reason, ts);
    CREATE INDEX quarantine_by_symbol ON quarantine (symbol, ts);

    CREATE TABLE checkpoints (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) WITHOUT ROWID;
  `,
};
