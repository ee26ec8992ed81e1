/**
 * A complete tickwatch server for browser tests and the dashboard benchmark, assembled from the
 * pieces `tickwatch run` uses: SQLite stores in a temporary directory, the simulator feeding the
 * pipeline (a short history simulated at full speed, then live at wall-clock pace), the store
 * writer, the latest-value cache, the WebSocket event hub, Prometheus metrics and the dashboard
 * (web/dist) — all on one port of 127.0.0.1.
 *
 * It stands in for `startTickwatch` until the run loop serves HTTP; `injectAnomaly` publishes an
 * anomaly as the pipeline would (store, cache, WebSocket, alerting), so a test can watch its marker
 * appear. Alerting runs with its outbox and runtime settings in the store's file (the console
 * channel's lines are kept in `alertLines`), and the live correlation matrix is served.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Alerting } from '../../src/alerts/alerting.js';
import { AuthService } from '../../src/auth/auth-service.js';
import { openSqliteAuthStore } from '../../src/auth/sqlite/sqlite-auth-store.js';
import { configSchema } from '../../src/config/schema.js';
import { ReplayClock } from '../../src/core/clock.js';
import type { Anomaly, CorrelationMatrixEvent, PipelineEvent, Severity } from '../../src/core/events.js';
import { MICROS_PER_MINUTE } from '../../src/core/time.js';
import { Pipeline } from '../../src/pipeline/pipeline.js';
import { simulatedInstruments } from '../../src/runtime/instruments.js';
import { LiveClock } from '../../src/runtime/live-clock.js';
import { pipelineOptions } from '../../src/runtime/pipeline-options.js';
import { StoreWriter } from '../../src/runtime/store-writer.js';
import { LatestCache } from '../../src/server/latest-cache.js';
import { Metrics, metricsPlugin } from '../../src/server/metrics/index.js';
import { buildServer, pluginWithOptions } from '../../src/server/server.js';
import { webAppPlugin } from '../../src/server/web/index.js';
import { CHANNEL_OF_EVENT, EventHub, websocketPlugin } from '../../src/server/ws/index.js';
import { MarketSimulator, type SimulatedInstrument } from '../../src/sources/simulator/index.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/index.js';

export const WEB_ROOT = resolve(import.meta.dirname, '../../web/dist');
export const ADMIN_PASSWORD = 'dashboard admin password';
const FAST_SCRYPT = { N: 1024, r: 8, p: 1 };
const BREAK_PAIRS: readonly (readonly [string, string])[] = [
  ['ETH-USD', 'BTC-USD'],
  ['SOL-USD', 'BTC-USD'],
  ['MSFT', 'AAPL'],
];
const DEFAULT_SYMBOLS = ['AAPL', 'BTC-USD', 'MSFT', 'ETH-USD', 'SOL-USD', 'NVDA', 'XRP-USD', 'DOGE-USD'];

export interface DashboardServerOptions {
  /** Simulated symbols: a count or names from the simulator's universe (default: 3 stocks and 5 crypto pairs, so there is live data on any day). */
  readonly symbols?: number | readonly string[];
  /** History simulated before going live, in minutes (default 120). */
  readonly historyMinutes?: number;
  readonly seed?: number;
}

export interface DashboardServer {
  readonly url: string;
  readonly app: FastifyInstance;
  readonly store: SqliteStore;
  readonly instruments: readonly SimulatedInstrument[];
  /** A symbol that trades around the clock (live data whatever the day). */
  readonly liveSymbol: string;
  readonly adminPassword: string;
  /** Publishes an anomaly on the latest closed bar of `symbol` × `timeframe`, as the pipeline would. */
  injectAnomaly(
    symbol: string,
    timeframe: string,
    severity?: Severity,
    fields?: Partial<Pick<Anomaly, 'kind' | 'message' | 'context' | 'detector'>>,
  ): Promise<Anomaly>;
  readonly alerting: Alerting;
  /** What the console alert channel printed. */
  readonly alertLines: string[];
  /** Events published so far, by type. */
  readonly counts: Map<string, number>;
  close(): Promise<void>;
}

export async function startDashboardServer(options: DashboardServerOptions = {}): Promise<DashboardServer> {
  const dir = mkdtempSync(join(tmpdir(), 'tickwatch-dashboard-'));
  const simulation = {
    symbols: options.symbols ?? DEFAULT_SYMBOLS,
    seed: options.seed ?? 7,
    anomaliesPerSymbolDay: 48,
  };
  const simulated = new Set(
    simulatedInstruments(configSchema.parse({ source: { simulator: simulation } }).source.simulator.symbols).map(
      (i) => i.symbol,
    ),
  );
  const config = configSchema.parse({
    dataDir: dir,
    source: { simulator: simulation },
    pipeline: {
      timeframes: ['1s', '1m', '5m', '15m', '1h', '1d'],
      // Pairs watched for correlation breaks (those simulated), so the heatmap has real ones to outline.
      detectors: {
        correlationBreak: {
          pairs: BREAK_PAIRS.filter((pair) => pair.every((symbol) => simulated.has(symbol))),
          shortWindow: 10,
          longWindow: 60,
          threshold: 2.5,
        },
      },
    },
    alerts: { delivery: { pollIntervalMs: 200 } },
  });
  const store = await openSqliteStore({ path: join(dir, 'tickwatch.db') });
  const authStore = await openSqliteAuthStore({ path: join(dir, 'auth.db') });
  const wallClock = new LiveClock();
  const auth = new AuthService(authStore, wallClock, { scryptCost: FAST_SCRYPT });
  await auth.createUser({ name: 'test', ip: null }, 'admin', 'admin', ADMIN_PASSWORD);
  await auth.createUser({ name: 'test', ip: null }, 'viewer', 'viewer', ADMIN_PASSWORD);

  const instruments = simulatedInstruments(config.source.simulator.symbols);
  const liveSymbol = instruments.find((i) => i.calendar === '24x7')?.symbol ?? instruments[0]!.symbol;
  const clock = new ReplayClock();
  const pipeline = new Pipeline(pipelineOptions(config, instruments), clock);
  const writer = new StoreWriter(store, config.store);
  const cache = new LatestCache();
  const hub = new EventHub();
  const metrics = new Metrics({ processMetrics: false });
  metrics.trackWebsocket(() => hub.stats());
  metrics.sourceState('simulator', 'connected');
  const counts = new Map<string, number>();
  const alertLines: string[] = [];
  const alerting = new Alerting({
    config: config.alerts,
    database: join(dir, 'tickwatch.db'),
    clock,
    wallClock,
    channelDependencies: { consoleWrite: (text) => alertLines.push(text) },
  });
  const latestCorrelation = new Map<string, CorrelationMatrixEvent>();
  let live = false;

  const sink = (event: PipelineEvent): void => {
    writer.add(event);
    cache.observe(event);
    // Only event types with a WebSocket channel (analytics events may be newer than the hub).
    if (Object.hasOwn(CHANNEL_OF_EVENT, event.type)) hub.publish(event);
    metrics.observe(event, wallClock.now());
    if (event.type === 'correlation') latestCorrelation.set(event.timeframe, event);
    if (live) alerting.observe(event);
    counts.set(event.type, (counts.get(event.type) ?? 0) + 1);
  };
  const onSourceEvent = (event: unknown): void => {
    const typed = event as PipelineEvent;
    if (typed.type === 'label') {
      sink(typed);
      return;
    }
    clock.advanceTo((typed as { tsRecv: number }).tsRecv);
    pipeline.next(event, sink);
  };
  const flush = async (): Promise<void> => {
    const started = performance.now();
    const rows = writer.pending;
    await writer.flush();
    if (rows > 0) metrics.storeWrite((performance.now() - started) / 1000, rows);
  };

  // History at full speed, without forming bars (as `tickwatch run` does while catching up).
  const now = wallClock.now();
  const start =
    Math.floor((now - (options.historyMinutes ?? 120) * MICROS_PER_MINUTE) / MICROS_PER_MINUTE) * MICROS_PER_MINUTE;
  const simulator = new MarketSimulator({
    seed: config.source.simulator.seed,
    start,
    instruments,
    anomaliesPerSymbolDay: config.source.simulator.anomaliesPerSymbolDay,
    meanLatency: 2_000,
  });
  clock.advanceTo(start);
  pipeline.emitPartials = false;
  for (let t = start; t < now;) {
    t = Math.min(now, t + 5 * MICROS_PER_MINUTE);
    simulator.advance(t, onSourceEvent);
    clock.advanceTo(t);
    pipeline.onTime(t, sink);
    if (writer.full) await flush();
  }
  await flush();
  pipeline.emitPartials = true;
  live = true;
  alerting.start();

  // Live at wall-clock pace.
  let stopped = false;
  let lastFlush = performance.now();
  const loop = async (): Promise<void> => {
    while (!stopped) {
      const target = wallClock.now();
      if (target > simulator.now()) simulator.advance(target, onSourceEvent);
      clock.advanceTo(Math.max(clock.now(), simulator.now()));
      pipeline.onTime(clock.now(), sink);
      alerting.onTime(clock.now());
      if (writer.full || performance.now() - lastFlush > 250) {
        await flush();
        lastFlush = performance.now();
      }
      await new Promise((done) => setTimeout(done, 40));
    }
    await flush();
  };
  const running = loop();

  const app = await buildServer({
    store,
    authStore,
    cache,
    health: () => ({ sources: [{ name: 'simulator', status: 'up', lastEventAt: clock.now() }] }),
    version: { version: '0.1.0-test', commit: null },
    config: config.server,
    timeframes: config.pipeline.timeframes,
    scryptCost: FAST_SCRYPT,
    alerting,
    correlation: (timeframe) => latestCorrelation.get(timeframe) ?? null,
    plugins: [
      pluginWithOptions(websocketPlugin, { hub, symbols: () => instruments.map((i) => i.symbol) }),
      pluginWithOptions(metricsPlugin, { metrics }),
      pluginWithOptions(webAppPlugin, { root: WEB_ROOT }),
    ],
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });

  let injected = 0;
  return {
    url,
    app,
    store,
    instruments,
    liveSymbol,
    adminPassword: ADMIN_PASSWORD,
    counts,
    alerting,
    alertLines,
    injectAnomaly: async (symbol, timeframe, severity = 'critical', fields = {}) => {
      const bar = await store.latestBar(symbol, timeframe);
      if (bar === null) throw new Error(`no closed ${timeframe} bar of ${symbol} to attach an anomaly to`);
      const anomaly: Anomaly = {
        type: 'anomaly',
        id: `injected:${symbol}:${timeframe}:${bar.end}:${injected++}`,
        symbol,
        timeframe,
        ts: bar.end,
        kind: 'volume_spike',
        severity,
        score: 0.97,
        rawScore: 8.5,
        detector: 'injected',
        message: `volume 8.5× the recent median (injected by the browser test)`,
        explanation: [
          { feature: 'volume_ratio', value: 8.5, contribution: 0.8 },
          { feature: 'abs_return', value: 0.004, contribution: 0.15 },
          { feature: 'spread_bps', value: 2, contribution: -0.05 },
        ],
        context: { volume: bar.volume, median_volume: bar.volume / 8.5 },
        tsRecv: wallClock.now(),
        ...fields,
      };
      sink(anomaly);
      await flush();
      return anomaly;
    },
    close: async () => {
      stopped = true;
      await running;
      await app.close();
      await alerting.stop();
      await store.close();
      await authStore.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
