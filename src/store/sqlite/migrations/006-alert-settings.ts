import type { Migration } from './migration.js';

/**
 * Alert channels and routing rules an admin adds at runtime (the API and the dashboard), beside
 * those of the configuration file. A channel's settings are the JSON of its `alerts.channels`
 * entry, validated by the same schema on write and on load; secrets are kept as given (like the
 * configuration file), and the API only ever returns them masked.
 */
export const alertSettings: Migration = {
  version: 6,
  name: 'alert-settings',
  sql: `
    CREATE TABLE alert_channels (
      name TEXT PRIMARY KEY,
      settings TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      updated_by TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE alert_routes (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      route TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      updated_by TEXT NOT NULL
    );
  `,
};
