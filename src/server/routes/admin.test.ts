import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { T0, createTestServer, type Session, type TestServer } from '../../../test/helpers/server.js';

describe('admin routes', () => {
  let server: TestServer;
  let admin: Session;

  beforeAll(async () => {
    server = await createTestServer();
    admin = await server.login('admin');
  });
  afterAll(async () => {
    expect(server.schemaViolations).toEqual([]);
    await server.close();
  });

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers = admin.headers) =>
    server.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  it('only admins reach them (403 for analysts and viewers, by session or key)', async () => {
    const analyst = await server.login('analyst');
    const viewerKey = await server.apiKey('viewer');
    for (const [method, url] of [
      ['GET', '/api/v1/users'],
      ['POST', '/api/v1/users'],
      ['PATCH', '/api/v1/users/viewer'],
      ['DELETE', '/api/v1/users/viewer'],
      ['GET', '/api/v1/apikeys'],
      ['POST', '/api/v1/apikeys'],
      ['DELETE', '/api/v1/apikeys/1'],
      ['GET', '/api/v1/audit'],
    ] as const) {
      for (const headers of [analyst.headers, viewerKey]) {
        const response = await server.inject({
          method,
          url,
          headers,
          ...(method === 'POST' || method === 'PATCH' ? { payload: {} } : {}),
        });
        expect(response.statusCode, `${method} ${url}`).toBe(403);
        expect(response.json().error.code).toBe('forbidden');
      }
    }
  });

  it('an admin key scoped to viewer is a viewer here', async () => {
    const scoped = await server.apiKey('viewer', 'admin');
    expect((await server.inject({ method: 'GET', url: '/api/v1/users', headers: scoped })).statusCode).toBe(403);
  });

  describe('users', () => {
    it('lists users without any password hash', async () => {
      const response = await call('GET', '/api/v1/users');
      expect(response.statusCode).toBe(200);
      expect(response.json().data.map((u: { username: string; role: string }) => [u.username, u.role])).toEqual([
        ['admin', 'admin'],
        ['analyst', 'analyst'],
        ['viewer', 'viewer'],
      ]);
      expect(response.body).not.toMatch(/scrypt|passwordHash/);
      expect(response.json().data[0].lastLoginAt).toBe(T0);
    });

    it('adds a user (201), refuses duplicates (409) and weak passwords (400)', async () => {
      const created = await call('POST', '/api/v1/users', {
        username: 'Dana',
        role: 'analyst',
        password: 'dana password 1',
      });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ username: 'dana', role: 'analyst', lastLoginAt: null });
      const duplicate = await call('POST', '/api/v1/users', {
        username: 'dana',
        role: 'viewer',
        password: 'dana password 2',
      });
      expect(duplicate.statusCode).toBe(409);
      expect(duplicate.json().error.code).toBe('conflict');
      const weak = await call('POST', '/api/v1/users', { username: 'erin', role: 'viewer', password: 'short' });
      expect(weak.statusCode).toBe(400);
      const badRole = await call('POST', '/api/v1/users', {
        username: 'erin',
        role: 'god',
        password: 'erin password 1',
      });
      expect(badRole.statusCode).toBe(400);
      const login = await server.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'dana', password: 'dana password 1' },
      });
      expect(login.statusCode).toBe(200);
    });

    it('changes roles and passwords, audited with the acting admin', async () => {
      const promoted = await call('PATCH', '/api/v1/users/dana', { role: 'admin' });
      expect(promoted.statusCode).toBe(200);
      expect(promoted.json().role).toBe('admin');
      const reset = await call('PATCH', '/api/v1/users/dana', { password: 'dana password 3' });
      expect(reset.statusCode).toBe(200);
      expect(reset.json().role).toBe('admin');
      expect((await call('PATCH', '/api/v1/users/dana', {})).statusCode).toBe(400);
      expect((await call('PATCH', '/api/v1/users/nobody', { role: 'viewer' })).statusCode).toBe(404);
      const entries = await server.authStore.auditLog({ limit: 2 });
      expect(entries.map((e) => [e.action, e.actor, e.target])).toEqual([
        ['user.password_change', 'admin', 'dana'],
        ['user.role_change', 'admin', 'dana'],
      ]);
      expect(entries[0]?.ip).toBe('127.0.0.1');
    });

    it('removes users (204, 404 after) but never the last admin (409)', async () => {
      expect((await call('DELETE', '/api/v1/users/dana')).statusCode).toBe(204);
      expect((await call('DELETE', '/api/v1/users/dana')).statusCode).toBe(404);
      const last = await call('DELETE', '/api/v1/users/admin');
      expect(last.statusCode).toBe(409);
      expect(last.json().error.message).toMatch(/only admin/);
      const demote = await call('PATCH', '/api/v1/users/admin', { role: 'viewer' });
      expect(demote.statusCode).toBe(409);
    });
  });

  describe('API keys', () => {
    it('creates a key shown once, usable at once, listed masked, revocable', async () => {
      const created = await call('POST', '/api/v1/apikeys', { username: 'analyst', role: 'viewer', name: 'grafana' });
      expect(created.statusCode).toBe(201);
      const { key, id, masked } = created.json();
      expect(key).toMatch(/^tw_[A-Za-z0-9_-]{43}$/);
      expect(masked).toBe(`tw_${key.slice(3, 7)}…${key.slice(-4)}`);
      const authorization = `Bearer ${key}`;
      const asKey = await server.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization } });
      expect(asKey.json().user).toEqual({ username: 'analyst', role: 'viewer' });

      const listed = await call('GET', '/api/v1/apikeys');
      expect(listed.body).not.toContain(key);
      const entry = listed.json().data.find((k: { id: number }) => k.id === id);
      expect(entry).toMatchObject({ username: 'analyst', role: 'viewer', name: 'grafana', masked, revokedAt: null });
      expect(entry.lastUsedAt).toBe(T0);

      const revoked = await call('DELETE', `/api/v1/apikeys/${id}`);
      expect(revoked.statusCode).toBe(200);
      expect(revoked.json().revokedAt).toBe(T0);
      const after = await server.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization } });
      expect(after.statusCode).toBe(401);
      expect((await call('DELETE', '/api/v1/apikeys/99999')).statusCode).toBe(404);
      expect((await call('DELETE', '/api/v1/apikeys/abc')).statusCode).toBe(400);
    });

    it('refuses a key above its owner’s role and keys for unknown users', async () => {
      const tooHigh = await call('POST', '/api/v1/apikeys', { username: 'viewer', role: 'admin' });
      expect(tooHigh.statusCode).toBe(400);
      expect(tooHigh.json().error.message).toMatch(/more rights than its owner/);
      expect((await call('POST', '/api/v1/apikeys', { username: 'ghost', role: 'viewer' })).statusCode).toBe(404);
    });
  });

  describe('audit log', () => {
    it('lists entries newest first, filters by action and actor, pages with next', async () => {
      const all = (await call('GET', '/api/v1/audit?limit=1000')).json();
      expect(all.data.length).toBeGreaterThan(10);
      expect(all.data[0].id).toBeGreaterThan(all.data[1].id);
      const logins = (await call('GET', '/api/v1/audit?action=login.success')).json();
      expect(logins.data.every((e: { action: string }) => e.action === 'login.success')).toBe(true);
      expect(logins.data[0]).toMatchObject({ tsIso: '2023-11-14T22:13:20.000Z', success: true });
      const page1 = (await call('GET', '/api/v1/audit?actor=admin&limit=2')).json();
      const page2 = (await call('GET', `/api/v1/audit?actor=admin&limit=2&cursor=${page1.next}`)).json();
      expect(page1.data.map((e: { id: number }) => e.id)).toEqual(
        all.data
          .filter((e: { actor: string }) => e.actor === 'admin')
          .slice(0, 2)
          .map((e: { id: number }) => e.id),
      );
      expect(page2.data[0].id).toBeLessThan(page1.data[1].id);
      expect((await call('GET', '/api/v1/audit?action=everything')).statusCode).toBe(400);
    });
  });
});
