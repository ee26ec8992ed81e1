/**
 * The service side of `tickwatch run`: the auth store (and the first admin), the latest-value
 * cache fed by the pipeline, and the HTTP server with its plugins. Started before the warm-up so
 * the address is printed at once; readiness reports false until the run loop is live.
 */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { PipelineEvent } from '../core/events.js';
import type { TickwatchConfig } from '../config/schema.js';
import { authDatabasePath, ensureAdmin, openSqliteAuthStore, type SqliteAuthStore } from '../auth/index.js';
import { buildServer, listen, LatestCache, type HealthSnapshot, type SourceHealth } from '../server/index.js';
import type { Store } from '../store/store.js';
import type { Logger } from './logger.js';

export interface ServerRuntime {
  /** Every pipeline event goes through here (cache; WebSocket fan-out). */
  observe(event: PipelineEvent): void;
  setReady(ready: boolean, reason?: string): void;
  setSource(source: SourceHealth): void;
  readonly cache: LatestCache;
  /** The address the server listens on, or null when the server is disabled. */
  readonly url: string | null;
  close(): Promise<void>;
}

export interface ServerRuntimeOptions {
  readonly config: TickwatchConfig;
  readonly store: Store;
  readonly logger: Logger;
  readonly write: (text: string) => void;
  readonly version: string;
  readonly plugins?: readonly FastifyPluginAsync[];
  /** Extra per-event observers (e.g. the WebSocket hub, metrics). */
  readonly observers?: ReadonlyArray<(event: PipelineEvent) => void>;
}

export async function startServerRuntime(options: ServerRuntimeOptions): Promise<ServerRuntime> {
  const { config, store, logger, write } = options;
  const cache = new LatestCache();
  const observers = options.observers ?? [];
  let health: HealthSnapshot = { sources: [], ready: false, reason: 'starting' };
  const sources = new Map<string, SourceHealth>();
  const observe = (event: PipelineEvent): void => {
    cache.observe(event);
    for (const observer of observers) observer(event);
  };
  const runtime = {
    observe,
    cache,
    setReady(ready: boolean, reason?: string): void {
      health = { ...health, ready, ...(reason === undefined ? { reason: undefined } : { reason }) };
    },
    setSource(source: SourceHealth): void {
      sources.set(source.name, source);
      health = { ...health, sources: [...sources.values()] };
    },
  };
  if (!config.server.enabled) {
    return { ...runtime, url: null, close: async () => undefined };
  }

  let authStore: SqliteAuthStore | null = null;
  let server: FastifyInstance | null = null;
  try {
    authStore = await openSqliteAuthStore({ path: authDatabasePath(config) });
    const admin = await ensureAdmin(authStore);
    server = await buildServer({
      store,
      authStore,
      cache,
      health: () => health,
      version: { name: 'tickwatch', version: options.version },
      config: config.server,
      timeframes: config.pipeline.timeframes,
      logger,
      plugins: options.plugins ?? [],
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
      },
    };
  } catch (error) {
    await server?.close();
    await authStore?.close();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(
        `port ${config.server.port} on ${config.server.host} is already in use — stop the other process or start with --port N (or server.port in the config)`,
      );
    }
    throw error;
  }
}
