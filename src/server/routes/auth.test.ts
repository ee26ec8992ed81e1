import type { FastifyPluginAsync } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PASSWORDS, T0, createTestServer, type TestServer } from '../../../test/helpers/server.js';

const MINUTE = 60_000_000;

const socketLike: FastifyPluginAsync = async (app) => {
  app.get('/stream', async () => ({ upgraded: true }));
};

describe('auth routes', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await createTestServer({ plugins: [socketLike] });
  });
  afterEach(async () => {
    expect(server.schemaViolations).toEqual([]);
    await server.close();
  });

  const login = (username: string, password: string, headers: Record<string, string> = {}) =>
    server.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, headers });
  const me = (headers: Record<string, string>) => server.inject({ method: 'GET', url: '/api/v1/auth/me', headers });

  describe('POST /api/v1/auth/login', () => {
    it('sets an HttpOnly SameSite=Strict session cookie and a readable CSRF cookie, and returns the token', async () => {
      const response = await login('analyst', PASSWORDS.analyst);
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body).toEqual({
        user: { username: 'analyst', role: 'analyst' },
        via: 'session',
        csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        expiresAt: T0 + 30 * MINUTE,
        expiresAtIso: '2023-11-14T22:43:20.000Z',
      });
      const session = response.cookies.find((c) => c.name === 'tw_session')!;
      const csrf = response.cookies.find((c) => c.name === 'tw_csrf')!;
      expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/', maxAge: 12 * 3600 });
      expect(session.secure).toBeUndefined();
      expect(session.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(csrf).toMatchObject({ value: body.csrfToken, sameSite: 'Strict', path: '/' });
      expect(csrf.httpOnly).toBeUndefined();
    });

    it('marks cookies Secure when configured for HTTPS', async () => {
      const secure = await createTestServer({ config: { secureCookies: true } });
      const response = await secure.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'viewer', password: PASSWORDS.viewer },
      });
      expect(response.cookies.every((c) => c.secure === true)).toBe(true);
      await secure.close();
    });

    it('401s a wrong password or an unknown user with the same message', async () => {
      const wrong = await login('analyst', 'not the password');
      const unknown = await login('mallory', 'not the password');
      expect(wrong.statusCode).toBe(401);
      expect(unknown.statusCode).toBe(401);
      expect(wrong.json()).toEqual(unknown.json());
      expect(wrong.json().error).toEqual({
        code: 'unauthorized',
        message: 'wrong user name or password: check both and try again',
      });
      expect(wrong.cookies).toEqual([]);
    });

    it('400s a malformed body', async () => {
      const response = await server.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'x' } });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.details[0].where).toBe('body.password');
    });

    it('locks the account after 5 failures (429 + Retry-After, even with the right password) until the lockout ends', async () => {
      for (let i = 0; i < 4; i++) expect((await login('viewer', `wrong password ${i}`)).statusCode).toBe(401);
      const locking = await login('viewer', 'wrong password 5');
      expect(locking.statusCode).toBe(429);
      expect(locking.headers['retry-after']).toBe('900');
      expect(locking.json().error.message).toMatch(/locked, try again in 15 minutes/);
      server.clock.advanceTo(T0 + 14 * MINUTE);
      const stillLocked = await login('viewer', PASSWORDS.viewer);
      expect(stillLocked.statusCode).toBe(429);
      expect(stillLocked.headers['retry-after']).toBe('60');
      server.clock.advanceTo(T0 + 15 * MINUTE);
      expect((await login('viewer', PASSWORDS.viewer)).statusCode).toBe(200);
      const actions = (await server.authStore.auditLog({ limit: 3 })).map((e) => e.action);
      expect(actions).toEqual(['login.success', 'login.locked', 'account.locked']);
    });

    it('rate-limits attempts per client address', async () => {
      const limited = await createTestServer({ config: { loginRateLimitPerMinute: 3 } });
      const attempt = (ip: string) =>
        limited.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: 'viewer', password: PASSWORDS.viewer },
          remoteAddress: ip,
        });
      for (let i = 0; i < 3; i++) expect((await attempt('192.0.2.1')).statusCode).toBe(200);
      const refused = await attempt('192.0.2.1');
      expect(refused.statusCode).toBe(429);
      expect(refused.headers['retry-after']).toBe('20');
      expect(refused.json().error.message).toMatch(/too many login attempts from your address/);
      expect((await attempt('192.0.2.2')).statusCode).toBe(200);
      await limited.close();
    });
  });

  describe('sessions', () => {
    it('GET /api/v1/auth/me shows the caller, the CSRF token for sessions and none for API keys', async () => {
      const session = await server.login('admin');
      expect((await me(session.cookieOnly)).json()).toMatchObject({
        user: { username: 'admin', role: 'admin' },
        via: 'session',
        csrfToken: session.csrfToken,
      });
      expect((await me(await server.apiKey('viewer', 'admin'))).json()).toEqual({
        user: { username: 'admin', role: 'viewer' },
        via: 'api_key',
        csrfToken: null,
        expiresAt: null,
        expiresAtIso: null,
      });
    });

    it('expires after 30 idle minutes and after 12 hours in any case (clock injected)', async () => {
      const session = await server.login('viewer');
      server.clock.advanceTo(T0 + 29 * MINUTE);
      expect((await me(session.cookieOnly)).statusCode).toBe(200);
      server.clock.advanceTo(T0 + 59 * MINUTE); // 30 idle minutes since the last request
      const expired = await me(session.cookieOnly);
      expect(expired.statusCode).toBe(401);
      expect(expired.json().error.message).toMatch(/session has expired or ended: log in again/);

      const busy = await server.login('viewer');
      for (let minutes = 80; minutes < 59 + 12 * 60; minutes += 20) {
        server.clock.advanceTo(T0 + minutes * MINUTE);
        expect((await me(busy.cookieOnly)).statusCode, `${minutes} min`).toBe(200);
      }
      server.clock.advanceTo(T0 + (59 + 12 * 60) * MINUTE);
      expect((await me(busy.cookieOnly)).statusCode).toBe(401);
    });

    it('logout needs the CSRF token, ends the session and clears the cookies', async () => {
      const session = await server.login('analyst');
      const withoutToken = await server.inject({
        method: 'POST',
        url: '/api/v1/auth/logout',
        headers: session.cookieOnly,
      });
      expect(withoutToken.statusCode).toBe(403);
      expect(withoutToken.json().error.code).toBe('csrf_failed');
      const response = await server.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: session.headers });
      expect(response.statusCode).toBe(204);
      expect(response.cookies.map((c) => [c.name, c.value])).toEqual([
        ['tw_session', ''],
        ['tw_csrf', ''],
      ]);
      expect((await me(session.cookieOnly)).statusCode).toBe(401);
    });

    it('a stale cookie does not block logging in again', async () => {
      const response = await login('viewer', PASSWORDS.viewer, { cookie: 'tw_session=stale' });
      expect(response.statusCode).toBe(200);
    });

    it('refuses a cross-site WebSocket upgrade made with the session cookie', async () => {
      const session = await server.login('viewer');
      const upgrade = { ...session.cookieOnly, connection: 'upgrade', upgrade: 'websocket', host: 'localhost:8080' };
      const crossSite = await server.inject({
        method: 'GET',
        url: '/stream',
        headers: { ...upgrade, origin: 'https://evil.example' },
      });
      expect(crossSite.statusCode).toBe(403);
      expect(crossSite.json().error.code).toBe('csrf_failed');
      const sameSite = await server.inject({
        method: 'GET',
        url: '/stream',
        headers: { ...upgrade, origin: 'http://localhost:8080' },
      });
      expect(sameSite.statusCode).toBe(200);
    });
  });

  describe('POST /api/v1/auth/password', () => {
    it('needs the current password, keeps this session and ends the others', async () => {
      const current = await server.login('analyst');
      const other = await server.login('analyst');
      const change = (currentPassword: string, newPassword: string) =>
        server.inject({
          method: 'POST',
          url: '/api/v1/auth/password',
          headers: current.headers,
          payload: { currentPassword, newPassword },
        });
      const wrong = await change('not it at all', 'a brand new password');
      expect(wrong.statusCode).toBe(403);
      expect(wrong.json().error.message).toMatch(/current password is wrong/);
      const weak = await change(PASSWORDS.analyst, 'short');
      expect(weak.statusCode).toBe(400);
      expect(weak.json().error.message).toMatch(/at least 12 characters/);
      expect((await change(PASSWORDS.analyst, 'a brand new password')).statusCode).toBe(204);
      expect((await me(current.cookieOnly)).statusCode).toBe(200);
      expect((await me(other.cookieOnly)).statusCode).toBe(401);
      expect((await login('analyst', PASSWORDS.analyst)).statusCode).toBe(401);
      expect((await login('analyst', 'a brand new password')).statusCode).toBe(200);
    });
  });
});
