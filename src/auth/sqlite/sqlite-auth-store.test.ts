import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../store/sqlite/index.js';
import { openSqliteAuthStore, type SqliteAuthStore } from './sqlite-auth-store.js';

describe('SqliteAuthStore', () => {
  let store: SqliteAuthStore;
  beforeEach(async () => {
    store = await openSqliteAuthStore({ path: ':memory:' });
  });
  afterEach(async () => {
    await store.close();
  });

  const newUser = (username: string, role: 'viewer' | 'analyst' | 'admin' = 'viewer') => ({
    username,
    role,
    passwordHash: `hash-of-${username}`,
    createdAt: 1_000,
  });

  it('creates users once per name and reads them back', async () => {
    const alice = await store.createUser(newUser('alice', 'analyst'));
    expect(alice).toMatchObject({
      username: 'alice',
      role: 'analyst',
      createdAt: 1_000,
      updatedAt: 1_000,
      lastLoginAt: null,
    });
    expect(await store.createUser(newUser('alice'))).toBeNull();
    expect(await store.userByName('alice')).toEqual(alice);
    expect(await store.userById(alice!.id)).toEqual(alice);
    expect(await store.userByName('nobody')).toBeNull();
    await store.createUser(newUser('bob', 'admin'));
    expect((await store.listUsers()).map((u) => u.username)).toEqual(['alice', 'bob']);
    expect(await store.countUsersWithRole('admin')).toBe(1);
  });

  it('updates only the given fields', async () => {
    const alice = (await store.createUser(newUser('alice')))!;
    const updated = await store.updateUser(alice.id, { role: 'admin', updatedAt: 2_000 });
    expect(updated).toMatchObject({
      role: 'admin',
      passwordHash: 'hash-of-alice',
      updatedAt: 2_000,
      lastLoginAt: null,
    });
    expect(await store.updateUser(alice.id, { lastLoginAt: 3_000 })).toMatchObject({
      role: 'admin',
      lastLoginAt: 3_000,
    });
    expect(await store.updateUser(999, { role: 'viewer' })).toBeNull();
  });

  it('deleting a user deletes their sessions and API keys', async () => {
    const alice = (await store.createUser(newUser('alice')))!;
    await store.createSession({
      tokenHash: 't1',
      userId: alice.id,
      csrfToken: 'c',
      createdAt: 0,
      lastSeenAt: 0,
      expiresAt: 10,
      ip: '127.0.0.1',
      userAgent: 'test',
    });
    const key = await store.createApiKey({
      userId: alice.id,
      role: 'viewer',
      name: 'n',
      keyHash: 'k1',
      masked: 'm',
      createdAt: 0,
    });
    expect(await store.deleteUser(alice.id)).toBe(true);
    expect(await store.session('t1')).toBeNull();
    expect(await store.apiKeyById(key.id)).toBeNull();
    expect(await store.deleteUser(alice.id)).toBe(false);
  });

  it('sessions: join with the user, touch never moves back, expiry and per-user deletion', async () => {
    const alice = (await store.createUser(newUser('alice')))!;
    const base = { userId: alice.id, csrfToken: 'c', createdAt: 0, ip: '::1', userAgent: 'ua' };
    await store.createSession({ ...base, tokenHash: 'a', lastSeenAt: 100, expiresAt: 1_000 });
    await store.createSession({ ...base, tokenHash: 'b', lastSeenAt: 500, expiresAt: 1_000 });
    await store.createSession({ ...base, tokenHash: 'c', lastSeenAt: 500, expiresAt: 600 });
    const found = await store.session('a');
    expect(found?.user.username).toBe('alice');
    expect(found?.session).toMatchObject({ tokenHash: 'a', lastSeenAt: 100, expiresAt: 1_000, ip: '::1' });
    await store.touchSession('a', 300);
    await store.touchSession('a', 200);
    expect((await store.session('a'))?.session.lastSeenAt).toBe(300);
    // now = 700: c is past its end; idle cut-off 400: a (last seen 300) is idle.
    expect(await store.deleteExpiredSessions(700, 400)).toBe(2);
    expect(await store.session('b')).not.toBeNull();
    await store.createSession({ ...base, tokenHash: 'd', lastSeenAt: 500, expiresAt: 1_000 });
    expect(await store.deleteUserSessions(alice.id, 'd')).toBe(1);
    expect(await store.session('d')).not.toBeNull();
    expect(await store.deleteUserSessions(alice.id)).toBe(1);
  });

  it('API keys: lookup by hash, list newest first with owner, revoke once', async () => {
    const alice = (await store.createUser(newUser('alice', 'admin')))!;
    const bob = (await store.createUser(newUser('bob')))!;
    const k1 = await store.createApiKey({
      userId: alice.id,
      role: 'viewer',
      name: 'grafana',
      keyHash: 'h1',
      masked: 'tw_a…1',
      createdAt: 1,
    });
    const k2 = await store.createApiKey({
      userId: bob.id,
      role: 'viewer',
      name: '',
      keyHash: 'h2',
      masked: 'tw_b…2',
      createdAt: 2,
    });
    expect((await store.apiKey('h1'))?.user.username).toBe('alice');
    expect((await store.apiKey('h1'))?.key).toEqual(k1);
    expect((await store.listApiKeys()).map((k) => [k.id, k.username])).toEqual([
      [k2.id, 'bob'],
      [k1.id, 'alice'],
    ]);
    expect((await store.listApiKeys(bob.id)).map((k) => k.id)).toEqual([k2.id]);
    expect(await store.revokeApiKey(k1.id, 50)).toBe(true);
    expect(await store.revokeApiKey(k1.id, 60)).toBe(false);
    expect((await store.apiKeyById(k1.id))?.revokedAt).toBe(50);
    await store.touchApiKey(k2.id, 70);
    expect((await store.apiKeyById(k2.id))?.lastUsedAt).toBe(70);
  });

  it('login throttles: put, read, clear and prune', async () => {
    await store.putLoginThrottle('mallory', { failures: 2, windowStart: 10, lockedUntil: null });
    await store.putLoginThrottle('mallory', { failures: 3, windowStart: 10, lockedUntil: 500 });
    await store.putLoginThrottle('eve', { failures: 1, windowStart: 10, lockedUntil: null });
    expect(await store.loginThrottle('mallory')).toEqual({ failures: 3, windowStart: 10, lockedUntil: 500 });
    expect(await store.pruneLoginThrottles(100)).toBe(1); // eve; mallory is still locked at 100
    expect(await store.loginThrottle('eve')).toBeNull();
    await store.clearLoginThrottle('mallory');
    expect(await store.loginThrottle('mallory')).toBeNull();
  });

  it('audit log: newest first, filters and an id cursor', async () => {
    for (let i = 0; i < 5; i++) {
      await store.appendAudit({
        ts: i,
        actor: i % 2 === 0 ? 'alice' : 'bob',
        action: i < 3 ? 'login.success' : 'user.create',
        target: null,
        ip: '127.0.0.1',
        success: true,
        detail: { i },
      });
    }
    const all = await store.auditLog({ limit: 10 });
    expect(all.map((e) => e.ts)).toEqual([4, 3, 2, 1, 0]);
    expect(all[0]?.detail).toEqual({ i: 4 });
    const page = await store.auditLog({ limit: 2, before: all[1]!.id });
    expect(page.map((e) => e.ts)).toEqual([2, 1]);
    expect((await store.auditLog({ limit: 10, action: 'user.create' })).map((e) => e.ts)).toEqual([4, 3]);
    expect((await store.auditLog({ limit: 10, actor: 'bob' })).map((e) => e.ts)).toEqual([3, 1]);
  });
});

describe('openSqliteAuthStore on disk', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tickwatch-auth-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the file readable by its owner only, in a missing directory, and reopens it', async () => {
    const path = join(dir, 'nested', 'auth.db');
    const store = await openSqliteAuthStore({ path });
    await store.createUser({ username: 'alice', role: 'admin', passwordHash: 'h', createdAt: 0 });
    await store.close();
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
    const again = await openSqliteAuthStore({ path });
    expect((await again.userByName('alice'))?.role).toBe('admin');
    await again.close();
  });

  it('refuses the market-data store file with a message naming the conflict', async () => {
    const path = join(dir, 'tickwatch.db');
    await (await openSqliteStore({ path })).close();
    await expect(openSqliteAuthStore({ path })).rejects.toThrow(/incompatible build|open a different store path/);
  });
});
