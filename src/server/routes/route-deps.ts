/** What the route plugins need; built once by buildServer. */
import type { Alerting } from '../../alerts/alerting.js';
import type { AuthService } from '../../auth/auth-service.js';
import type { Clock } from '../../core/clock.js';
import type { Label, Micros, PartialBar } from '../../core/events.js';
import type { Store } from '../../store/store.js';
import type { HealthProvider } from '../health.js';
import type { LatestCache } from '../latest-cache.js';

export interface VersionInfo {
  readonly name?: string;
  readonly version: string;
  /** Git commit of the build, if known. */
  readonly commit?: string | null;
}

/** The part of `Alerting` the alert routes use (an `Alerting` instance fits). */
export type AlertingApi = Pick<Alerting, 'sendTest' | 'channelList' | 'outbox' | 'settings'>;

/** Indicator values of the bar still forming, as `Pipeline.peekIndicators` returns them. */
export interface IntrabarIndicators {
  readonly bar: PartialBar;
  readonly values: Readonly<Record<string, number | null>>;
}

/** `(symbol, timeframe) => pipeline.peekIndicators(symbol, timeframe)`; null when nothing is forming. */
export type PeekIndicators = (symbol: string, timeframe: string) => IntrabarIndicators | null;

/** The live correlation matrix of one timeframe (a `CorrelationMatrixEvent` fits as it is). */
export interface CorrelationSnapshot {
  readonly symbols: readonly string[];
  /** symbols × symbols, row-major; null where a pair has too few common bars yet. */
  readonly values: readonly (number | null)[];
  /** End of the aligned bar time the matrix was computed after (µs). */
  readonly ts: Micros;
  /** Common bar returns each correlation spans, if known. */
  readonly window?: number;
}

/** `(timeframe) => latest matrix of that timeframe`, or null when there is none (yet). */
export type CorrelationProvider = (timeframe: string) => CorrelationSnapshot | null;

/** Latency of one pipeline stage in milliseconds over a recent window. */
export interface LatencyPercentiles {
  /** Samples the percentiles are computed from. */
  readonly count: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

/** WebSocket hub figures (a subset of the hub's `HubStats`, which fits as it is). */
export interface WebsocketStats {
  readonly clients: number;
  /** Frames waiting in all client queues. */
  readonly queuedFrames: number;
  /** The longest client queue (frames). */
  readonly maxClientQueue: number;
  readonly framesSent: number;
  /** Frames dropped from the queues of slow clients. */
  readonly framesDropped: number;
}

/** Store writes over a recent window. */
export interface StoreWriteStats {
  readonly rowsPerSecond: number;
  readonly batchesPerSecond: number;
  /** Rows written since the process started. */
  readonly rowsTotal: number;
}

/**
 * What the run loop knows about itself, for `GET /api/v1/system/stats` (the dashboard's System
 * page). Rates are averaged over `windowSeconds`; counters run since the process started.
 * Whatever the run loop cannot measure is null (or empty).
 */
export interface SystemStats {
  /** Length of the window the rates are averaged over. */
  readonly windowSeconds: number;
  /** Trades and quotes received per second. */
  readonly ticksPerSecond: number;
  /** Pipeline events since start by event type (`trade`, `quote`, `bar`, `indicators`, `anomaly`, …). */
  readonly eventsByType: Readonly<Record<string, number>>;
  readonly websocket: WebsocketStats | null;
  readonly storeWrites: StoreWriteStats | null;
  /** By stage, e.g. `receive_to_bar`, `receive_to_anomaly`; empty when not measured. */
  readonly latencyMs: Readonly<Record<string, LatencyPercentiles>>;
}

export type SystemStatsProvider = () => SystemStats;

export interface RouteDeps {
  readonly store: Store;
  readonly auth: AuthService;
  readonly cache: LatestCache;
  readonly health: HealthProvider;
  readonly version: VersionInfo;
  /** Timeframes the pipeline builds (bars are refused for others). Empty: accept any. */
  readonly timeframes: readonly string[];
  readonly clock: Clock;
  /** Secure flag on cookies (HTTPS deployments). */
  readonly secureCookies: boolean;
  /** When the server started (µs), for uptime. */
  readonly startedAt: number;
  /** Alert channels and the delivery outbox; the alert routes answer 503 without it. */
  readonly alerting?: AlertingApi | undefined;
  /** Intrabar indicator values for `GET /indicators/:symbol`; absent: closed bars only. */
  readonly peekIndicators?: PeekIndicators | undefined;
  /** The live correlation matrix; `GET /correlation` answers 404 without it. */
  readonly correlation?: CorrelationProvider | undefined;
  /** Run loop figures for `GET /system/stats`; absent: only what the server knows itself. */
  readonly stats?: SystemStatsProvider | undefined;
  /** Called after a label is created or changed: the run loop feeds its verdict to the ensemble's member weights. */
  readonly onLabel?: ((label: Label) => Promise<unknown>) | undefined;
}
