/**
 * Polygon/Massive live source: one WebSocket per cluster (the account limit is one connection
 * per cluster; a second one evicts the first with `max_connections`), every channel of the
 * cluster multiplexed over it. Authenticates on open, subscribes after `auth_success`, and does
 * both again after every reconnect. Frames go through the pure parser into the sink.
 */
import type { Micros } from '../../core/events.js';
import { Backoff, type BackoffOptions } from '../common/backoff.js';
import { CircuitBreaker, type CircuitBreakerOptions } from '../common/circuit-breaker.js';
import { GapDetector, type GapReport } from '../common/gap-detector.js';
import { maskSecret, SecretRedactor } from '../common/mask.js';
import { receiveMicros } from '../common/receive-clock.js';
import { ResilientWebSocket, type WebSocketSession } from '../common/resilient-websocket.js';
import type { Source, SourceCounters, SourceLogger, SourceSink, SourceStatus } from '../common/source.js';
import { emptyCounters, silentLogger } from '../common/source.js';
import { deliverParsedFrame } from '../common/frame-delivery.js';
import { buildStatus } from '../common/source-status.js';
import { polygonWebSocketUrl, type PolygonCluster, type PolygonFeed } from './clusters.js';
import { createPolygonParseContext, parsePolygonFrame, type PolygonParseContext } from './parse.js';

export interface PolygonSubscription {
  readonly cluster: PolygonCluster;
  /** `PREFIX.TICKER` channels, e.g. `T.AAPL`, `Q.AAPL`, `AM.*`, `XT.BTC-USD`. */
  readonly channels: readonly string[];
  readonly feed: PolygonFeed;
}

export interface PolygonConnectionSettings {
  readonly pingIntervalMs?: number;
  readonly silenceTimeoutMs?: number;
  /** Reconnect when no data arrives for this long although the socket answers pings (off by default). */
  readonly dataSilenceTimeoutMs?: number;
  readonly handshakeTimeoutMs?: number;
  readonly maxPayloadBytes?: number;
  readonly backoff?: BackoffOptions;
  readonly circuitBreaker?: CircuitBreakerOptions;
}

export interface PolygonSourceOptions {
  readonly apiKey: string;
  /** Source name on events and in status (default `polygon`). */
  readonly name?: string;
  readonly subscriptions: readonly PolygonSubscription[];
  /** Base URLs without the cluster path (tests point these at a local server). */
  readonly hosts?: { readonly realtime?: string; readonly delayed?: string };
  readonly connection?: PolygonConnectionSettings;
  readonly parse?: { readonly excludedConditions?: ReadonlySet<number>; readonly quoteSizeMultiplier?: number };
  /** Report a gap when one symbol is silent longer than this (µs of event time); default off. */
  readonly maxSymbolSilence?: Micros;
  readonly logger?: SourceLogger;
  /** Receive-time clock (µs); injectable for tests. */
  readonly now?: () => Micros;
}

/** Subscribe messages carry a comma list; keep each message a modest size. */
const CHANNELS_PER_MESSAGE = 500;

class ClusterConnection {
  readonly channels = new Set<string>();
  readonly socket: ResilientWebSocket;
  readonly context: PolygonParseContext;
  readonly gaps: GapDetector;
  private session: WebSocketSession | null = null;

  constructor(
    readonly cluster: PolygonCluster,
    readonly feed: PolygonFeed,
    private readonly owner: PolygonSource,
    private readonly apiKey: string,
    options: PolygonSourceOptions,
    redactor: SecretRedactor,
    logger: SourceLogger,
  ) {
    const url = polygonWebSocketUrl(cluster, feed, options.hosts);
    const settings = options.connection ?? {};
    this.context = createPolygonParseContext({ source: owner.name, ...options.parse });
    // Per cluster, so a gap report names the cluster (the REST ticker depends on it).
    this.gaps = new GapDetector({
      source: owner.name,
      stream: cluster,
      maxSilence: options.maxSymbolSilence,
      onGap: (gap) => owner.onGap(gap),
    });
    this.socket = new ResilientWebSocket({
      name: `${owner.name}/${cluster}`,
      url,
      pingIntervalMs: settings.pingIntervalMs ?? 25_000, // as the official Go client
      silenceTimeoutMs: settings.silenceTimeoutMs ?? 30_000,
      dataSilenceTimeoutMs: settings.dataSilenceTimeoutMs,
      handshakeTimeoutMs: settings.handshakeTimeoutMs,
      maxPayloadBytes: settings.maxPayloadBytes ?? 1 << 20,
      backoff: settings.backoff ? new Backoff(settings.backoff) : undefined,
      circuitBreaker: new CircuitBreaker(`${owner.name}/${cluster}`, settings.circuitBreaker),
      redactor,
      logger,
      onOpen: (session) => {
        this.session = session;
        session.send({ action: 'auth', params: this.apiKey });
      },
      onMessage: (data, _isBinary, session) => this.onFrame(data as Buffer, session),
      onDisconnect: (_reason, readyBefore) => {
        this.session = null;
        this.context.sides.clear(); // the last quote is stale after a gap
        if (readyBefore) this.gaps.markDisconnected(owner.now());
      },
      onStateChange: () => owner.onStateChanged(),
    });
  }

  private onFrame(data: Buffer, session: WebSocketSession): void {
    const result = parsePolygonFrame(data, this.cluster, this.owner.now(), this.context);
    this.owner.onParsed(result, this.gaps);
    for (const status of result.statuses) this.onStatus(status.status, status.message, session);
  }

  private onStatus(status: string, message: string, session: WebSocketSession): void {
    switch (status) {
      case 'auth_success':
        this.sendChannels('subscribe', [...this.channels]);
        session.markReady();
        return;
      case 'auth_failed':
        session.fail(
          new Error(
            `${this.owner.name}: authentication failed on the ${this.cluster} cluster with key ${maskSecret(this.apiKey)} ` +
              `("${message}"). Check the key (POLYGON_API_KEY) and that your plan includes ${this.cluster} data; not retrying.`,
          ),
        );
        return;
      case 'auth_timeout':
        session.reconnect('the server timed out waiting for authentication');
        return;
      case 'max_connections':
        session.fail(
          new Error(
            `${this.owner.name}: the ${this.cluster} connection was closed with max_connections ("${message}"). ` +
              'Polygon/Massive allows one connection per cluster per account: another process (or another tickwatch) ' +
              'using this key connected to the same cluster and took over. Stop the other connection or use a separate ' +
              'key; not reconnecting, since that would in turn evict the other one.',
          ),
        );
        return;
      case 'error':
        this.owner.onProviderError(this.cluster, message);
        return;
      default:
        return; // connected, success (one per subscribed channel)
    }
  }

  sendChannels(action: 'subscribe' | 'unsubscribe', channels: readonly string[]): void {
    if (this.session === null || channels.length === 0) return;
    for (let i = 0; i < channels.length; i += CHANNELS_PER_MESSAGE) {
      this.session.send({ action, params: channels.slice(i, i + CHANNELS_PER_MESSAGE).join(',') });
    }
  }
}

export class PolygonSource implements Source {
  readonly name: string;
  private readonly connections = new Map<PolygonCluster, ClusterConnection>();
  private readonly counters: SourceCounters = emptyCounters();
  private readonly redactor: SecretRedactor;
  private readonly logger: SourceLogger;
  private sink: SourceSink | null = null;
  private since = Date.now();
  private stopped = true;
  readonly now: () => Micros;

  constructor(private readonly options: PolygonSourceOptions) {
    if (typeof options.apiKey !== 'string' || options.apiKey.length === 0) {
      throw new Error('polygon: an API key is required (set POLYGON_API_KEY or sources.polygon.apiKey)');
    }
    this.name = options.name ?? 'polygon';
    this.redactor = new SecretRedactor([options.apiKey]);
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? receiveMicros;
    for (const subscription of options.subscriptions) {
      this.subscribe(subscription.cluster, subscription.channels, subscription.feed);
    }
  }

  /** Adds channels (sent at once when connected, and again after every reconnect). */
  subscribe(cluster: PolygonCluster, channels: readonly string[], feed: PolygonFeed = 'realtime'): void {
    let connection = this.connections.get(cluster);
    if (connection === undefined) {
      connection = new ClusterConnection(
        cluster,
        feed,
        this,
        this.options.apiKey,
        this.options,
        this.redactor,
        this.logger,
      );
      this.connections.set(cluster, connection);
      if (!this.stopped) connection.socket.start();
    } else if (connection.feed !== feed) {
      throw new Error(
        `polygon: the ${cluster} cluster is already subscribed on the ${connection.feed} feed; one connection per cluster means one feed per cluster`,
      );
    }
    const added = channels.filter((channel) => !connection.channels.has(channel));
    for (const channel of added) connection.channels.add(channel);
    if (connection.socket.isReady) connection.sendChannels('subscribe', added);
  }

  unsubscribe(cluster: PolygonCluster, channels: readonly string[]): void {
    const connection = this.connections.get(cluster);
    if (connection === undefined) return;
    const removed = channels.filter((channel) => connection.channels.delete(channel));
    if (connection.socket.isReady) connection.sendChannels('unsubscribe', removed);
  }

  start(sink: SourceSink): void {
    if (!this.stopped) return;
    this.sink = sink;
    this.stopped = false;
    for (const connection of this.connections.values()) connection.socket.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.connections.values()].map((c) => c.socket.stop()));
    this.onStateChanged();
  }

  status(): SourceStatus {
    const connections = [...this.connections.values()].map((c) => ({
      name: c.cluster,
      state: c.socket.state,
      lastError: c.socket.lastError,
    }));
    this.counters.reconnects = [...this.connections.values()].reduce((sum, c) => sum + c.socket.reconnects, 0);
    return buildStatus(this.name, connections, this.counters, this.since, this.stopped);
  }

  /** @internal */
  onParsed(result: ReturnType<typeof parsePolygonFrame>, gaps: GapDetector): void {
    deliverParsedFrame(result, this.counters, this.sink, gaps);
  }

  /** @internal */
  onProviderError(cluster: PolygonCluster, message: string): void {
    this.counters.providerErrors++;
    this.logger.warn({ source: this.name, cluster, message: this.redactor.redact(message) }, 'provider error message');
  }

  /** @internal */
  onGap(gap: GapReport): void {
    this.counters.gaps++;
    this.sink?.gap?.(gap);
  }

  /** @internal */
  onStateChanged(): void {
    this.since = Date.now();
    this.sink?.status?.(this.status());
  }
}
