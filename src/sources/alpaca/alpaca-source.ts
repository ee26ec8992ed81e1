/**
 * Alpaca live market data: stocks (`/v2/{iex|sip|delayed_sip|test}`) or crypto
 * (`/v1beta3/crypto/{us|us-1|eu-1}`). Authenticates with an auth message after the server's
 * `connected` greeting (or with headers on the upgrade), subscribes after `authenticated`, and
 * after every reconnect re-sends the whole subscription (server state does not survive).
 * JSON framing (no msgpack content type is requested).
 */
import type { Micros } from '../../core/events.js';
import { Backoff, type BackoffOptions } from '../common/backoff.js';
import { CircuitBreaker, type CircuitBreakerOptions } from '../common/circuit-breaker.js';
import { GapDetector } from '../common/gap-detector.js';
import { maskSecret, SecretRedactor } from '../common/mask.js';
import { receiveMicros } from '../common/receive-clock.js';
import { ResilientWebSocket, type WebSocketSession } from '../common/resilient-websocket.js';
import type { Source, SourceCounters, SourceLogger, SourceSink, SourceStatus } from '../common/source.js';
import { emptyCounters, silentLogger } from '../common/source.js';
import { deliverParsedFrame } from '../common/frame-delivery.js';
import { buildStatus } from '../common/source-status.js';
import { alpacaErrorInfo } from './errors.js';
import {
  ALPACA_CHANNEL_NAMES,
  createAlpacaParseContext,
  parseAlpacaFrame,
  type AlpacaChannels,
  type AlpacaParseContext,
  type AlpacaParseResult,
  type AlpacaStreamKind,
  type AlpacaTradingStatus,
} from './parse.js';
import {
  alpacaCryptoStreamUrl,
  alpacaStockStreamUrl,
  ALPACA_HOSTS,
  type AlpacaCryptoLocation,
  type AlpacaStockFeed,
} from './urls.js';

export type AlpacaStream =
  | { readonly kind: 'stocks'; readonly feed: AlpacaStockFeed }
  | { readonly kind: 'crypto'; readonly location: AlpacaCryptoLocation };

export interface AlpacaSourceOptions {
  readonly keyId: string;
  readonly secretKey: string;
  readonly stream: AlpacaStream;
  readonly subscriptions: AlpacaChannels;
  /** Default `wss://stream.data.alpaca.markets` (tests point it at a local server). */
  readonly baseUrl?: string;
  /** `message` (default): `{"action":"auth"}` after connecting; `headers`: APCA-API-* on the upgrade. */
  readonly authMode?: 'message' | 'headers';
  readonly name?: string;
  readonly connection?: {
    /** The JS SDK pings every 10 s. */
    readonly pingIntervalMs?: number;
    readonly silenceTimeoutMs?: number;
    readonly dataSilenceTimeoutMs?: number;
    readonly handshakeTimeoutMs?: number;
    readonly maxPayloadBytes?: number;
    readonly backoff?: BackoffOptions;
    readonly circuitBreaker?: CircuitBreakerOptions;
  };
  readonly excludedConditions?: ReadonlySet<string>;
  readonly maxSymbolSilence?: Micros;
  /** Halts and resumptions (`s` messages). */
  readonly onTradingStatus?: (status: AlpacaTradingStatus) => void;
  readonly logger?: SourceLogger;
  readonly now?: () => Micros;
}

export class AlpacaSource implements Source {
  readonly name: string;
  private readonly kind: AlpacaStreamKind;
  private readonly socket: ResilientWebSocket;
  private readonly context: AlpacaParseContext;
  private readonly counters: SourceCounters = emptyCounters();
  private readonly redactor: SecretRedactor;
  private readonly logger: SourceLogger;
  private readonly gaps: GapDetector;
  private readonly now: () => Micros;
  private readonly wanted = new Map<keyof AlpacaChannels, Set<string>>();
  private confirmed: AlpacaChannels = {};
  private session: WebSocketSession | null = null;
  private sink: SourceSink | null = null;
  private stopped = true;
  private since = Date.now();

  constructor(private readonly options: AlpacaSourceOptions) {
    if (!options.keyId || !options.secretKey) {
      throw new Error('alpaca: keyId and secretKey are required (ALPACA_API_KEY_ID, ALPACA_API_SECRET_KEY)');
    }
    this.name = options.name ?? 'alpaca';
    this.kind = options.stream.kind;
    this.redactor = new SecretRedactor([options.keyId, options.secretKey]);
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? receiveMicros;
    this.context = createAlpacaParseContext({ source: this.name, excludedConditions: options.excludedConditions });
    for (const name of ALPACA_CHANNEL_NAMES) this.wanted.set(name, new Set(options.subscriptions[name] ?? []));
    this.gaps = new GapDetector({
      source: this.name,
      maxSilence: options.maxSymbolSilence,
      onGap: (gap) => {
        this.counters.gaps++;
        this.sink?.gap?.(gap);
      },
    });
    const base = options.baseUrl ?? ALPACA_HOSTS.stream;
    const url =
      options.stream.kind === 'stocks'
        ? alpacaStockStreamUrl(options.stream.feed, base)
        : alpacaCryptoStreamUrl(options.stream.location, base);
    const settings = options.connection ?? {};
    this.socket = new ResilientWebSocket({
      name: `${this.name}/${options.stream.kind}`,
      url,
      headers:
        options.authMode === 'headers'
          ? { 'APCA-API-KEY-ID': options.keyId, 'APCA-API-SECRET-KEY': options.secretKey }
          : undefined,
      pingIntervalMs: settings.pingIntervalMs ?? 10_000,
      silenceTimeoutMs: settings.silenceTimeoutMs ?? 20_000,
      dataSilenceTimeoutMs: settings.dataSilenceTimeoutMs,
      handshakeTimeoutMs: settings.handshakeTimeoutMs,
      maxPayloadBytes: settings.maxPayloadBytes,
      backoff: settings.backoff ? new Backoff(settings.backoff) : undefined,
      circuitBreaker: new CircuitBreaker(this.name, settings.circuitBreaker),
      redactor: this.redactor,
      logger: this.logger,
      onOpen: (session) => {
        this.session = session;
      },
      onMessage: (data, _binary, session) => this.onFrame(data as Buffer, session),
      onDisconnect: (_reason, readyBefore) => {
        this.session = null;
        this.confirmed = {};
        this.context.sides.clear();
        if (readyBefore) this.gaps.markDisconnected(this.now());
      },
      onStateChange: () => {
        this.since = Date.now();
        this.sink?.status?.(this.status());
      },
    });
  }

  /** The full subscription as the server last confirmed it (empty before the first reply). */
  get confirmedSubscription(): AlpacaChannels {
    return this.confirmed;
  }

  subscribe(channels: AlpacaChannels): void {
    const delta = this.applyDelta(channels, true);
    if (delta !== null && this.socket.isReady) this.session?.send({ action: 'subscribe', ...delta });
  }

  unsubscribe(channels: AlpacaChannels): void {
    const delta = this.applyDelta(channels, false);
    if (delta !== null && this.socket.isReady) this.session?.send({ action: 'unsubscribe', ...delta });
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
      [{ name: this.options.stream.kind, state: this.socket.state, lastError: this.socket.lastError }],
      this.counters,
      this.since,
      this.stopped,
    );
  }

  private onFrame(data: Buffer, session: WebSocketSession): void {
    const result = parseAlpacaFrame(data, this.kind, this.now(), this.context);
    this.deliver(result);
    for (const control of result.controls) {
      if (control.kind === 'success') {
        if (control.message === 'connected' && this.options.authMode !== 'headers') {
          session.send({ action: 'auth', key: this.options.keyId, secret: this.options.secretKey });
        } else if (control.message === 'authenticated') {
          const all = this.wantedChannels();
          if (all !== null) session.send({ action: 'subscribe', ...all });
          session.markReady();
        }
      } else if (control.kind === 'subscription') {
        this.confirmed = control.channels;
      } else {
        this.onError(control.code, control.message, session);
      }
    }
  }

  private deliver(result: AlpacaParseResult): void {
    deliverParsedFrame(result, this.counters, this.sink, this.gaps);
    if (this.sink === null) return;
    for (const status of result.statuses) this.options.onTradingStatus?.(status);
  }

  private onError(code: number, message: string, session: WebSocketSession): void {
    this.counters.providerErrors++;
    const info = alpacaErrorInfo(code);
    const text = `${this.name}: error ${code} "${message}": ${info.explanation}`;
    if (info.action === 'fatal') {
      session.fail(new Error(`${text} (key ${maskSecret(this.options.keyId)}); not retrying`));
    } else if (info.action === 'reconnect') {
      session.reconnect(text);
    } else {
      this.logger.warn({ source: this.name, code }, this.redactor.redact(text));
    }
  }

  /** Updates the wanted set; returns the channels that actually changed, or null if none did. */
  private applyDelta(channels: AlpacaChannels, add: boolean): AlpacaChannels | null {
    const delta: AlpacaChannels = {};
    let changed = false;
    for (const name of ALPACA_CHANNEL_NAMES) {
      const set = this.wanted.get(name) as Set<string>;
      const moved = (channels[name] ?? []).filter((symbol) => (add ? !set.has(symbol) : set.has(symbol)));
      for (const symbol of moved) {
        if (add) set.add(symbol);
        else set.delete(symbol);
      }
      if (moved.length > 0) {
        delta[name] = moved;
        changed = true;
      }
    }
    return changed ? delta : null;
  }

  private wantedChannels(): AlpacaChannels | null {
    const all: AlpacaChannels = {};
    let any = false;
    for (const [name, set] of this.wanted) {
      if (set.size > 0) {
        all[name] = [...set];
        any = true;
      }
    }
    return any ? all : null;
  }
}
