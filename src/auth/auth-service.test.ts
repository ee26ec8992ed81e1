import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReplayClock } from '../core/clock.js';
import { AuthError } from './auth-error.js';
import { AuthService, authPolicyFrom } from './auth-service.js';
import { ensureAdmin } from './ensure-admin.js';
import { verifyPassword } from './password.js';
import { openSqliteAuthStore, type SqliteAuthStore } from './sqlite/sqlite-auth-store.js';

const FAST = { N: 1024, r: 8, p: 1 };
const SECOND = 1_000_000;
const MINUTE = 60 * SECOND;
const T0 = 1_700_000_000_000_000;
const CLIENT = { ip: '10.0.0.1', userAgent: 'vitest' };
const CLI = { name: 'cli', ip: null };

describe('AuthService', () => {
  let store: SqliteAuthStore;
  let clock: ReplayClock;
  let auth: AuthService;

  beforeEach(async () => {
    store = await openSqliteAuthStore({ path: ':memory:' });
    clock = new ReplayClock(T0);
    auth = new AuthService(store, clock, {
      scryptCost: FAST,
      policy: authPolicyFrom({
        sessionIdleMinutes: 30,
        sessionAbsoluteHours: 2,
        loginMaxAttempts: 3,
        lockoutMinutes: 15,
        loginRateLimitPerMinute: 100,
      }),
    });
    await auth.createUser(CLI, 'Alice', 'analyst', 'alice password 1');
  });
  afterEach(async () => {
    await store.close();
  });

  const actions = async () => (await store.auditLog({ limit: 100 })).map((e) => e.action).reverse();

  describe('login and sessions', () => {
    it('logs in case-insensitively and returns a session the token authenticates', async () => {
      const outcome = await auth.login('ALICE', 'alice password 1', CLIENT);
      if (!outcome.ok) throw new Error(`login failed: ${outcome.reason}`);
      expect(outcome.user).toMatchObject({ username: 'alice', role: 'analyst', lastLoginAt: T0 });
      expect(outcome.expiresAt).toBe(T0 + 30 * MINUTE);
      const principal = await auth.authenticateSession(outcome.token);
      expect(principal).toMatchObject({ username: 'alice', role: 'analyst', via: 'session' });
      expect(principal?.session?.csrfToken).toBe(outcome.csrfToken);
      // Only the hash is stored.
      const stored = await store.session(principal!.session!.tokenHash);
      expect(stored?.session.tokenHash).not.toBe(outcome.token);
      expect(await actions()).toEqual(['user.create', 'login.success']);
    });

    it('rejects a wrong password and an unknown user alike', async () => {
      expect(await auth.login('alice', 'wrong password!', CLIENT)).toEqual({
        ok: false,
        reason: 'invalid_credentials',
      });
      expect(await auth.login('nobody', 'wrong password!', CLIENT)).toEqual({
        ok: false,
        reason: 'invalid_credentials',
      });
      const failures = (await store.auditLog({ limit: 10, action: 'login.failure' })).map((e) => e.detail['reason']);
      expect(failures).toEqual(['unknown_user', 'wrong_password']);
    });

    it('ends a session after the idle timeout', async () => {
      const outcome = await auth.login('alice', 'alice password 1', CLIENT);
      if (!outcome.ok) throw new Error('login failed');
      clock.advanceTo(T0 + 29 * MINUTE);
      expect(await auth.authenticateSession(outcome.token)).not.toBeNull(); // activity resets the idle timer
      clock.advanceTo(T0 + 58 * MINUTE);
      expect(await auth.authenticateSession(outcome.token)).not.toBeNull();
      clock.advanceTo(T0 + 88 * MINUTE);
      expect(await auth.authenticateSession(outcome.token)).toBeNull();
      // …and it is gone for good.
      clock.advanceTo(T0 + 88 * MINUTE + 1);
      expect(await auth.authenticateSession(outcome.token)).toBeNull();
    });

    it('ends a session at the absolute timeout however active it is', async () => {
      const outcome = await auth.login('alice', 'alice password 1', CLIENT);
      if (!outcome.ok) throw new Error('login failed');
      for (let minutes = 10; minutes < 120; minutes += 10) {
        clock.advanceTo(T0 + minutes * MINUTE);
        const principal = await auth.authenticateSession(outcome.token);
        expect(principal, `at ${minutes} min`).not.toBeNull();
        expect(principal?.session?.expiresAt).toBe(Math.min(T0 + 120 * MINUTE, T0 + (minutes + 30) * MINUTE));
      }
      clock.advanceTo(T0 + 120 * MINUTE);
      expect(await auth.authenticateSession(outcome.token)).toBeNull();
    });

    it('logout ends the session', async () => {
      const outcome = await auth.login('alice', 'alice password 1', CLIENT);
      if (!outcome.ok) throw new Error('login failed');
      const principal = (await auth.authenticateSession(outcome.token))!;
      await auth.logout(principal, CLIENT.ip);
      expect(await auth.authenticateSession(outcome.token)).toBeNull();
      expect((await actions()).at(-1)).toBe('logout');
    });

    it('checks CSRF tokens for sessions only', async () => {
      const outcome = await auth.login('alice', 'alice password 1', CLIENT);
      if (!outcome.ok) throw new Error('login failed');
      const principal = (await auth.authenticateSession(outcome.token))!;
      expect(auth.csrfValid(principal, outcome.csrfToken)).toBe(true);
      expect(auth.csrfValid(principal, undefined)).toBe(false);
      expect(auth.csrfValid(principal, `${outcome.csrfToken.slice(0, -1)}x`)).toBe(false);
      const { key } = await auth.createApiKey(CLI, 'alice', 'viewer');
      expect(auth.csrfValid((await auth.authenticateApiKey(key))!, undefined)).toBe(true);
    });

    it('rejects junk tokens without touching the store', async () => {
      expect(await auth.authenticateSession('')).toBeNull();
      expect(await auth.authenticateSession('x'.repeat(1000))).toBeNull();
      expect(await auth.authenticateSession('not-a-session')).toBeNull();
    });
  });

  describe('lockout and rate limiting', () => {
    it('locks a user name after loginMaxAttempts consecutive failures, even for the right password, then unlocks', async () => {
      expect((await auth.login('alice', 'bad password 1', CLIENT)).ok).toBe(false);
      expect((await auth.login('alice', 'bad password 2', CLIENT)).ok).toBe(false);
      expect(await auth.login('alice', 'bad password 3', CLIENT)).toEqual({
        ok: false,
        reason: 'locked',
        retryAfterSeconds: 15 * 60,
      });
      clock.advanceTo(T0 + 5 * MINUTE);
      expect(await auth.login('alice', 'alice password 1', CLIENT)).toEqual({
        ok: false,
        reason: 'locked',
        retryAfterSeconds: 10 * 60,
      });
      clock.advanceTo(T0 + 15 * MINUTE);
      expect((await auth.login('alice', 'alice password 1', CLIENT)).ok).toBe(true);
      expect(await actions()).toEqual([
        'user.create',
        'login.failure',
        'login.failure',
        'login.failure',
        'account.locked',
        'login.locked',
        'login.success',
      ]);
    });

    it('a success resets the failure count; failures older than the lockout window are forgotten', async () => {
      await auth.login('alice', 'bad password 1', CLIENT);
      await auth.login('alice', 'bad password 2', CLIENT);
      expect((await auth.login('alice', 'alice password 1', CLIENT)).ok).toBe(true);
      await auth.login('alice', 'bad password 3', CLIENT);
      await auth.login('alice', 'bad password 4', CLIENT);
      clock.advanceTo(T0 + 16 * MINUTE);
      expect(await auth.login('alice', 'bad password 5', CLIENT)).toEqual({ ok: false, reason: 'invalid_credentials' });
      expect((await auth.login('alice', 'alice password 1', CLIENT)).ok).toBe(true);
    });

    it('locks unknown names the same way (lockout reveals nothing about which names exist)', async () => {
      for (let i = 0; i < 2; i++) await auth.login('ghost', 'whatever pass', CLIENT);
      expect((await auth.login('ghost', 'whatever pass', CLIENT)) as unknown).toMatchObject({ reason: 'locked' });
    });

    it('rate-limits login attempts per client address', async () => {
      const limited = new AuthService(store, clock, {
        scryptCost: FAST,
        policy: authPolicyFrom({
          sessionIdleMinutes: 30,
          sessionAbsoluteHours: 2,
          loginMaxAttempts: 100,
          lockoutMinutes: 15,
          loginRateLimitPerMinute: 2,
        }),
      });
      expect((await limited.login('alice', 'alice password 1', CLIENT)).ok).toBe(true);
      expect((await limited.login('alice', 'alice password 1', CLIENT)).ok).toBe(true);
      expect(await limited.login('alice', 'alice password 1', CLIENT)).toEqual({
        ok: false,
        reason: 'rate_limited',
        retryAfterSeconds: 30,
      });
      await limited.login('alice', 'alice password 1', CLIENT);
      expect((await limited.login('alice', 'alice password 1', { ...CLIENT, ip: '10.0.0.2' })).ok).toBe(true);
      clock.advanceTo(T0 + 30 * SECOND);
      expect((await limited.login('alice', 'alice password 1', CLIENT)).ok).toBe(true);
      // One audit entry for the burst of refusals.
      expect((await store.auditLog({ limit: 10, action: 'login.rate_limited' })).length).toBe(1);
    });
  });

  describe('users', () => {
    it('validates names and passwords and refuses duplicates', async () => {
      await expect(auth.createUser(CLI, 'bad name', 'viewer', 'long enough pw')).rejects.toThrow(
        /not a valid user name/,
      );
      await expect(auth.createUser(CLI, 'bob', 'viewer', 'short')).rejects.toThrow(/at least 12/);
      await expect(auth.createUser(CLI, 'ALICE', 'viewer', 'long enough pw')).rejects.toMatchObject({
        code: 'conflict',
      });
    });

    it('changing a password ends the user’s sessions and the new password works', async () => {
      const outcome = await auth.login('alice', 'alice password 1', CLIENT);
      if (!outcome.ok) throw new Error('login failed');
      await auth.setPassword(CLI, 'alice', 'alice password 2');
      expect(await auth.authenticateSession(outcome.token)).toBeNull();
      expect((await auth.login('alice', 'alice password 1', CLIENT)).ok).toBe(false);
      expect((await auth.login('alice', 'alice password 2', CLIENT)).ok).toBe(true);
    });

    it('changing one’s own password needs the current one and keeps the current session', async () => {
      const first = await auth.login('alice', 'alice password 1', CLIENT);
      const second = await auth.login('alice', 'alice password 1', CLIENT);
      if (!first.ok || !second.ok) throw new Error('login failed');
      const principal = (await auth.authenticateSession(first.token))!;
      await expect(auth.changeOwnPassword(principal, 'wrong current!', 'alice password 3', null)).rejects.toMatchObject(
        {
          code: 'forbidden',
        },
      );
      await auth.changeOwnPassword(principal, 'alice password 1', 'alice password 3', null);
      expect(await auth.authenticateSession(first.token)).not.toBeNull();
      expect(await auth.authenticateSession(second.token)).toBeNull();
      expect(await verifyPassword('alice password 3', (await store.userByName('alice'))!.passwordHash)).toBe(true);
    });

    it('role changes apply to live sessions at once and are audited', async () => {
      const outcome = await auth.login('alice', 'alice password 1', CLIENT);
      if (!outcome.ok) throw new Error('login failed');
      await auth.setRole(CLI, 'alice', 'viewer');
      expect((await auth.authenticateSession(outcome.token))?.role).toBe('viewer');
      const entry = (await store.auditLog({ limit: 1, action: 'user.role_change' }))[0];
      expect(entry).toMatchObject({ actor: 'cli', target: 'alice', detail: { from: 'analyst', to: 'viewer' } });
    });

    it('never removes or demotes the last admin', async () => {
      await auth.createUser(CLI, 'root', 'admin', 'root password 1');
      await expect(auth.removeUser(CLI, 'root')).rejects.toMatchObject({ code: 'conflict' });
      await expect(auth.setRole(CLI, 'root', 'viewer')).rejects.toThrow(/only admin/);
      await auth.setRole(CLI, 'alice', 'admin');
      await auth.removeUser(CLI, 'root');
      expect(await store.userByName('root')).toBeNull();
      await expect(auth.removeUser(CLI, 'root')).rejects.toMatchObject({ code: 'not_found' });
    });
  });

  describe('API keys', () => {
    it('creates a key shown once, stored hashed, usable until revoked', async () => {
      const { key, record } = await auth.createApiKey(CLI, 'alice', 'viewer', 'grafana');
      expect(key).toMatch(/^tw_[A-Za-z0-9_-]{43}$/);
      expect(record).toMatchObject({ username: 'alice', role: 'viewer', name: 'grafana', revokedAt: null });
      expect(record.masked).toBe(`tw_${key.slice(3, 7)}…${key.slice(-4)}`);
      expect(JSON.stringify(await store.listApiKeys())).not.toContain(key);
      expect(await auth.authenticateApiKey(key)).toMatchObject({ username: 'alice', role: 'viewer', via: 'api_key' });
      await auth.revokeApiKey(CLI, record.id);
      expect(await auth.authenticateApiKey(key)).toBeNull();
      expect(await actions()).toEqual(['user.create', 'apikey.create', 'apikey.revoke']);
    });

    it('a key never exceeds its owner: refused at creation, and capped if the owner is demoted later', async () => {
      await expect(auth.createApiKey(CLI, 'alice', 'admin')).rejects.toThrow(/more rights than its owner/);
      const { key } = await auth.createApiKey(CLI, 'alice', 'analyst');
      await auth.setRole(CLI, 'alice', 'viewer');
      expect((await auth.authenticateApiKey(key))?.role).toBe('viewer');
    });

    it('unknown, malformed and revoked keys do not authenticate; revoking twice is harmless', async () => {
      expect(await auth.authenticateApiKey(`tw_${'a'.repeat(43)}`)).toBeNull();
      expect(await auth.authenticateApiKey('tw_short')).toBeNull();
      const { record } = await auth.createApiKey(CLI, 'alice', 'viewer');
      const first = await auth.revokeApiKey(CLI, record.id);
      const second = await auth.revokeApiKey(CLI, record.id);
      expect(second.revokedAt).toBe(first.revokedAt);
      await expect(auth.revokeApiKey(CLI, 9999)).rejects.toBeInstanceOf(AuthError);
    });
  });
});

describe('ensureAdmin', () => {
  it('creates admin once with a generated password that logs in', async () => {
    const store = await openSqliteAuthStore({ path: ':memory:' });
    const clock = new ReplayClock(T0);
    const created = await ensureAdmin(store, clock, { scryptCost: FAST });
    expect(created?.username).toBe('admin');
    expect(created?.password).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(await ensureAdmin(store, clock, { scryptCost: FAST })).toBeNull();
    const auth = new AuthService(store, clock);
    const outcome = await auth.login('admin', created!.password, CLIENT);
    expect(outcome.ok && outcome.user.role).toBe('admin');
    await store.close();
  });
});
