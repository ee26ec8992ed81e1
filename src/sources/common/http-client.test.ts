import { afterEach, describe, expect, it } from 'vitest';
import { json, LocalHttpServer, rateLimitedFirst } from '../../../test/sources/http-server.js';
import { CircuitBreaker, CircuitOpenError } from './circuit-breaker.js';
import { HttpClient, HttpError, paginate, parseRetryAfter } from './http-client.js';
import { SecretRedactor } from './mask.js';
import { TokenBucketRateLimiter } from './rate-limiter.js';

const KEY = 'SuperSecretKey123456';
let server: LocalHttpServer | null = null;

afterEach(async () => {
  await server?.stop();
  server = null;
});

function client(overrides: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}): HttpClient {
  return new HttpClient({
    provider: 'test',
    redactor: new SecretRedactor([KEY]),
    backoff: undefined,
    timeoutMs: 500,
    maxRetries: 2,
    ...overrides,
  });
}

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('2', 0)).toBe(2_000);
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:00:05 GMT', 1_000)).toBe(4_000);
    expect(parseRetryAfter(null, 0)).toBeNaN();
    expect(parseRetryAfter('soon', 0)).toBeNaN();
  });
});

describe('HttpClient against a local server', () => {
  it('waits for Retry-After on 429, then succeeds', async () => {
    server = await LocalHttpServer.start();
    server.route(
      '/data',
      rateLimitedFirst(1, '1', (_req, res) => json(res, 200, { ok: true })),
    );
    const http = client();
    const started = Date.now();
    expect(await http.getJson(`${server.url}/data`)).toEqual({ ok: true });
    const [first, second] = server.requests;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(990);
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
    expect(http.stats).toEqual({ requests: 2, retries: 1, rateLimited: 1 });
  });

  it('gives up when Retry-After is longer than it will wait, with the key masked', async () => {
    server = await LocalHttpServer.start();
    server.route(
      '/data',
      rateLimitedFirst(5, '3600', (_req, res) => json(res, 200, {})),
    );
    const error = await client()
      .getJson(`${server.url}/data?apiKey=${KEY}`)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(429);
    expect((error as HttpError).message).toMatch(/exceeds/);
    expect((error as HttpError).message).not.toContain(KEY);
    expect((error as HttpError).message).toContain('Supe…3456');
  });

  it('retries 5xx, fails fast on 4xx, and rejects non-JSON bodies', async () => {
    server = await LocalHttpServer.start();
    let calls = 0;
    server.route('/flaky', (_req, res) => (++calls < 2 ? json(res, 502, 'bad gateway') : json(res, 200, [1])));
    server.route('/forbidden', (_req, res) => json(res, 403, { message: 'plan does not include this' }));
    server.route('/html', (_req, res) => json(res, 200, '<html>'));
    const http = client({ backoff: undefined });
    expect(await http.getJson(`${server.url}/flaky`)).toEqual([1]);
    await expect(http.getJson(`${server.url}/forbidden`)).rejects.toThrow(/HTTP 403 \(check the API key/);
    await expect(http.getJson(`${server.url}/html`)).rejects.toThrow(/not JSON/);
  });

  it('times out slow responses and opens the circuit after repeated failures', async () => {
    server = await LocalHttpServer.start();
    server.route('/slow', (_req, res) => setTimeout(() => json(res, 200, {}), 1_000));
    const breaker = new CircuitBreaker('test', { failureThreshold: 1, openMs: 60_000 });
    const http = client({ timeoutMs: 50, maxRetries: 0, circuitBreaker: breaker });
    await expect(http.getJson(`${server.url}/slow`)).rejects.toThrow(/timed out/);
    await expect(http.getJson(`${server.url}/slow`)).rejects.toThrow(CircuitOpenError);
  });

  it('paces requests with the rate limiter', async () => {
    server = await LocalHttpServer.start();
    server.route('/', (_req, res) => json(res, 200, {}));
    const http = client({ rateLimiter: new TokenBucketRateLimiter({ ratePerSecond: 20, capacity: 1 }) });
    const started = Date.now();
    for (let i = 0; i < 3; i++) await http.getJson(`${server.url}/`);
    // Measured on the client: the first request's connection set-up delays its arrival at the server.
    expect(Date.now() - started).toBeGreaterThanOrEqual(95); // 2 waits of 50 ms
    expect(server.requests).toHaveLength(3);
  });
});

describe('paginate', () => {
  it('follows cursors to the end, and stops on a cursor loop or too many pages', async () => {
    const pages: Record<string, { items: number[]; next: string | null }> = {
      first: { items: [1, 2], next: 'b' },
      b: { items: [3], next: 'c' },
      c: { items: [4], next: null },
    };
    const all: number[] = [];
    for await (const page of paginate('t', async (cursor) => pages[cursor ?? 'first']!)) all.push(...page);
    expect(all).toEqual([1, 2, 3, 4]);

    const loop = paginate('t', async (cursor) => ({ items: [cursor], next: cursor === null ? 'x' : 'x' }));
    await expect(async () => {
      for await (const _ of loop) void _;
    }).rejects.toThrow(/cursor repeated/);

    let n = 0;
    const endless = paginate('t', async () => ({ items: [n], next: String(++n) }), { maxPages: 5 });
    await expect(async () => {
      for await (const _ of endless) void _;
    }).rejects.toThrow(/after 5 pages/);
  });
});
