/**
 * Test helpers for the HTTP server: a server on real in-memory SQLite stores (market data and
 * auth), a replay clock, one user per role, and helpers to log in or mint API keys. Plugins
 * (WebSocket, metrics) can be passed to test them behind the real authentication hook.
 *
 * Every JSON response is also checked against the route's documented zod response schema;
 * `schemaViolations` lists mismatches so tests can assert the OpenAPI document tells the truth.
 */
import type { FastifyInstance, FastifyPluginAsync, InjectOptions, LightMyRequestResponse } from 'fastify';
import { z } from 'zod';
import { AuthService } from '../../src/auth/auth-service.js';
import type { Role } from '../../src/auth/roles.js';
import { openSqliteAuthStore, type SqliteAuthStore } from '../../src/auth/sqlite/sqlite-auth-store.js';
import { configSchema } from '../../src/config/schema.js';
import { ReplayClock } from '../../src/core/clock.js';
import { CSRF_HEADER } from '../../src/server/authentication.js';
import type { HealthSnapshot } from '../../src/server/health.js';
import { LatestCache } from '../../src/server/latest-cache.js';
import { buildServer, type ServerConfig, type ServerDeps } from '../../src/server/server.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/index.js';

/** 2023-11-14T22:13:20Z */
export const T0 = 1_700_000_000_000_000;
export const FAST_SCRYPT = { N: 1024, r: 8, p: 1 };
export const PASSWORDS: Readonly<Record<Role, string>> = {
  admin: 'admin password 1',
  analyst: 'analyst password 1',
  viewer: 'viewer password 1',
};

export interface Session {
  /** Send as request headers: the session cookie and the CSRF token. */
  readonly headers: { cookie: string; [CSRF_HEADER]: string };
  /** The cookie alone (no CSRF header): for CSRF tests. */
  readonly cookieOnly: { cookie: string };
  readonly csrfToken: string;
}

export interface TestServer {
  readonly app: FastifyInstance;
  readonly store: SqliteStore;
  readonly authStore: SqliteAuthStore;
  readonly auth: AuthService;
  readonly cache: LatestCache;
  readonly clock: ReplayClock;
  health: HealthSnapshot;
  /** Responses whose JSON body did not match the route's documented schema. */
  readonly schemaViolations: string[];
  login(role: Role): Promise<Session>;
  apiKey(role: Role, owner?: Role): Promise<{ authorization: string }>;
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  readonly plugins?: readonly FastifyPluginAsync[];
  readonly timeframes?: readonly string[];
  readonly config?: Partial<ServerConfig>;
  /** Optional run loop dependencies (alerting, intrabar indicators, correlation, stats). */
  readonly deps?: Pick<ServerDeps, 'alerting' | 'peekIndicators' | 'correlation' | 'stats' | 'onLabel'>;
}

export async function createTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const store = await openSqliteStore({ path: ':memory:' });
  const authStore = await openSqliteAuthStore({ path: ':memory:' });
  const clock = new ReplayClock(T0);
  const cache = new LatestCache();
  const config = { ...configSchema.parse({}).server, ...options.config };
  const auth = new AuthService(authStore, clock, { scryptCost: FAST_SCRYPT });
  for (const role of ['admin', 'analyst', 'viewer'] as const) {
    await auth.createUser({ name: 'test', ip: null }, role, role, PASSWORDS[role]);
  }
  const server: Partial<TestServer> & { health: HealthSnapshot; schemaViolations: string[] } = {
    health: { sources: [{ name: 'simulator', status: 'up', lastEventAt: T0 }] },
    schemaViolations: [],
  };
  const app = await buildServer({
    store,
    authStore,
    cache,
    health: () => server.health,
    version: { version: '0.1.0-test', commit: 'abc1234' },
    config,
    timeframes: options.timeframes ?? ['1s', '1m', '5m', '15m', '1h', '1d'],
    clock,
    scryptCost: FAST_SCRYPT,
    plugins: options.plugins ?? [],
    ...options.deps,
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const schemas = request.routeOptions.schema?.response as Record<number, unknown> | undefined;
    const schema = schemas?.[reply.statusCode];
    const type = String(reply.getHeader('content-type') ?? '');
    if (schema instanceof z.ZodType && typeof payload === 'string' && type.startsWith('application/json')) {
      const result = schema.safeParse(JSON.parse(payload));
      if (!result.success) {
        server.schemaViolations.push(
          `${request.method} ${request.url} ${reply.statusCode}: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        );
      }
    }
    return payload;
  });
  await app.ready();

  const login = async (role: Role): Promise<Session> => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: role, password: PASSWORDS[role] },
    });
    if (response.statusCode !== 200) throw new Error(`login as ${role} failed: ${response.body}`);
    const session = response.cookies.find((c) => c.name === 'tw_session');
    const csrfToken = (response.json() as { csrfToken: string }).csrfToken;
    const cookie = `tw_session=${session?.value ?? ''}`;
    return { headers: { cookie, [CSRF_HEADER]: csrfToken }, cookieOnly: { cookie }, csrfToken };
  };
  const apiKey = async (role: Role, owner: Role = role) => {
    const { key } = await auth.createApiKey({ name: 'test', ip: null }, owner, role);
    return { authorization: `Bearer ${key}` };
  };
  return Object.assign(server, {
    app,
    store,
    authStore,
    auth,
    cache,
    clock,
    login,
    apiKey,
    inject: (injectOptions: InjectOptions) => app.inject(injectOptions),
    close: async () => {
      await app.close();
      await store.close();
      await authStore.close();
    },
  }) as TestServer;
}
