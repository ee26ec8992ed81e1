/**
 * The service side of `tickwatch run`: the auth store (and the first admin), the latest-value
 * cache, the WebSocket hub, Prometheus metrics, alerting with its outbox, and the HTTP server
 * serving them. Started before the warm-up so the address is printed at once.
 *
 * Warm-up history only feeds the cache: the WebSocket, the metrics and alerting see the live
 * phase alone (two days of simulated anomalies must not page anyone, and latency histograms
 * must not fill with old timestamps). Readiness reports false until the run loop is live.
 */
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Clock } from '../core/clock.js';
import type { CorrelationMatrixEvent, Micros, PipelineEvent } from '../core/events.js';
import type { TickwatchConfig } from '../config/schema.js';
import { authDatabasePath, ensureAdmin, openSqliteAuthStore, type SqliteAuthStore } from '../auth/index.js';
import { Alerting } from '../alerts/index.js';
import {
  buildServer,
  listen,
  LatestCache,
  pluginWithOptions,
  SystemStatsCollector,
  type HealthSnapshot,
  type SourceHealth,
} from '../server/index.js';
import { EventHub, snapshotsFromLatestCache, websocketPlugin } from '../server/ws/index.js';
import { Metrics, metricsPlugin } from '../server/metrics/index.js';
import { webAppPlugin } from '../server/web/index.js';
import type { Store } from '../store/store.js';
import type { Pipeline } from '../pipeline/pipeline.js';
import { feedLabelToPipeline } from './ensemble-feedback.js';
import { LiveClock } from './live-clock.js';
import type { Logger } from './logger.js';

export interface ServerRuntime {
  /** Every pipeline event goes through here. */
  observe(event: PipelineEvent): void;
  /** From now on events also go to WebSocket clients, metrics and alerting. */
  goLive(): void;
  /** Each loop turn: alert grouping windows close on the pipeline's clock. */
  onTime(now: Micros): void;
  setReady(ready: boolean, reason?: string): void;
  setSource(source: SourceHealth): void;
  /** A store batch was written. */
  storeWrite(seconds: number, rows: number): void;
  readonly cache: LatestCache;
  readonly metrics: Metrics;
  /** The address the server listens on, or null when the server is disabled. */
  readonly url: string | null;
  close(): Promise<void>;
}

export interface ServerRuntimeOptions {
  readonly config: TickwatchConfig;
  readonly store: Store;
  /** The main database file (the alert outbox lives in it). */
  readonly storePath: string;
  /** The pipeline's clock: alert cooldowns and grouping run on it. */
  readonly clock: Clock;
  /** For intrabar indicator values on demand. */
  readonly pipeline: Pipeline;
  readonly logger: Logger;
  readonly write: (text: string) => void;
  readonly version: string;
}

export async function startServerRuntime(options: ServerRuntimeOptions): Promise<ServerRuntime> {
  const { config, store, logger, write } = options;
  const cache = new LatestCache();
  const hub = new EventHub();
  const metrics = new Metrics();
  const wallClock = new LiveClock();
  metrics.trackWebsocket(() => hub.stats());
  const alerting = config.alerts.enabled
    ? new Alerting({
        config: config.alerts,
        database: options.storePath,
        clock: options.clock,
        observer: metrics,
        logger,
      })
    : null;
  if (alerting) metrics.trackAlertOutbox(() => alerting.outbox.counts());

  const statsCollector = new SystemStatsCollector();
  const latestCorrelation = new Map<string, CorrelationMatrixEvent>();
  let live = false;
  let health: HealthSnapshot = { sources: [], ready: false, reason: 'starting' };
  const sources = new Map<string, SourceHealth>();
  const runtime = {
    cache,
    metrics,
    observe(event: PipelineEvent): void {
      cache.observe(event);
      if (event.type === 'correlation') latestCorrelation.set(event.timeframe, event);
      if (!live) return;
      const now = wallClock.now();
      hub.publish(event);
      metrics.observe(event, now);
      statsCollector.observe(event, now);
      alerting?.observe(event);
    },
    goLive(): void {
      live = true;
    },
    onTime(now: Micros): void {
      if (live) alerting?.onTime(now);
    },
    setReady(ready: boolean, reason?: string): void {
      health = { ...health, ready, reason };
    },
    setSource(source: SourceHealth): void {
      sources.set(source.name, source);
      health = { ...health, sources: [...sources.values()] };
      metrics.sourceState(
        source.name,
        source.status === 'up' ? 'connected' : source.status === 'degraded' ? 'connecting' : 'disconnected',
      );
    },
    storeWrite(seconds: number, rows: number): void {
      metrics.storeWrite(seconds, rows);
      statsCollector.storeWrite(rows, wallClock.now());
    },
  };
  alerting?.start();
  const stopAlerting = async (): Promise<void> => {
    await alerting?.stop();
  };
  if (!config.server.enabled) {
    return { ...runtime, url: null, close: stopAlerting };
  }

  let authStore: SqliteAuthStore | null = null;
  let server: FastifyInstance | null = null;
  try {
    authStore = await openSqliteAuthStore({ path: authDatabasePath(config) });
    const admin = await ensureAdmin(authStore);
    const plugins: FastifyPluginAsync[] = [
      pluginWithOptions(websocketPlugin, { hub, ...snapshotsFromLatestCache(cache) }),
      pluginWithOptions(metricsPlugin, { metrics }),
      pluginWithOptions(webAppPlugin, { root: fileURLToPath(new URL('../../web/dist', import.meta.url)) }),
    ];
    server = await buildServer({
      store,
      authStore,
      cache,
      health: () => health,
      version: { name: 'tickwatch', version: options.version },
      config: config.server,
      timeframes: config.pipeline.timeframes,
      logger,
      plugins,
      ...(alerting ? { alerting } : {}),
      peekIndicators: (symbol, timeframe) => options.pipeline.peekIndicators(symbol, timeframe),
      correlation: (timeframe) => latestCorrelation.get(timeframe) ?? null,
      stats: () => statsCollector.stats(wallClock.now(), hub.stats()),
      onLabel: (label) => feedLabelToPipeline(store, options.pipeline, label),
    });
    const url = await listen(server, config.server);
    const shown = url.replace('://127.0.0.1', '://localhost');
    write(`Dashboard and API: ${shown}  (API docs: ${shown}/docs)\n`);
    if (admin !== null) {
      write(
        `Admin account created — user: ${admin.username}, password: ${admin.password}\n` +
          `  (shown once; change it with: npx tickwatch users passwd ${admin.username} --password-stdin)\n`,
      );
    } else {
      write(
        `Log in with your tickwatch account (new accounts: npx tickwatch users add NAME --role viewer --password-stdin).\n`,
      );
    }
    const started = { server, authStore };
    return {
      ...runtime,
      url,
      close: async () => {
        await started.server.close();
        await started.authStore.close();
        await stopAlerting();
      },
    };
  } catch (error) {
    await server?.close();
    await authStore?.close();
    await stopAlerting();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(
        `port ${config.server.port} on ${config.server.host} is already in use — stop the other process or start with --port N (or server.port in the config)`,
      );
    }
    throw error;
  }
}
