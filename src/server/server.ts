/**
 * The HTTP server: REST API under /api/v1, health probes, OpenAPI docs at /docs, and whatever
 * plugins the caller adds (WebSocket, metrics, dashboard), all behind one authentication hook.
 *
 * Request parameters are validated by zod (fastify-type-provider-zod). Response schemas document
 * the API in OpenAPI and are checked by the tests, but responses are serialised with plain
 * JSON.stringify: zod's encode costs ~3× the stringify on 10,000-row pages, and each route maps
 * rows to its documented shape explicitly (so nothing unlisted, like a hash, can leak).
 */
import fastifyCookie from '@fastify/cookie';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyPluginAsync,
  type FastifyPluginOptions,
} from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { AuthService, authPolicyFrom } from '../auth/auth-service.js';
import type { AuthStore } from '../auth/auth-store.js';
import type { ScryptCost } from '../auth/password.js';
import type { TickwatchConfig } from '../config/schema.js';
import type { Clock } from '../core/clock.js';
import type { Label } from '../core/events.js';
import { LiveClock } from '../runtime/live-clock.js';
import type { Store } from '../store/store.js';
import { installAuthentication } from './authentication.js';
import { installErrorHandling } from './errors.js';
import type { HealthProvider } from './health.js';
import type { LatestCache } from './latest-cache.js';
import { registerOpenApi } from './openapi.js';
import { adminRoutes } from './routes/admin.js';
import { anomalyRoutes } from './routes/anomalies.js';
import { authRoutes } from './routes/auth.js';
import { labelRoutes } from './routes/labels.js';
import { marketRoutes } from './routes/market.js';
import { quarantineRoutes } from './routes/quarantine.js';
import { alertRoutes } from './routes/alerts.js';
import { analyticsRoutes } from './routes/analytics.js';
import type {
  AlertingApi,
  CorrelationProvider,
  PeekIndicators,
  RouteDeps,
  SystemStatsProvider,
  VersionInfo,
} from './routes/route-deps.js';
import { signalRoutes } from './routes/signals.js';
import { systemStatsRoutes } from './routes/system-stats.js';
import { healthRoutes, versionRoutes } from './routes/system.js';
import { installSecurityHeaders } from './security-headers.js';

export type ServerConfig = TickwatchConfig['server'];

export interface ServerDeps {
  readonly store: Store;
  readonly authStore: AuthStore;
  /** Fed by the run loop with every pipeline event (`cache.observe(event)`). */
  readonly cache: LatestCache;
  readonly health: HealthProvider;
  readonly version: VersionInfo;
  /** The `server` configuration section (bind address, port, session and lockout policy, cookies). */
  readonly config: ServerConfig;
  /** Timeframes the pipeline builds (`config.pipeline.timeframes`); bar requests for others get a 400. */
  readonly timeframes?: readonly string[];
  /** Request logs go here (a child `server` logger): the run loop's pino logger, or Fastify's; none if absent. */
  readonly logger?: Logger | FastifyBaseLogger;
  /**
   * Registered after authentication, so every route they add (WebSocket, metrics) needs a
   * session or API key unless it sets `config: { public: true }`; `config: { minimumRole }` raises the bar.
   */
  readonly plugins?: readonly FastifyPluginAsync[];
  /** Time for sessions, lockouts and label timestamps; default the wall clock. Tests inject one. */
  readonly clock?: Clock;
  /** Password hashing cost for users created through the API; tests lower it. */
  readonly scryptCost?: ScryptCost;
  /** The run loop's `Alerting` (channels and outbox) for /api/v1/alerts/*; absent: those answer 503. */
  readonly alerting?: AlertingApi;
  /** `(symbol, timeframe) => pipeline.peekIndicators(symbol, timeframe)`: intrabar values in /indicators/:symbol. */
  readonly peekIndicators?: PeekIndicators;
  /** The latest correlation matrix of a timeframe, for /api/v1/correlation; absent: 404. */
  readonly correlation?: CorrelationProvider;
  /** Run loop figures for /api/v1/system/stats (ticks/s, events, WebSocket, store writes, latency). */
  readonly stats?: SystemStatsProvider;
  /** After a label is created or changed: `feedLabelToPipeline` (ensemble feedback); a failure is logged, not answered. */
  readonly onLabel?: (label: Label) => Promise<unknown>;
}

/** Largest accepted request body (labels and logins are small). */
const BODY_LIMIT = 256 * 1024;

export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const clock = deps.clock ?? new LiveClock();
  const app = Fastify({
    ...(deps.logger
      ? { loggerInstance: deps.logger.child({ component: 'server' }) as FastifyBaseLogger }
      : { logger: false }),
    trustProxy: deps.config.trustProxy,
    bodyLimit: BODY_LIMIT,
    // Ids for log correlation; never echoed from a client header.
    requestIdHeader: false,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  // Bodies are JSON only: anything else gets a clear 415 rather than a confusing schema error.
  app.removeContentTypeParser('text/plain');

  const auth = new AuthService(deps.authStore, clock, {
    policy: authPolicyFrom(deps.config),
    ...(deps.scryptCost ? { scryptCost: deps.scryptCost } : {}),
  });
  const routeDeps: RouteDeps = {
    store: deps.store,
    auth,
    cache: deps.cache,
    health: deps.health,
    version: deps.version,
    timeframes: deps.timeframes ?? [],
    clock,
    secureCookies: deps.config.secureCookies,
    startedAt: clock.now(),
    alerting: deps.alerting,
    peekIndicators: deps.peekIndicators,
    correlation: deps.correlation,
    stats: deps.stats,
    onLabel: deps.onLabel,
  };

  installErrorHandling(app);
  installSecurityHeaders(app);
  await app.register(fastifyCookie);
  installAuthentication(app, auth);
  await registerOpenApi(app, deps.version.version);

  await app.register(healthRoutes(routeDeps));
  await app.register(authRoutes(routeDeps), { prefix: '/api/v1/auth' });
  for (const routes of [
    marketRoutes,
    anomalyRoutes,
    signalRoutes,
    labelRoutes,
    quarantineRoutes,
    versionRoutes,
    adminRoutes,
    alertRoutes,
    analyticsRoutes,
    systemStatsRoutes,
  ]) {
    await app.register(routes(routeDeps), { prefix: '/api/v1' });
  }
  await app.register(signalRoutes(routeDeps, { alias: true }), { prefix: '/api' });

  for (const plugin of deps.plugins ?? []) await app.register(plugin);
  return app;
}

/**
 * Binds options to a plugin so it fits `ServerDeps.plugins`, e.g.
 * `plugins: [pluginWithOptions(websocketPlugin, { hub }), pluginWithOptions(metricsPlugin, { registry })]`.
 */
export function pluginWithOptions<Options extends FastifyPluginOptions>(
  plugin: FastifyPluginAsync<Options>,
  options: Options,
): FastifyPluginAsync {
  return async (app) => {
    await app.register(plugin, options);
  };
}

/** Starts listening on the configured address; returns the URL (useful with port 0). */
export async function listen(app: FastifyInstance, config: Pick<ServerConfig, 'host' | 'port'>): Promise<string> {
  return app.listen({ host: config.host, port: config.port });
}
