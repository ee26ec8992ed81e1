/** The auth database schema, oldest first. Append new steps; never edit a released one. */
import type { Migration } from '../../store/sqlite/migrations/migration.js';

const ROLE_CHECK = `CHECK (role IN ('viewer', 'analyst', 'admin'))`;

const usersSessionsKeys: Migration = {
  version: 1,
  name: 'auth-users-sessions-keys-audit',
  sql: `
    CREATE TABLE users (
      id INTEGER PRIMARY KEY,
      username TEXT NOT NULL UNIQUE,
      role TEXT NOT NULL ${ROLE_CHECK},
      password_hash TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      last_login_at INTEGER
    );
    CREATE TABLE sessions (
      token_hash TEXT PRIMARY KEY,
      user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      csrf_token TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      last_seen_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      ip TEXT NOT NULL,
      user_agent TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX sessions_by_user ON sessions (user_id);
    CREATE TABLE api_keys (
      id INTEGER PRIMARY KEY,
      user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      role TEXT NOT NULL ${ROLE_CHECK},
      name TEXT NOT NULL,
      key_hash TEXT NOT NULL UNIQUE,
      masked TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      last_used_at INTEGER,
      revoked_at INTEGER
    );
    CREATE INDEX api_keys_by_user ON api_keys (user_id);
    CREATE TABLE login_throttle (
      username TEXT PRIMARY KEY,
      failures INTEGER NOT NULL,
      window_start INTEGER NOT NULL,
      locked_until INTEGER
    ) WITHOUT ROWID;
    CREATE TABLE audit_log (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      ts INTEGER NOT NULL,
      actor TEXT NOT NULL,
      action TEXT NOT NULL,
      target TEXT,
      ip TEXT,
      success INTEGER NOT NULL,
      detail TEXT NOT NULL
    );
    CREATE INDEX audit_log_by_action ON audit_log (action, id);
    CREATE INDEX audit_log_by_actor ON audit_log (actor, id);
  `,
};

export const AUTH_MIGRATIONS: readonly Migration[] = [usersSessionsKeys];
