/**
 * Where users, sessions, API keys, login throttling and the audit log are kept. Asynchronous
 * like the market-data Store, so a networked implementation fits behind it unchanged.
 * Secrets are stored only as hashes (passwords: scrypt; session tokens and API keys: SHA-256).
 * All times are integer microseconds since the epoch.
 */
import type { Micros } from '../core/events.js';
import type { Role } from './roles.js';

export interface UserRecord {
  readonly id: number;
  /** Lower case; unique. */
  readonly username: string;
  readonly role: Role;
  /** `scrypt$N$r$p$salt$hash` (see password.ts). */
  readonly passwordHash: string;
  readonly createdAt: Micros;
  readonly updatedAt: Micros;
  readonly lastLoginAt: Micros | null;
}

export interface NewUser {
  readonly username: string;
  readonly role: Role;
  readonly passwordHash: string;
  readonly createdAt: Micros;
}

export interface UserChanges {
  readonly role?: Role;
  readonly passwordHash?: string;
  readonly lastLoginAt?: Micros;
  readonly updatedAt?: Micros;
}

export interface SessionRecord {
  /** SHA-256 of the session token held in the cookie. */
  readonly tokenHash: string;
  readonly userId: number;
  /** Anti-CSRF token: state-changing requests made with this session must echo it. */
  readonly csrfToken: string;
  readonly createdAt: Micros;
  readonly lastSeenAt: Micros;
  /** Absolute end: createdAt + the absolute timeout. */
  readonly expiresAt: Micros;
  readonly ip: string;
  readonly userAgent: string;
}

export interface ApiKeyRecord {
  readonly id: number;
  readonly userId: number;
  /** The key's own scope; requests get the lesser of it and the owner's current role. */
  readonly role: Role;
  /** Free text saying what the key is for. */
  readonly name: string;
  /** SHA-256 of the key. */
  readonly keyHash: string;
  /** `tw_abcd…wxyz`. */
  readonly masked: string;
  readonly createdAt: Micros;
  readonly lastUsedAt: Micros | null;
  readonly revokedAt: Micros | null;
}

export type NewApiKey = Omit<ApiKeyRecord, 'id' | 'lastUsedAt' | 'revokedAt'>;

/** An API key with its owner's name (for listings). */
export interface ApiKeyListing extends ApiKeyRecord {
  readonly username: string;
}

/** Failed-login bookkeeping per attempted user name (known or not, so lockout reveals nothing). */
export interface LoginThrottle {
  readonly failures: number;
  /** Time of the first failure counted in `failures`. */
  readonly windowStart: Micros;
  readonly lockedUntil: Micros | null;
}

export const AUDIT_ACTIONS = [
  'login.success',
  'login.failure',
  'login.locked',
  'login.rate_limited',
  'account.locked',
  'logout',
  'user.create',
  'user.remove',
  'user.role_change',
  'user.password_change',
  'apikey.create',
  'apikey.revoke',
  'label.create',
  'label.update',
  'label.delete',
  'alert.channel_create',
  'alert.channel_update',
  'alert.channel_delete',
  'alert.route_create',
  'alert.route_update',
  'alert.route_delete',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  readonly id: number;
  readonly ts: Micros;
  /** Who did it: a user name, `cli` for the command line, `system`, or the attempted name for logins. */
  readonly actor: string;
  readonly action: AuditAction;
  /** What it was done to (a user name, a key id, a label id), if anything. */
  readonly target: string | null;
  readonly ip: string | null;
  readonly success: boolean;
  readonly detail: Readonly<Record<string, string | number | boolean | null>>;
}

export type NewAuditEntry = Omit<AuditEntry, 'id'>;

export interface AuditQuery {
  /** Entries with id < before (the cursor of the previous page). */
  readonly before?: number;
  readonly action?: AuditAction;
  readonly actor?: string;
  readonly limit: number;
}

export interface AuthStore {
  /** Creates the user, or returns null if the name is taken. */
  createUser(user: NewUser): Promise<UserRecord | null>;
  userByName(username: string): Promise<UserRecord | null>;
  userById(id: number): Promise<UserRecord | null>;
  /** Sorted by user name. */
  listUsers(): Promise<UserRecord[]>;
  /** Returns the updated user, or null if there is none with that id. */
  updateUser(id: number, changes: UserChanges): Promise<UserRecord | null>;
  /** Deletes the user with their sessions and API keys; true if there was one. */
  deleteUser(id: number): Promise<boolean>;
  countUsersWithRole(role: Role): Promise<number>;

  createSession(session: SessionRecord): Promise<void>;
  /** The session and its user, or null. */
  session(tokenHash: string): Promise<{ session: SessionRecord; user: UserRecord } | null>;
  touchSession(tokenHash: string, lastSeenAt: Micros): Promise<void>;
  deleteSession(tokenHash: string): Promise<void>;
  /** Ends every session of the user except, optionally, one; returns how many ended. */
  deleteUserSessions(userId: number, keepTokenHash?: string): Promise<number>;
  /** Deletes sessions past their absolute end or idle since before `idleBefore`. */
  deleteExpiredSessions(now: Micros, idleBefore: Micros): Promise<number>;

  createApiKey(key: NewApiKey): Promise<ApiKeyRecord>;
  /** The key (revoked or not) and its owner, or null. */
  apiKey(keyHash: string): Promise<{ key: ApiKeyRecord; user: UserRecord } | null>;
  /** Every key, or one user's, newest first. */
  listApiKeys(userId?: number): Promise<ApiKeyListing[]>;
  apiKeyById(id: number): Promise<ApiKeyListing | null>;
  /** Marks the key revoked; false if there is no such key or it was already revoked. */
  revokeApiKey(id: number, at: Micros): Promise<boolean>;
  touchApiKey(id: number, lastUsedAt: Micros): Promise<void>;

  loginThrottle(username: string): Promise<LoginThrottle | null>;
  putLoginThrottle(username: string, throttle: LoginThrottle): Promise<void>;
  clearLoginThrottle(username: string): Promise<void>;
  /** Forgets throttles whose window and lock both ended before `before`. */
  pruneLoginThrottles(before: Micros): Promise<number>;

  appendAudit(entry: NewAuditEntry): Promise<AuditEntry>;
  /** Newest first. */
  auditLog(query: AuditQuery): Promise<AuditEntry[]>;

  close(): Promise<void>;
}
