import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestServer, type TestServer } from '../../test/helpers/server.js';
import { ERROR_CATALOGUE } from './errors.js';
import { pluginWithOptions } from './server.js';

type OpenApiDocument = {
  openapi: string;
  info: { version: string };
  paths: Record<string, Record<string, { security?: unknown[]; responses?: Record<string, unknown> }>>;
  components: { securitySchemes: Record<string, unknown> };
};

/** Routes that answer without credentials. */
const PUBLIC = new Set(['GET /health/live', 'GET /health/ready', 'POST /api/v1/auth/login', 'GET /plugin/open']);

/** A plugin as the WebSocket/metrics plugins will be: registered through ServerDeps.plugins. */
const examplePlugin: FastifyPluginAsync = async (app) => {
  app.get('/plugin/data', async (request) => ({ user: request.principal?.username ?? null }));
  app.get('/plugin/admin', { config: { minimumRole: 'admin' } }, async () => ({ ok: true }));
  app.get('/plugin/open', { config: { public: true } }, async () => ({ open: true }));
  app.get(
    '/plugin/mismatch',
    { config: { public: true }, schema: { hide: true, response: { 200: z.object({ n: z.number() }) } } },
    async () => ({ n: 'not a number' }),
  );
};

describe('buildServer', () => {
  let server: TestServer;
  let document: OpenApiDocument;

  beforeAll(async () => {
    server = await createTestServer({ plugins: [examplePlugin] });
    document = (await server.inject({ method: 'GET', url: '/docs/json' })).json();
  });
  afterAll(async () => {
    expect(server.schemaViolations).toEqual([]);
    await server.close();
  });

  const documentedRoutes = () =>
    Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => ({
        method: method.toUpperCase(),
        path,
        url: path.replace('{symbol}', 'AAPL').replace('{id}', '1').replace('{username}', 'viewer'),
      })),
    );

  describe('OpenAPI document and /docs', () => {
    it('serves an OpenAPI 3 document listing every REST route, with both auth schemes', () => {
      expect(document.openapi).toMatch(/^3\./);
      expect(document.info.version).toBe('0.1.0-test');
      expect(Object.keys(document.components.securitySchemes).sort()).toEqual(['apiKey', 'session']);
      const routes = documentedRoutes().map((r) => `${r.method} ${r.path}`);
      for (const expected of [
        'GET /api/v1/symbols',
        'GET /api/v1/latest/{symbol}',
        'GET /api/v1/ticks/{symbol}',
        'GET /api/v1/quotes/{symbol}',
        'GET /api/v1/bars/{symbol}',
        'GET /api/v1/aggregated/{symbol}',
        'GET /api/v1/indicators/{symbol}',
        'GET /api/v1/anomalies',
        'GET /api/v1/signals',
        'GET /api/v1/labels',
        'POST /api/v1/labels',
        'PATCH /api/v1/labels/{id}',
        'DELETE /api/v1/labels/{id}',
        'GET /api/v1/labels/export',
        'GET /api/v1/quarantine',
        'GET /api/v1/quarantine/counts',
        'GET /api/v1/version',
        'GET /health/live',
        'GET /health/ready',
        'POST /api/v1/auth/login',
        'POST /api/v1/auth/logout',
        'GET /api/v1/auth/me',
        'POST /api/v1/auth/password',
        'GET /api/v1/users',
        'POST /api/v1/users',
        'PATCH /api/v1/users/{username}',
        'DELETE /api/v1/users/{username}',
        'GET /api/v1/apikeys',
        'POST /api/v1/apikeys',
        'DELETE /api/v1/apikeys/{id}',
        'GET /api/v1/audit',
      ]) {
        expect(routes, expected).toContain(expected);
      }
    });

    it('documents public routes with no security requirement and errors with the shared shape', () => {
      expect(document.paths['/health/ready']?.['get']?.security).toEqual([]);
      expect(document.paths['/api/v1/auth/login']?.['post']?.security).toEqual([]);
      expect(document.paths['/api/v1/symbols']?.['get']?.security).toBeUndefined(); // the global requirement
      expect(Object.keys(document.paths['/api/v1/ticks/{symbol}']?.['get']?.responses ?? {}).sort()).toEqual([
        '200',
        '400',
        '401',
        '403',
        '404',
      ]);
    });

    it('serves Swagger UI at /docs from local assets, without credentials', async () => {
      const page = await server.inject({ method: 'GET', url: '/docs/' });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.body).not.toMatch(/https?:\/\/(?!localhost)/); // no CDN
      const scripts = [...page.body.matchAll(/src="([^"]+)"/g)].map((m) => m[1]!);
      expect(scripts.length).toBeGreaterThan(0);
      for (const script of scripts) {
        const url = new URL(script, 'http://localhost/docs/').pathname;
        const asset = await server.inject({ method: 'GET', url });
        expect(asset.statusCode, url).toBe(200);
      }
      expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    });
  });

  describe('authentication everywhere', () => {
    it('answers 401 with the error shape on every documented route without credentials, except the public ones', async () => {
      let checked = 0;
      for (const route of documentedRoutes()) {
        const key = `${route.method} ${route.path}`;
        const response = await server.inject({
          method: route.method as 'GET',
          url: route.url,
          payload: route.method === 'GET' || route.method === 'DELETE' ? undefined : {},
        });
        if (PUBLIC.has(key)) {
          expect(response.statusCode, key).not.toBe(401);
          continue;
        }
        checked++;
        expect(response.statusCode, key).toBe(401);
        expect(response.json().error.code, key).toBe('unauthorized');
        expect(response.headers['www-authenticate'], key).toBe('Bearer realm="tickwatch"');
      }
      expect(checked).toBeGreaterThan(25);
    });

    it('also guards the /api/signals alias, unknown routes and plugin routes', async () => {
      for (const url of ['/api/signals', '/api/v1/nope', '/nope', '/plugin/data', '/plugin/admin']) {
        const response = await server.inject({ method: 'GET', url });
        expect(response.statusCode, url).toBe(401);
      }
    });

    it('registers plugins that take options through pluginWithOptions', async () => {
      const withOptions = await createTestServer({
        plugins: [
          pluginWithOptions(
            async (app: FastifyInstance, options: { greeting: string }) => {
              app.get('/greeting', async () => ({ greeting: options.greeting }));
            },
            { greeting: 'hello' },
          ),
        ],
      });
      expect((await withOptions.inject({ method: 'GET', url: '/greeting' })).statusCode).toBe(401);
      const response = await withOptions.inject({
        method: 'GET',
        url: '/greeting',
        headers: await withOptions.apiKey('viewer'),
      });
      expect(response.json()).toEqual({ greeting: 'hello' });
      await withOptions.close();
    });

    it('lets plugins use the principal, the minimumRole and the public flag', async () => {
      const viewer = await server.apiKey('viewer');
      expect((await server.inject({ method: 'GET', url: '/plugin/data', headers: viewer })).json()).toEqual({
        user: 'viewer',
      });
      expect((await server.inject({ method: 'GET', url: '/plugin/admin', headers: viewer })).statusCode).toBe(403);
      const admin = await server.apiKey('admin');
      expect((await server.inject({ method: 'GET', url: '/plugin/admin', headers: admin })).statusCode).toBe(200);
      expect((await server.inject({ method: 'GET', url: '/plugin/open' })).json()).toEqual({ open: true });
    });

    it('refuses malformed or unknown credentials with advice', async () => {
      const basic = await server.inject({
        method: 'GET',
        url: '/api/v1/symbols',
        headers: { authorization: 'Basic YWJjOmRlZg==' },
      });
      expect(basic.statusCode).toBe(401);
      expect(basic.json().error.message).toMatch(/Bearer/);
      const unknownKey = await server.inject({
        method: 'GET',
        url: '/api/v1/symbols',
        headers: { authorization: `Bearer tw_${'x'.repeat(43)}` },
      });
      expect(unknownKey.statusCode).toBe(401);
      expect(unknownKey.json().error.message).toMatch(/not valid or was revoked/);
      const badCookie = await server.inject({
        method: 'GET',
        url: '/api/v1/symbols',
        headers: { cookie: 'tw_session=forged' },
      });
      expect(badCookie.statusCode).toBe(401);
      expect(badCookie.json().error.message).toMatch(/log in again/);
      expect(badCookie.cookies.find((c) => c.name === 'tw_session')?.value).toBe(''); // cleared
    });
  });

  it('the test helper catches responses that do not match their documented schema', async () => {
    await server.inject({ method: 'GET', url: '/plugin/mismatch' });
    expect(server.schemaViolations).toEqual([expect.stringMatching(/^GET \/plugin\/mismatch 200: n: /)]);
    server.schemaViolations.length = 0;
  });

  describe('security headers', () => {
    it('are on every response: success, error, public, docs', async () => {
      const viewer = await server.apiKey('viewer');
      const responses = [
        await server.inject({ method: 'GET', url: '/api/v1/symbols', headers: viewer }),
        await server.inject({ method: 'GET', url: '/api/v1/symbols' }),
        await server.inject({ method: 'GET', url: '/health/live' }),
        await server.inject({ method: 'GET', url: '/docs/json' }),
        await server.inject({ method: 'GET', url: '/nope', headers: viewer }),
      ];
      for (const response of responses) {
        expect(response.headers['x-content-type-options']).toBe('nosniff');
        expect(response.headers['x-frame-options']).toBe('DENY');
        expect(response.headers['referrer-policy']).toBe('no-referrer');
        expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      }
      expect(responses[0]?.headers['cache-control']).toBe('no-store');
      expect(responses[0]?.headers['content-security-policy']).toContain("default-src 'self'");
    });
  });

  describe('errors', () => {
    it('every catalogue code has a distinct meaning and a 4xx/5xx status', () => {
      for (const [code, entry] of Object.entries(ERROR_CATALOGUE)) {
        expect(entry.status, code).toBeGreaterThanOrEqual(400);
        expect(entry.meaning.length, code).toBeGreaterThan(10);
      }
    });

    it('unknown routes get not_found pointing at /docs', async () => {
      const response = await server.inject({
        method: 'GET',
        url: '/api/v1/nope?x=1',
        headers: await server.apiKey('viewer'),
      });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({
        error: { code: 'not_found', message: 'no route GET /api/v1/nope: the endpoints are listed at /docs' },
      });
    });

    it('bad JSON and wrong content types are invalid_request / unsupported_media_type', async () => {
      const headers = await server.apiKey('analyst');
      const badJson = await server.inject({
        method: 'POST',
        url: '/api/v1/labels',
        headers: { ...headers, 'content-type': 'application/json' },
        payload: '{"symbol": ',
      });
      expect(badJson.statusCode).toBe(400);
      expect(badJson.json().error.code).toBe('invalid_request');
      const text = await server.inject({
        method: 'POST',
        url: '/api/v1/labels',
        headers: { ...headers, 'content-type': 'text/plain' },
        payload: 'hello',
      });
      expect(text.statusCode).toBe(415);
      expect(text.json().error.code).toBe('unsupported_media_type');
    });

    it('validation errors list each problem with where it is', async () => {
      const response = await server.inject({
        method: 'GET',
        url: '/api/v1/ticks/AAPL?limit=20000&order=sideways',
        headers: await server.apiKey('viewer'),
      });
      expect(response.statusCode).toBe(400);
      const error = response.json().error;
      expect(error.code).toBe('invalid_request');
      expect(error.details.map((d: { where: string }) => d.where).sort()).toEqual([
        'querystring.limit',
        'querystring.order',
      ]);
      expect(error.message).toMatch(/querystring\.limit/);
    });

    it('too large bodies are payload_too_large', async () => {
      const response = await server.inject({
        method: 'POST',
        url: '/api/v1/labels',
        headers: { ...(await server.apiKey('analyst')), 'content-type': 'application/json' },
        payload: JSON.stringify({ note: 'x'.repeat(300 * 1024) }),
      });
      expect(response.statusCode).toBe(413);
      expect(response.json().error.code).toBe('payload_too_large');
    });
  });
});
