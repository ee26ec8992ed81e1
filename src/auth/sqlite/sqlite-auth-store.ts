/**
 * The SQLite AuthStore. It lives in its own file, `<dataDir>/auth.db` by default, not in the
 * market-data store: credentials, sessions and the audit log stay out of the file people copy,
 * share and replay (and auth.db is created readable by its owner only); the two schemas migrate
 * independently; and the market store can be PostgreSQL while auth stays embedded.
 * WAL mode lets the CLI (`tickwatch users …`) change users while the server runs.
 */
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type { Micros } from '../../core/events.js';
import { runMigrations } from '../../store/sqlite/migrate.js';
import { MEMORY_PATH, explainOpenFailure, openDatabase } from '../../store/sqlite/open-database.js';
import type {
  ApiKeyListing,
  ApiKeyRecord,
  AuditEntry,
  AuditQuery,
  AuthStore,
  LoginThrottle,
  NewApiKey,
  NewAuditEntry,
  NewUser,
  SessionRecord,
  UserChanges,
  UserRecord,
} from '../auth-store.js';
import type { Role } from '../roles.js';
import { AUTH_MIGRATIONS } from './migrations.js';

interface UserRow {
  id: number;
  username: string;
  role: Role;
  password_hash: string;
  created_at: number;
  updated_at: number;
  last_login_at: number | null;
}

interface SessionRow {
  token_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  ip: string;
  user_agent: string;
}

interface ApiKeyRow {
  id: number;
  user_id: number;
  role: Role;
  name: string;
  key_hash: string;
  masked: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
  username?: string;
}

interface AuditRow {
  id: number;
  ts: number;
  actor: string;
  action: AuditEntry['action'];
  target: string | null;
  ip: string | null;
  success: number;
  detail: string;
}

const USER_COLUMNS = 'u.id, u.username, u.role, u.password_hash, u.created_at, u.updated_at, u.last_login_at';
const KEY_COLUMNS = 'k.id, k.user_id, k.role, k.name, k.key_hash, k.masked, k.created_at, k.last_used_at, k.revoked_at';

function userFromRow(row: UserRow): UserRecord {
  return {
    id: row.id,
    username: row.username,
    role: row.role,
    passwordHash: row.password_hash,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastLoginAt: row.last_login_at,
  };
}

function sessionFromRow(row: SessionRow): SessionRecord {
  return {
    tokenHash: row.token_hash,
    userId: row.user_id,
    csrfToken: row.csrf_token,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    ip: row.ip,
    userAgent: row.user_agent,
  };
}

function keyFromRow(row: ApiKeyRow): ApiKeyRecord {
  return {
    id: row.id,
    userId: row.user_id,
    role: row.role,
    name: row.name,
    keyHash: row.key_hash,
    masked: row.masked,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

function auditFromRow(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    ts: row.ts,
    actor: row.actor,
    action: row.action,
    target: row.target,
    ip: row.ip,
    success: row.success === 1,
    detail: JSON.parse(row.detail) as AuditEntry['detail'],
  };
}

/** Splits a joined row (user columns prefixed `u_`) into its two records. */
function prefixed(prefix: string, columns: string): string {
  return columns
    .split(', ')
    .map((column) => `${column} AS ${prefix}${column.slice(2)}`)
    .join(', ');
}

function unprefix<R>(row: Record<string, unknown>, prefix: string): R {
  const result: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(row)) {
    if (name.startsWith(prefix)) result[name.slice(prefix.length)] = value;
  }
  return result as R;
}

export class SqliteAuthStore implements AuthStore {
  private readonly statements = new Map<string, BetterSqlite3.Statement<unknown[]>>();

  /** Use `openSqliteAuthStore`. */
  constructor(
    private readonly db: BetterSqlite3.Database,
    readonly path: string,
  ) {}

  async createUser(user: NewUser): Promise<UserRecord | null> {
    const result = this.statement(
      `INSERT INTO users (username, role, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (username) DO NOTHING`,
    ).run(user.username, user.role, user.passwordHash, user.createdAt, user.createdAt);
    if (result.changes === 0) return null;
    return this.userById(Number(result.lastInsertRowid));
  }

  async userByName(username: string): Promise<UserRecord | null> {
    const row = this.statement(`SELECT ${USER_COLUMNS} FROM users u WHERE u.username = ?`).get(username);
    return row === undefined ? null : userFromRow(row as UserRow);
  }

  async userById(id: number): Promise<UserRecord | null> {
    const row = this.statement(`SELECT ${USER_COLUMNS} FROM users u WHERE u.id = ?`).get(id);
    return row === undefined ? null : userFromRow(row as UserRow);
  }

  async listUsers(): Promise<UserRecord[]> {
    const rows = this.statement(`SELECT ${USER_COLUMNS} FROM users u ORDER BY u.username`).all() as UserRow[];
    return rows.map(userFromRow);
  }

  async updateUser(id: number, changes: UserChanges): Promise<UserRecord | null> {
    this.statement(
      `UPDATE users SET
         role = coalesce(?, role),
         password_hash = coalesce(?, password_hash),
         last_login_at = coalesce(?, last_login_at),
         updated_at = coalesce(?, updated_at)
       WHERE id = ?`,
    ).run(
      changes.role ?? null,
      changes.passwordHash ?? null,
      changes.lastLoginAt ?? null,
      changes.updatedAt ?? null,
      id,
    );
    return this.userById(id);
  }

  async deleteUser(id: number): Promise<boolean> {
    return this.statement('DELETE FROM users WHERE id = ?').run(id).changes > 0;
  }

  async countUsersWithRole(role: Role): Promise<number> {
    return this.statement('SELECT count(*) FROM users WHERE role = ?').pluck().get(role) as number;
  }

  async createSession(session: SessionRecord): Promise<void> {
    this.statement(
      `INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, ip, user_agent)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      session.tokenHash,
      session.userId,
      session.csrfToken,
      session.createdAt,
      session.lastSeenAt,
      session.expiresAt,
      session.ip,
      session.userAgent,
    );
  }

  async session(tokenHash: string): Promise<{ session: SessionRecord; user: UserRecord } | null> {
    const row = this.statement(
      `SELECT s.*, ${prefixed('u_', USER_COLUMNS)} FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`,
    ).get(tokenHash) as (SessionRow & Record<string, unknown>) | undefined;
    if (row === undefined) return null;
    return { session: sessionFromRow(row), user: userFromRow(unprefix<UserRow>(row, 'u_')) };
  }

  async touchSession(tokenHash: string, lastSeenAt: Micros): Promise<void> {
    this.statement('UPDATE sessions SET last_seen_at = max(last_seen_at, ?) WHERE token_hash = ?').run(
      lastSeenAt,
      tokenHash,
    );
  }

  async deleteSession(tokenHash: string): Promise<void> {
    this.statement('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash);
  }

  async deleteUserSessions(userId: number, keepTokenHash?: string): Promise<number> {
    return this.statement('DELETE FROM sessions WHERE user_id = ? AND token_hash IS NOT ?').run(
      userId,
      keepTokenHash ?? null,
    ).changes;
  }

  async deleteExpiredSessions(now: Micros, idleBefore: Micros): Promise<number> {
    return this.statement('DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at < ?').run(now, idleBefore)
      .changes;
  }

  async createApiKey(key: NewApiKey): Promise<ApiKeyRecord> {
    const result = this.statement(
      `INSERT INTO api_keys (user_id, role, name, key_hash, masked, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(key.userId, key.role, key.name, key.keyHash, key.masked, key.createdAt);
    return { ...key, id: Number(result.lastInsertRowid), lastUsedAt: null, revokedAt: null };
  }

  async apiKey(keyHash: string): Promise<{ key: ApiKeyRecord; user: UserRecord } | null> {
    const row = this.statement(
      `SELECT ${KEY_COLUMNS}, ${prefixed('u_', USER_COLUMNS)} FROM api_keys k JOIN users u ON u.id = k.user_id
       WHERE k.key_hash = ?`,
    ).get(keyHash) as (ApiKeyRow & Record<string, unknown>) | undefined;
    if (row === undefined) return null;
    return { key: keyFromRow(row), user: userFromRow(unprefix<UserRow>(row, 'u_')) };
  }

  async listApiKeys(userId?: number): Promise<ApiKeyListing[]> {
    const rows = this.statement(
      `SELECT ${KEY_COLUMNS}, u.username FROM api_keys k JOIN users u ON u.id = k.user_id
       WHERE ? IS NULL OR k.user_id = ? ORDER BY k.id DESC`,
    ).all(userId ?? null, userId ?? null) as (ApiKeyRow & { username: string })[];
    return rows.map((row) => ({ ...keyFromRow(row), username: row.username }));
  }

  async apiKeyById(id: number): Promise<ApiKeyListing | null> {
    const row = this.statement(
      `SELECT ${KEY_COLUMNS}, u.username FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.id = ?`,
    ).get(id) as (ApiKeyRow & { username: string }) | undefined;
    return row === undefined ? null : { ...keyFromRow(row), username: row.username };
  }

  async revokeApiKey(id: number, at: Micros): Promise<boolean> {
    return (
      this.statement('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id).changes > 0
    );
  }

  async touchApiKey(id: number, lastUsedAt: Micros): Promise<void> {
    this.statement('UPDATE api_keys SET last_used_at = max(coalesce(last_used_at, 0), ?) WHERE id = ?').run(
      lastUsedAt,
      id,
    );
  }

  async loginThrottle(username: string): Promise<LoginThrottle | null> {
    const row = this.statement(
      'SELECT failures, window_start, locked_until FROM login_throttle WHERE username = ?',
    ).get(username) as { failures: number; window_start: number; locked_until: number | null } | undefined;
    return row === undefined
      ? null
      : { failures: row.failures, windowStart: row.window_start, lockedUntil: row.locked_until };
  }

  async putLoginThrottle(username: string, throttle: LoginThrottle): Promise<void> {
    this.statement(
      `INSERT INTO login_throttle (username, failures, window_start, locked_until) VALUES (?, ?, ?, ?)
       ON CONFLICT (username) DO UPDATE SET
         failures = excluded.failures, window_start = excluded.window_start, locked_until = excluded.locked_until`,
    ).run(username, throttle.failures, throttle.windowStart, throttle.lockedUntil);
  }

  async clearLoginThrottle(username: string): Promise<void> {
    this.statement('DELETE FROM login_throttle WHERE username = ?').run(username);
  }

  async pruneLoginThrottles(before: Micros): Promise<number> {
    return this.statement(
      'DELETE FROM login_throttle WHERE window_start < ? AND (locked_until IS NULL OR locked_until < ?)',
    ).run(before, before).changes;
  }

  async appendAudit(entry: NewAuditEntry): Promise<AuditEntry> {
    const result = this.statement(
      `INSERT INTO audit_log (ts, actor, action, target, ip, success, detail) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      entry.ts,
      entry.actor,
      entry.action,
      entry.target,
      entry.ip,
      entry.success ? 1 : 0,
      JSON.stringify(entry.detail),
    );
    return { ...entry, id: Number(result.lastInsertRowid) };
  }

  async auditLog(query: AuditQuery): Promise<AuditEntry[]> {
    const rows = this.statement(
      `SELECT * FROM audit_log
       WHERE (? IS NULL OR id < ?) AND (? IS NULL OR action = ?) AND (? IS NULL OR actor = ?)
       ORDER BY id DESC LIMIT ?`,
    ).all(
      query.before ?? null,
      query.before ?? null,
      query.action ?? null,
      query.action ?? null,
      query.actor ?? null,
      query.actor ?? null,
      query.limit,
    ) as AuditRow[];
    return rows.map(auditFromRow);
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    if (!this.db.memory && !this.db.readonly) this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.close();
  }

  private statement(sql: string): BetterSqlite3.Statement<unknown[]> {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      if (!this.db.open) throw new Error(`the auth database "${this.path}" is closed`);
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

/** Opens (creating it, readable by its owner only, if needed) and migrates an auth database. */
export async function openSqliteAuthStore(options: { path: string; busyTimeoutMs?: number }): Promise<SqliteAuthStore> {
  if (options.path !== MEMORY_PATH && !existsSync(options.path)) createPrivateFile(options.path);
  const db = openDatabase(options);
  try {
    db.pragma('foreign_keys = ON');
    runMigrations(db, options.path, AUTH_MIGRATIONS);
  } catch (error) {
    db.close();
    throw explainOpenFailure(error, options.path);
  }
  return new SqliteAuthStore(db, options.path);
}

/** An empty file with mode 0600; SQLite gives its -wal and -shm files the same mode. */
function createPrivateFile(path: string): void {
  try {
    mkdirSync(dirname(resolve(path)), { recursive: true });
    closeSync(openSync(path, 'a', 0o600));
  } catch {
    // openDatabase tries again and reports the problem with advice.
  }
}
