/** The dashboard plugin behind the real server and authentication hook, on a temporary build. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../../../test/helpers/server.js';
import { pluginWithOptions } from '../server.js';
import { WEB_APP_CSP, webAppPlugin } from './web-app-plugin.js';

const INDEX = '<!doctype html><title>tickwatch</title><script type="module" src="/assets/index-abc.js"></script>';

describe('webAppPlugin', () => {
  let root: string;
  let server: TestServer;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'tickwatch-web-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), INDEX);
    writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
    writeFileSync(join(root, 'favicon.svg'), '<svg/>');
    server = await createTestServer({ plugins: [pluginWithOptions(webAppPlugin, { root })] });
  });

  afterAll(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves index.html at / and at app routes without a session, with the dashboard CSP', async () => {
    for (const url of ['/', '/chart/AAPL?tf=5m', '/anomalies/volume:AAPL:1m:1', '/login']) {
      const response = await server.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.body).toBe(INDEX);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.headers['content-security-policy']).toBe(WEB_APP_CSP);
      expect(response.headers['cache-control']).toBe('no-cache');
    }
    expect(WEB_APP_CSP).not.toContain('unsafe-inline');
  });

  it('serves hashed assets with immutable caching, other files without', async () => {
    const asset = await server.inject({ method: 'GET', url: '/assets/index-abc.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.body).toBe('console.log(1)');
    expect(asset.headers['content-type']).toContain('javascript');
    expect(asset.headers['cache-control']).toContain('immutable');
    const icon = await server.inject({ method: 'GET', url: '/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('answers 404 for a missing asset instead of the page', async () => {
    const response = await server.inject({ method: 'GET', url: '/assets/gone-123.js' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('never serves files outside the build through crafted paths', async () => {
    for (const url of ['/..%2f..%2fetc%2fpasswd', '/assets/..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/etc/passwd']) {
      const response = await server.inject({ method: 'GET', url });
      expect(response.body, url).not.toContain('root:');
      expect(response.body, url).not.toContain('"name"');
    }
  });

  it('leaves the API alone: unknown API paths are JSON 404s, API routes still need a session', async () => {
    const unknown = await server.inject({ method: 'GET', url: '/api/v1/no-such-thing' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { code: 'not_found' } });
    const symbols = await server.inject({ method: 'GET', url: '/api/v1/symbols' });
    expect(symbols.statusCode).toBe(401);
    const docs = await server.inject({ method: 'GET', url: '/docs/json' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toContain('json');
    const session = await server.login('viewer');
    const authed = await server.inject({ method: 'GET', url: '/api/v1/symbols', headers: session.headers });
    expect(authed.statusCode).toBe(200);
  });

  it('says how to build the app when web/dist is missing', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'tickwatch-web-empty-'));
    const unbuilt = await createTestServer({ plugins: [pluginWithOptions(webAppPlugin, { root: empty })] });
    try {
      const response = await unbuilt.inject({ method: 'GET', url: '/' });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({ error: { code: 'unavailable' } });
      expect(response.body).toContain('npm run build:web');
    } finally {
      await unbuilt.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
