import type { Migration } from './migration.js';

/**
 * Feature vectors of each closed bar, keyed like the bar. Values are a JSON array in the order of
 * the feature schema whose version is stored with them, so a reader can tell old vectors apart
 * after the schema grows.
 */
export const featureValues: Migration = {
  version: 5,
  name: 'feature-values',
  sql: `
    CREATE TABLE bar_features (
      symbol_id INTEGER NOT NULL,
      timeframe TEXT NOT NULL,
      start_ts INTEGER NOT NULL,
      end_ts INTEGER NOT NULL,
      ts_recv INTEGER NOT NULL,
      schema_version INTEGER NOT NULL,
      feature_names TEXT NOT NULL,
      feature_values TEXT NOT NULL,
      PRIMARY KEY (symbol_id, timeframe, start_ts)
    ) WITHOUT ROWID;
  `,
};
