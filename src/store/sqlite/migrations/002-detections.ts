import type { Migration } from './migration.js';

/**
 * Anomalies, signals and labels: low volume, queried by symbol and time or across all symbols
 * by time, hence two indexes each. JSON columns hold the nested fields.
 */
export const detections: Migration = {
  version: 2,
  name: 'detections',
  sql: `
    CREATE TABLE anomalies (
      id TEXT PRIMARY KEY,
      symbol TEXT NOT NULL,
      timeframe TEXT NOT NULL,
      ts INTEGER NOT NULL,
      kind TEXT NOT NULL,
      severity TEXT NOT NULL,
      score REAL NOT NULL,
      raw_score REAL NOT NULL,
      detector TEXT NOT NULL,
      message TEXT NOT NULL,
      explanation TEXT NOT NULL,
      context TEXT NOT NULL,
      ts_recv INTEGER NOT NULL
    );
    CREATE INDEX anomalies_by_symbol_time ON anomalies (symbol, ts, id);
    CREATE INDEX anomalies_by_time ON anomalies (ts, id);

    CREATE TABLE signals (
      id TEXT PRIMARY KEY,
      symbol TEXT NOT NULL,
      timeframe TEXT NOT NULL,
      ts INTEGER NOT NULL,
      action TEXT NOT NULL,
      confidence REAL NOT NULL,
      entry REAL NOT NULL,
      stop REAL,
      target REAL,
      size REAL NOT NULL,
      reasons TEXT NOT NULL,
      strategy TEXT NOT NULL
    );
    CREATE INDEX signals_by_symbol_time ON signals (symbol, ts, id);
    CREATE INDEX signals_by_time ON signals (ts, id);

    CREATE TABLE labels (
      id TEXT PRIMARY KEY,
      symbol TEXT NOT NULL,
      start_ts INTEGER NOT NULL,
      end_ts INTEGER NOT NULL,
      kind TEXT NOT NULL,
      source TEXT NOT NULL,
      anomaly_id TEXT,
      verdict TEXT,
      note TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      CHECK (end_ts >= start_ts)
    );
    CREATE INDEX labels_by_symbol_start ON labels (symbol, start_ts, id);
    CREATE INDEX labels_by_start ON labels (start_ts, id);
    CREATE INDEX labels_by_anomaly ON labels (anomaly_id) WHERE anomaly_id IS NOT NULL;
  `,
};
