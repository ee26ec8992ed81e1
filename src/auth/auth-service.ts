/**
 * Authentication and account management on top of an AuthStore: logins with per-address rate
 * limiting and per-account lockout, sessions with idle and absolute timeouts, API keys, and an
 * audit entry for every security-relevant change. Time comes from a Clock, so tests move it
 * instead of sleeping.
 */
import type { Clock } from '../core/clock.js';
import type { Micros } from '../core/events.js';
import { MICROS_PER_HOUR, MICROS_PER_MINUTE, MICROS_PER_SECOND } from '../core/time.js';
import { AuthError } from './auth-error.js';
import type { ApiKeyListing, AuditAction, AuditEntry, AuditQuery, AuthStore, UserRecord } from './auth-store.js';
import { DEFAULT_SCRYPT_COST, hashPassword, passwordProblem, verifyPassword, type ScryptCost } from './password.js';
import { RateLimiter } from './rate-limiter.js';
import { lesserRole, roleAllows, type Role } from './roles.js';
import { generateApiKey, isApiKeyShaped, maskApiKey, randomToken, safeEqual, sha256Hex } from './secrets.js';
import { normaliseUsername, usernameProblem } from './usernames.js';

export interface AuthPolicy {
  /** A session ends after this long without a request. */
  readonly sessionIdle: Micros;
  /** … and this long after login in any case. */
  readonly sessionAbsolute: Micros;
  /** Consecutive failed logins for one user name that lock it. */
  readonly loginMaxAttempts: number;
  /** How long a lock lasts; failures older than this are forgotten. */
  readonly lockout: Micros;
  /** Login attempts per client address per minute. */
  readonly loginRateLimitPerMinute: number;
}

export interface AuthPolicySettings {
  readonly sessionIdleMinutes: number;
  readonly sessionAbsoluteHours: number;
  readonly loginMaxAttempts: number;
  readonly lockoutMinutes: number;
  readonly loginRateLimitPerMinute: number;
}

/** The policy from the `server` configuration section. */
export function authPolicyFrom(settings: AuthPolicySettings): AuthPolicy {
  return {
    sessionIdle: Math.round(settings.sessionIdleMinutes * MICROS_PER_MINUTE),
    sessionAbsolute: Math.round(settings.sessionAbsoluteHours * MICROS_PER_HOUR),
    loginMaxAttempts: settings.loginMaxAttempts,
    lockout: Math.round(settings.lockoutMinutes * MICROS_PER_MINUTE),
    loginRateLimitPerMinute: settings.loginRateLimitPerMinute,
  };
}

export const DEFAULT_AUTH_POLICY: AuthPolicy = authPolicyFrom({
  sessionIdleMinutes: 30,
  sessionAbsoluteHours: 12,
  loginMaxAttempts: 5,
  lockoutMinutes: 15,
  loginRateLimitPerMinute: 20,
});

/** Who is acting and from where; `name` is a user name, or `cli` / `system`. */
export interface Actor {
  readonly name: string;
  readonly ip: string | null;
}

export interface ClientInfo {
  readonly ip: string;
  readonly userAgent: string;
}

/** An authenticated caller. */
export interface Principal {
  readonly userId: number;
  readonly username: string;
  /** Effective role: the user's, or for an API key the lesser of the key's and the owner's. */
  readonly role: Role;
  readonly via: 'session' | 'api_key';
  /** For sessions: the token hash (to log out), the CSRF token and when the session ends if idle. */
  readonly session?: { readonly tokenHash: string; readonly csrfToken: string; readonly expiresAt: Micros };
  readonly apiKeyId?: number;
}

export type LoginOutcome =
  | {
      readonly ok: true;
      /** Goes into the HttpOnly cookie; never stored (only its hash is). */
      readonly token: string;
      readonly csrfToken: string;
      readonly user: UserRecord;
      readonly expiresAt: Micros;
    }
  | { readonly ok: false; readonly reason: 'invalid_credentials' }
  | { readonly ok: false; readonly reason: 'locked' | 'rate_limited'; readonly retryAfterSeconds: number };

export interface CreatedApiKey {
  /** The key itself: shown once, never retrievable again. */
  readonly key: string;
  readonly record: ApiKeyListing;
}

export interface AuthServiceOptions {
  readonly policy?: AuthPolicy;
  /** Tests lower it; production keeps the default. */
  readonly scryptCost?: ScryptCost;
}

/** Sessions are written back at most this often, so reads do not each cost a write. */
const TOUCH_INTERVAL = 60 * MICROS_PER_SECOND;

export class AuthService {
  readonly policy: AuthPolicy;
  private readonly scryptCost: ScryptCost;
  private readonly loginLimiter: RateLimiter;
  private dummyHash: Promise<string> | undefined;

  constructor(
    readonly store: AuthStore,
    private readonly clock: Clock,
    options: AuthServiceOptions = {},
  ) {
    this.policy = options.policy ?? DEFAULT_AUTH_POLICY;
    this.scryptCost = options.scryptCost ?? DEFAULT_SCRYPT_COST;
    this.loginLimiter = new RateLimiter(this.policy.loginRateLimitPerMinute, MICROS_PER_MINUTE);
  }

  now(): Micros {
    return this.clock.now();
  }

  async login(username: string, password: string, client: ClientInfo): Promise<LoginOutcome> {
    const now = this.clock.now();
    const name = normaliseUsername(username);
    const rate = this.loginLimiter.take(client.ip, now);
    if (!rate.allowed) {
      // One audit entry per burst, not one per refused request.
      if (rate.firstRefusal) await this.audit({ name, ip: client.ip }, 'login.rate_limited', null, false, {});
      return { ok: false, reason: 'rate_limited', retryAfterSeconds: rate.retryAfterSeconds };
    }
    const throttle = await this.store.loginThrottle(name);
    if (throttle?.lockedUntil != null && throttle.lockedUntil > now) {
      await this.audit({ name, ip: client.ip }, 'login.locked', name, false, {});
      return { ok: false, reason: 'locked', retryAfterSeconds: secondsUntil(throttle.lockedUntil, now) };
    }

    const user = await this.store.userByName(name);
    // Unknown names cost a hash too, so response time does not reveal which names exist.
    let valid = false;
    if (user === null) await verifyPassword(password, await this.dummyPasswordHash());
    else valid = await verifyPassword(password, user.passwordHash);

    if (!valid || user === null) {
      const counting = throttle !== null && now - throttle.windowStart < this.policy.lockout;
      const failures = counting ? throttle.failures + 1 : 1;
      const windowStart = counting ? throttle.windowStart : now;
      const locks = failures >= this.policy.loginMaxAttempts;
      await this.store.putLoginThrottle(name, {
        failures: locks ? 0 : failures,
        windowStart,
        lockedUntil: locks ? now + this.policy.lockout : null,
      });
      await this.audit({ name, ip: client.ip }, 'login.failure', name, false, {
        reason: user === null ? 'unknown_user' : 'wrong_password',
        failures,
      });
      if (locks) {
        await this.audit({ name: 'system', ip: client.ip }, 'account.locked', name, true, {
          minutes: this.policy.lockout / MICROS_PER_MINUTE,
        });
        return { ok: false, reason: 'locked', retryAfterSeconds: secondsUntil(now + this.policy.lockout, now) };
      }
      return { ok: false, reason: 'invalid_credentials' };
    }

    if (throttle !== null) await this.store.clearLoginThrottle(name);
    await this.store.deleteExpiredSessions(now, now - this.policy.sessionIdle);
    await this.store.pruneLoginThrottles(now - this.policy.lockout);
    const token = randomToken();
    const csrfToken = randomToken();
    const expiresAt = now + this.policy.sessionAbsolute;
    await this.store.createSession({
      tokenHash: sha256Hex(token),
      userId: user.id,
      csrfToken,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
      ip: client.ip,
      userAgent: client.userAgent.slice(0, 512),
    });
    const updated = (await this.store.updateUser(user.id, { lastLoginAt: now })) ?? user;
    await this.audit({ name: user.username, ip: client.ip }, 'login.success', user.username, true, {});
    return { ok: true, token, csrfToken, user: updated, expiresAt: Math.min(expiresAt, now + this.policy.sessionIdle) };
  }

  /** The session's principal, or null if the token is unknown, idle too long or past its end. */
  async authenticateSession(token: string): Promise<Principal | null> {
    if (token.length === 0 || token.length > 256) return null;
    const tokenHash = sha256Hex(token);
    const found = await this.store.session(tokenHash);
    if (found === null) return null;
    const { session, user } = found;
    const now = this.clock.now();
    if (now >= session.expiresAt || now - session.lastSeenAt >= this.policy.sessionIdle) {
      await this.store.deleteSession(tokenHash);
      return null;
    }
    let lastSeen = session.lastSeenAt;
    if (now - lastSeen >= TOUCH_INTERVAL) {
      await this.store.touchSession(tokenHash, now);
      lastSeen = now;
    }
    return {
      userId: user.id,
      username: user.username,
      role: user.role,
      via: 'session',
      session: {
        tokenHash,
        csrfToken: session.csrfToken,
        expiresAt: Math.min(session.expiresAt, lastSeen + this.policy.sessionIdle),
      },
    };
  }

  /** The key's principal, or null if the key is unknown or revoked. */
  async authenticateApiKey(key: string): Promise<Principal | null> {
    if (!isApiKeyShaped(key)) return null;
    const found = await this.store.apiKey(sha256Hex(key));
    if (found === null || found.key.revokedAt !== null) return null;
    const now = this.clock.now();
    if (found.key.lastUsedAt === null || now - found.key.lastUsedAt >= TOUCH_INTERVAL) {
      await this.store.touchApiKey(found.key.id, now);
    }
    return {
      userId: found.user.id,
      username: found.user.username,
      role: lesserRole(found.key.role, found.user.role),
      via: 'api_key',
      apiKeyId: found.key.id,
    };
  }

  /** True if `presented` is the session's CSRF token (constant-time). API-key callers need none. */
  csrfValid(principal: Principal, presented: string | undefined): boolean {
    if (principal.via !== 'session') return true;
    return (
      presented !== undefined && principal.session !== undefined && safeEqual(presented, principal.session.csrfToken)
    );
  }

  async logout(principal: Principal, ip: string | null): Promise<void> {
    if (principal.session === undefined) return;
    await this.store.deleteSession(principal.session.tokenHash);
    await this.audit({ name: principal.username, ip }, 'logout', principal.username, true, {});
  }

  async listUsers(): Promise<UserRecord[]> {
    return this.store.listUsers();
  }

  async createUser(actor: Actor, username: string, role: Role, password: string): Promise<UserRecord> {
    const name = normaliseUsername(username);
    const nameProblem = usernameProblem(name);
    if (nameProblem !== null) throw new AuthError('invalid_request', nameProblem);
    assertPassword(password);
    const created = await this.store.createUser({
      username: name,
      role,
      passwordHash: await hashPassword(password, this.scryptCost),
      createdAt: this.clock.now(),
    });
    if (created === null) {
      throw new AuthError('conflict', `a user named "${name}" already exists: choose another name or change that user`);
    }
    await this.audit(actor, 'user.create', name, true, { role });
    return created;
  }

  /** Sets a user's password and ends their other sessions (all of them unless `keepTokenHash`). */
  async setPassword(actor: Actor, username: string, password: string, keepTokenHash?: string): Promise<void> {
    const user = await this.requireUser(username);
    assertPassword(password);
    const passwordHash = await hashPassword(password, this.scryptCost);
    await this.store.updateUser(user.id, { passwordHash, updatedAt: this.clock.now() });
    const ended = await this.store.deleteUserSessions(user.id, keepTokenHash);
    await this.audit(actor, 'user.password_change', user.username, true, { sessionsEnded: ended });
  }

  /** A user changing their own password must prove they know the current one. */
  async changeOwnPassword(principal: Principal, current: string, next: string, ip: string | null): Promise<void> {
    const user = await this.requireUser(principal.username);
    if (!(await verifyPassword(current, user.passwordHash))) {
      await this.audit({ name: user.username, ip }, 'user.password_change', user.username, false, {
        reason: 'wrong_current_password',
      });
      throw new AuthError('forbidden', 'the current password is wrong: type it again');
    }
    await this.setPassword({ name: user.username, ip }, user.username, next, principal.session?.tokenHash);
  }

  async setRole(actor: Actor, username: string, role: Role): Promise<UserRecord> {
    const user = await this.requireUser(username);
    if (user.role === role) return user;
    if (user.role === 'admin') await this.assertAnotherAdmin(user, 'change the role of');
    const updated = await this.store.updateUser(user.id, { role, updatedAt: this.clock.now() });
    await this.audit(actor, 'user.role_change', user.username, true, { from: user.role, to: role });
    return updated ?? user;
  }

  async removeUser(actor: Actor, username: string): Promise<void> {
    const user = await this.requireUser(username);
    if (user.role === 'admin') await this.assertAnotherAdmin(user, 'remove');
    await this.store.deleteUser(user.id);
    await this.audit(actor, 'user.remove', user.username, true, { role: user.role });
  }

  async createApiKey(actor: Actor, username: string, role: Role, name = ''): Promise<CreatedApiKey> {
    const user = await this.requireUser(username);
    if (!roleAllows(user.role, role)) {
      throw new AuthError(
        'invalid_request',
        `a key cannot have more rights than its owner: "${user.username}" is ${user.role}, so use --role ${user.role} or lower (or raise the user's role first)`,
      );
    }
    const key = generateApiKey();
    const record = await this.store.createApiKey({
      userId: user.id,
      role,
      name: name.slice(0, 200),
      keyHash: sha256Hex(key),
      masked: maskApiKey(key),
      createdAt: this.clock.now(),
    });
    await this.audit(actor, 'apikey.create', String(record.id), true, {
      user: user.username,
      role,
      masked: record.masked,
    });
    return { key, record: { ...record, username: user.username } };
  }

  async listApiKeys(): Promise<ApiKeyListing[]> {
    return this.store.listApiKeys();
  }

  async revokeApiKey(actor: Actor, id: number): Promise<ApiKeyListing> {
    const key = await this.store.apiKeyById(id);
    if (key === null) throw new AuthError('not_found', `no API key with id ${id}: list the keys to find its id`);
    if (key.revokedAt !== null) return key;
    const at = this.clock.now();
    await this.store.revokeApiKey(id, at);
    await this.audit(actor, 'apikey.revoke', String(id), true, { user: key.username, masked: key.masked });
    return { ...key, revokedAt: at };
  }

  async auditLog(query: AuditQuery): Promise<AuditEntry[]> {
    return this.store.auditLog(query);
  }

  /** Records an event in the audit log (also used by the API for label changes). */
  async audit(
    actor: Actor,
    action: AuditAction,
    target: string | null,
    success: boolean,
    detail: AuditEntry['detail'],
  ): Promise<void> {
    await this.store.appendAudit({
      ts: this.clock.now(),
      actor: actor.name,
      action,
      target,
      ip: actor.ip,
      success,
      detail,
    });
  }

  private async requireUser(username: string): Promise<UserRecord> {
    const name = normaliseUsername(username);
    const user = await this.store.userByName(name);
    if (user === null) throw new AuthError('not_found', `no user named "${name}": list the users to check the name`);
    return user;
  }

  private async assertAnotherAdmin(user: UserRecord, verb: string): Promise<void> {
    if ((await this.store.countUsersWithRole('admin')) <= 1) {
      throw new AuthError(
        'conflict',
        `cannot ${verb} "${user.username}": they are the only admin. Make another user admin first.`,
      );
    }
  }

  private dummyPasswordHash(): Promise<string> {
    this.dummyHash ??= hashPassword(randomToken(), this.scryptCost);
    return this.dummyHash;
  }
}

function assertPassword(password: string): void {
  const problem = passwordProblem(password);
  if (problem !== null) throw new AuthError('invalid_request', problem);
}

function secondsUntil(ts: Micros, now: Micros): number {
  return Math.max(1, Math.ceil((ts - now) / MICROS_PER_SECOND));
}
