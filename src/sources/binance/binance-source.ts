/**
 * Binance Spot live market data (public, no key). One combined-stream connection
 * (`/stream?streams=a/b/…`) carries every stream, so a reconnect resubscribes by its URL alone.
 * Streams added later go out as SUBSCRIBE messages through a token bucket that stays under
 * Binance's 5 inbound messages per second (pings and pongs count too; violators are dropped
 * and can be banned). Binance closes every connection after 24 h, so the source reconnects on
 * its own a little before that, and at once on a `serverShutdown` notice. The server pings
 * every 20 s and `ws` answers with the same payload; our own pings are rare (30 s).
 */
import type { Micros } from '../../core/events.js';
import { Backoff, type BackoffOptions } from '../common/backoff.js';
import { CircuitBreaker, type CircuitBreakerOptions } from '../common/circuit-breaker.js';
import { GapDetector } from '../common/gap-detector.js';
import { TokenBucketRateLimiter, type RateLimit } from '../common/rate-limiter.js';
import { receiveMicros } from '../common/receive-clock.js';
import { ResilientWebSocket, type WebSocketSession } from '../common/resilient-websocket.js';
import type { Source, SourceCounters, SourceLogger, SourceSink, SourceStatus } from '../common/source.js';
import { emptyCounters, silentLogger } from '../common/source.js';
import { buildStatus } from '../common/source-status.js';
import {
  createBinanceOutput,
  parseBinanceFrame,
  resetBinanceOutput,
  type BinanceParseContext,
  type BinanceParseOutput,
  type BinanceTimeUnit,
} from './parse.js';
import { BINANCE_HOSTS } from './rest.js';

/** Binance drops a connection after 24 h; reconnect on our terms 10 minutes before. */
export const BINANCE_MAX_CONNECTION_AGE_MS = 24 * 3_600_000 - 10 * 60_000;
export const BINANCE_MAX_STREAMS = 1_024;
/**
 * 5 messages/s is the hard limit. A bucket lets `capacity + rate` messages into any one second,
 * so 1 + 3 leaves a message a second for pongs and our own pings.
 */
export const BINANCE_SUBSCRIBE_RATE: RateLimit = { ratePerSecond: 3, capacity: 1 };
/** Streams per SUBSCRIBE message (keeps frames small; any size is accepted). */
const STREAMS_PER_MESSAGE = 200;

export type BinanceStreamKind = 'trade' | 'aggTrade' | 'bookTicker' | `kline_${string}`;

/** `btcusdt@trade`, `btcusdt@kline_1m`: stream names are lowercase. */
export function binanceStreamName(symbol: string, kind: BinanceStreamKind): string {
  return `${symbol.toLowerCase()}@${kind}`;
}

/** Lowercases the symbol part only: the stream type is case-sensitive (`aggTrade`, `kline_1M`). */
export function normaliseStreamName(stream: string): string {
  const at = stream.indexOf('@');
  return at < 0 ? stream.toLowerCase() : `${stream.slice(0, at).toLowerCase()}${stream.slice(at)}`;
}

export interface BinanceSourceOptions {
  /** Stream names such as `btcusdt@trade`, `btcusdt@kline_1m`, `ethusdt@bookTicker`. */
  readonly streams: readonly string[];
  /** Default wss://stream.binance.com:9443 (tests point it at a local server). */
  readonly baseUrl?: string;
  readonly timeUnit?: BinanceTimeUnit;
  readonly name?: string;
  readonly maxConnectionAgeMs?: number;
  readonly subscribeRate?: RateLimit;
  readonly connection?: {
    readonly pingIntervalMs?: number;
    readonly silenceTimeoutMs?: number;
    readonly dataSilenceTimeoutMs?: number;
    readonly backoff?: BackoffOptions;
    readonly circuitBreaker?: CircuitBreakerOptions;
  };
  readonly maxSymbolSilence?: Micros;
  readonly logger?: SourceLogger;
  readonly now?: () => Micros;
}

export class BinanceSource implements Source {
  readonly name: string;
  private readonly socket: ResilientWebSocket;
  private readonly context: BinanceParseContext;
  private readonly output: BinanceParseOutput = createBinanceOutput();
  private readonly counters: SourceCounters = emptyCounters();
  private readonly logger: SourceLogger;
  private readonly tradeGaps: GapDetector;
  private readonly aggTradeGaps: GapDetector;
  private readonly now: () => Micros;
  private readonly wanted: Set<string>;
  /** The streams in the URL of the connection being opened (changes before `open` are sent after it). */
  private urlStreams = new Set<string>();
  private readonly baseUrl: string;
  private readonly limiter: TokenBucketRateLimiter;
  /** Control messages waiting for a token of the inbound-rate bucket. */
  private readonly outbox: object[] = [];
  private outboxTimer: NodeJS.Timeout | null = null;
  private ageTimer: NodeJS.Timeout | null = null;
  private session: WebSocketSession | null = null;
  private nextRequestId = 1;
  private sink: SourceSink | null = null;
  private stopped = true;
  private since = Date.now();

  constructor(private readonly options: BinanceSourceOptions) {
    this.name = options.name ?? 'binance';
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? receiveMicros;
    this.context = { source: this.name, timeUnit: options.timeUnit ?? 'millisecond' };
    this.wanted = new Set(options.streams.map(normaliseStreamName));
    assertStreamCount(this.wanted.size);
    this.baseUrl = (options.baseUrl ?? BINANCE_HOSTS.stream).replace(/\/+$/, '');
    this.limiter = new TokenBucketRateLimiter(options.subscribeRate ?? BINANCE_SUBSCRIBE_RATE);
    const onGap = (gap: Parameters<NonNullable<SourceSink['gap']>>[0]): void => {
      this.counters.gaps++;
      this.sink?.gap?.(gap);
    };
    this.tradeGaps = new GapDetector({ source: this.name, maxSilence: options.maxSymbolSilence, onGap });
    this.aggTradeGaps = new GapDetector({ source: this.name, onGap });
    const settings = options.connection ?? {};
    this.socket = new ResilientWebSocket({
      name: this.name,
      url: () => this.streamUrl(),
      pingIntervalMs: settings.pingIntervalMs ?? 30_000,
      // The server pings every 20 s, so 45 s without any frame means the path is dead.
      silenceTimeoutMs: settings.silenceTimeoutMs ?? 45_000,
      dataSilenceTimeoutMs: settings.dataSilenceTimeoutMs,
      backoff: settings.backoff ? new Backoff(settings.backoff) : undefined,
      circuitBreaker: new CircuitBreaker(this.name, settings.circuitBreaker),
      logger: this.logger,
      onOpen: (session) => this.onOpen(session),
      onMessage: (data, _binary, session) => this.onFrame(data as Buffer, session),
      onDisconnect: (_reason, readyBefore) => {
        this.session = null;
        this.clearConnectionTimers();
        this.outbox.length = 0;
        if (readyBefore) {
          this.tradeGaps.markDisconnected(this.now());
          this.aggTradeGaps.markDisconnected(this.now());
        }
      },
      onStateChange: () => {
        this.since = Date.now();
        this.sink?.status?.(this.status());
      },
    });
  }

  /** The streams wanted now (sent in the URL of the next connection). */
  get streams(): readonly string[] {
    return [...this.wanted];
  }

  /** Adds streams; on a live connection they are sent as rate-limited SUBSCRIBE messages. */
  subscribe(streams: readonly string[]): void {
    const added = streams.map(normaliseStreamName).filter((s) => !this.wanted.has(s));
    assertStreamCount(this.wanted.size + added.length);
    for (const stream of added) this.wanted.add(stream);
    if (this.session !== null) this.enqueue('SUBSCRIBE', added);
  }

  unsubscribe(streams: readonly string[]): void {
    const removed = streams.map(normaliseStreamName).filter((s) => this.wanted.delete(s));
    if (this.session !== null) this.enqueue('UNSUBSCRIBE', removed);
  }

  start(sink: SourceSink): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.sink = sink;
    this.socket.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.clearConnectionTimers();
    this.outbox.length = 0;
    await this.socket.stop();
  }

  status(): SourceStatus {
    this.counters.reconnects = this.socket.reconnects;
    return buildStatus(
      this.name,
      [{ name: 'stream', state: this.socket.state, lastError: this.socket.lastError }],
      this.counters,
      this.since,
      this.stopped,
    );
  }

  private streamUrl(): string {
    this.urlStreams = new Set(this.wanted);
    // Stream names hold only [a-z0-9@_-], which Binance expects unescaped (`btcusdt@trade/…`).
    const query: string[] = [];
    if (this.wanted.size > 0) query.push(`streams=${[...this.wanted].join('/')}`);
    if (this.context.timeUnit === 'microsecond') query.push('timeUnit=MICROSECOND');
    return `${this.baseUrl}/stream${query.length > 0 ? `?${query.join('&')}` : ''}`;
  }

  private onOpen(session: WebSocketSession): void {
    this.session = session;
    this.outbox.length = 0;
    // Public streams need no authentication: the URL carries the subscription.
    session.markReady();
    const added = [...this.wanted].filter((s) => !this.urlStreams.has(s));
    const removed = [...this.urlStreams].filter((s) => !this.wanted.has(s));
    if (added.length > 0) this.enqueue('SUBSCRIBE', added);
    if (removed.length > 0) this.enqueue('UNSUBSCRIBE', removed);
    const age = this.options.maxConnectionAgeMs ?? BINANCE_MAX_CONNECTION_AGE_MS;
    this.ageTimer = setTimeout(() => {
      this.logger.info({ source: this.name }, 'reconnecting before Binance closes the 24-hour-old connection');
      session.reconnect(`planned reconnect after ${age} ms (Binance closes connections at 24 h)`);
    }, age);
    this.ageTimer.unref();
  }

  private onFrame(data: Buffer, session: WebSocketSession): void {
    const out = this.output;
    resetBinanceOutput(out);
    parseBinanceFrame(data, this.now(), this.context, out);
    const counters = this.counters;
    counters.frames++;
    counters.malformed += out.malformed;
    counters.ignored += out.ignored;
    const sink = this.sink;
    if (sink !== null) {
      const events = out.events;
      for (let i = 0; i < events.length; i++) {
        const event = events[i] as (typeof events)[number];
        if (event.type === 'trade') {
          const detector = event.tradeId.charCodeAt(0) === 97 /* a */ ? this.aggTradeGaps : this.tradeGaps;
          detector.observe(event.symbol, event.tsEvent, out.sequences[i]);
        }
        sink.event(event);
      }
      counters.events += events.length;
      if (out.bars.length > 0) {
        counters.bars += out.bars.length;
        if (sink.bar) for (const bar of out.bars) sink.bar(bar);
      }
    }
    for (const control of out.controls) {
      if (control.kind === 'serverShutdown') {
        session.reconnect('server announced a shutdown (serverShutdown)');
      } else if (control.kind === 'error') {
        counters.providerErrors++;
        this.logger.warn({ source: this.name, code: control.code, id: control.id }, `binance: ${control.message}`);
      }
    }
  }

  private enqueue(method: 'SUBSCRIBE' | 'UNSUBSCRIBE', streams: readonly string[]): void {
    for (let i = 0; i < streams.length; i += STREAMS_PER_MESSAGE) {
      this.outbox.push({ method, params: streams.slice(i, i + STREAMS_PER_MESSAGE), id: this.nextRequestId++ });
    }
    this.drainOutbox();
  }

  private drainOutbox(): void {
    if (this.outboxTimer !== null) return;
    while (this.outbox.length > 0) {
      if (!this.limiter.tryTake()) {
        this.outboxTimer = setTimeout(() => {
          this.outboxTimer = null;
          this.drainOutbox();
        }, this.limiter.waitMs());
        this.outboxTimer.unref();
        return;
      }
      const message = this.outbox.shift() as object;
      this.session?.send(message);
    }
  }

  private clearConnectionTimers(): void {
    if (this.ageTimer !== null) clearTimeout(this.ageTimer);
    this.ageTimer = null;
    if (this.outboxTimer !== null) clearTimeout(this.outboxTimer);
    this.outboxTimer = null;
  }
}

function assertStreamCount(count: number): void {
  if (count > BINANCE_MAX_STREAMS) {
    throw new Error(`binance: ${count} streams requested; one connection carries at most ${BINANCE_MAX_STREAMS}`);
  }
}
