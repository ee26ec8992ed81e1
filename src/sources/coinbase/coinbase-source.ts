/**
 * Coinbase Exchange live market data (public, no key): `matches` for every trade, `ticker` for
 * the top of book, `heartbeat` once a second per product. Subscribes as soon as the socket opens
 * (Coinbase drops clients that have not subscribed within 5 s) and again after every reconnect;
 * the connection counts as ready when the `subscriptions` reply arrives.
 *
 * Gaps: trade ids are contiguous per product, so a skipped id is a `sequence` gap, and a
 * heartbeat whose `last_trade_id` is ahead of the last match seen reveals trades missed even
 * when no later match arrives. Heartbeats also make a stalled feed visible within seconds.
 */
import type { Micros } from '../../core/events.js';
import { Backoff, type BackoffOptions } from '../common/backoff.js';
import { CircuitBreaker, type CircuitBreakerOptions } from '../common/circuit-breaker.js';
import { GapDetector } from '../common/gap-detector.js';
import { receiveMicros } from '../common/receive-clock.js';
import { ResilientWebSocket, type WebSocketSession } from '../common/resilient-websocket.js';
import type { Source, SourceCounters, SourceLogger, SourceSink, SourceStatus } from '../common/source.js';
import { emptyCounters, silentLogger } from '../common/source.js';
import { buildStatus } from '../common/source-status.js';
import {
  createCoinbaseOutput,
  parseCoinbaseFrame,
  resetCoinbaseOutput,
  type CoinbaseControl,
  type CoinbaseParseOutput,
} from './parse.js';
import { COINBASE_HOSTS } from './rest.js';

export type CoinbaseChannel = 'matches' | 'ticker' | 'heartbeat';

export interface CoinbaseSourceOptions {
  /** Product ids, e.g. `BTC-USD`. */
  readonly productIds: readonly string[];
  /** Default: heartbeat, matches, ticker. */
  readonly channels?: readonly CoinbaseChannel[];
  /** Default wss://ws-feed.exchange.coinbase.com (tests point it at a local server). */
  readonly url?: string;
  readonly name?: string;
  readonly connection?: {
    readonly pingIntervalMs?: number;
    readonly silenceTimeoutMs?: number;
    /** Heartbeats arrive every second, so a few seconds without data means a stall. */
    readonly dataSilenceTimeoutMs?: number;
    readonly handshakeTimeoutMs?: number;
    readonly backoff?: BackoffOptions;
    readonly circuitBreaker?: CircuitBreakerOptions;
  };
  readonly maxSymbolSilence?: Micros;
  readonly logger?: SourceLogger;
  readonly now?: () => Micros;
}

export class CoinbaseSource implements Source {
  readonly name: string;
  private readonly socket: ResilientWebSocket;
  private readonly output: CoinbaseParseOutput = createCoinbaseOutput();
  private readonly counters: SourceCounters = emptyCounters();
  private readonly logger: SourceLogger;
  private readonly gaps: GapDetector;
  private readonly now: () => Micros;
  private readonly productIds: readonly string[];
  private readonly channels: readonly CoinbaseChannel[];
  private confirmed: CoinbaseControl & { kind: 'subscriptions' } = { kind: 'subscriptions', channels: [] };
  private sink: SourceSink | null = null;
  private stopped = true;
  private since = Date.now();

  constructor(options: CoinbaseSourceOptions) {
    if (options.productIds.length === 0) throw new Error('coinbase: at least one product id is required');
    this.name = options.name ?? 'coinbase';
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? receiveMicros;
    this.productIds = options.productIds;
    this.channels = options.channels ?? ['heartbeat', 'matches', 'ticker'];
    this.gaps = new GapDetector({
      source: this.name,
      maxSilence: options.maxSymbolSilence,
      onGap: (gap) => {
        this.counters.gaps++;
        this.sink?.gap?.(gap);
      },
    });
    const settings = options.connection ?? {};
    const heartbeats = this.channels.includes('heartbeat');
    this.socket = new ResilientWebSocket({
      name: this.name,
      url: options.url ?? COINBASE_HOSTS.stream,
      pingIntervalMs: settings.pingIntervalMs ?? 20_000,
      silenceTimeoutMs: settings.silenceTimeoutMs ?? 30_000,
      dataSilenceTimeoutMs: settings.dataSilenceTimeoutMs ?? (heartbeats ? 10_000 : undefined),
      handshakeTimeoutMs: settings.handshakeTimeoutMs ?? 10_000,
      backoff: settings.backoff ? new Backoff(settings.backoff) : undefined,
      circuitBreaker: new CircuitBreaker(this.name, settings.circuitBreaker),
      logger: this.logger,
      onOpen: (session) => {
        session.send({ type: 'subscribe', product_ids: [...this.productIds], channels: [...this.channels] });
      },
      onMessage: (data, _binary, session) => this.onFrame(data as Buffer, session),
      onDisconnect: (_reason, readyBefore) => {
        this.confirmed = { kind: 'subscriptions', channels: [] };
        if (readyBefore) this.gaps.markDisconnected(this.now());
      },
      onStateChange: () => {
        this.since = Date.now();
        this.sink?.status?.(this.status());
      },
    });
  }

  /** Channels and products as the server last confirmed them. */
  get confirmedSubscriptions(): CoinbaseControl & { kind: 'subscriptions' } {
    return this.confirmed;
  }

  start(sink: SourceSink): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.sink = sink;
    this.socket.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.socket.stop();
  }

  status(): SourceStatus {
    this.counters.reconnects = this.socket.reconnects;
    return buildStatus(
      this.name,
      [{ name: 'feed', state: this.socket.state, lastError: this.socket.lastError }],
      this.counters,
      this.since,
      this.stopped,
    );
  }

  private onFrame(data: Buffer, session: WebSocketSession): void {
    const out = this.output;
    resetCoinbaseOutput(out);
    parseCoinbaseFrame(data, this.now(), this.name, out);
    const counters = this.counters;
    counters.frames++;
    counters.malformed += out.malformed;
    counters.ignored += out.ignored;
    const sink = this.sink;
    if (sink !== null) {
      const events = out.events;
      for (let i = 0; i < events.length; i++) {
        const event = events[i] as (typeof events)[number];
        if (event.type === 'trade') this.gaps.observe(event.symbol, event.tsEvent, out.sequences[i]);
        sink.event(event);
      }
      counters.events += events.length;
    }
    for (const control of out.controls) {
      if (control.kind === 'heartbeat') {
        this.gaps.observeHighWater(control.productId, control.time, control.lastTradeId);
      } else if (control.kind === 'subscriptions') {
        this.confirmed = control;
        session.markReady();
      } else {
        counters.providerErrors++;
        const text = `coinbase: ${control.message}${control.reason ? ` (${control.reason})` : ''}`;
        this.logger.warn({ source: this.name }, text);
      }
    }
  }
}
