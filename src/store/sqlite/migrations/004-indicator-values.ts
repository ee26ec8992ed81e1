import type { Migration } from './migration.js';

/**
 * Indicator values of each closed bar, keyed like the bar itself. The values are one JSON
 * object (column name → number or null): the configured set differs per timeframe and changes
 * with the configuration, so a column per indicator would need a migration per change.
 */
export const indicatorValues: Migration = {
  version: 4,
  name: 'indicator-values',
  sql: `
    CREATE TABLE bar_indicators (
      symbol_id INTEGER NOT NULL,
      timeframe TEXT NOT NULL,
      start_ts INTEGER NOT NULL,
      end_ts INTEGER NOT NULL,
      ts_recv INTEGER NOT NULL,
      indicator_values TEXT NOT NULL,
      PRIMARY KEY (symbol_id, timeframe, start_ts)
    ) WITHOUT ROWID;
  `,
};
