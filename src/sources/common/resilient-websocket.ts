/**
 * A WebSocket that stays up: connect, let the provider adapter authenticate and subscribe
 * (hooks), ping every N s and watch for silence, reconnect with jittered exponential backoff
 * behind a circuit breaker, and stop cleanly. Provider protocol lives in the adapters; this
 * class knows only frames.
 *
 * Liveness has three clocks, because a socket can look open and still be dead:
 *  - `silenceTimeoutMs`: no inbound frame at all (data, ping or pong) → the TCP path is dead
 *    (a half-open connection after a NAT drop, a server that stopped answering pings);
 *  - `dataSilenceTimeoutMs`: no data message since the session became ready → the feed stalled
 *    although the server still answers pings (off by default: stock feeds are quiet at night);
 *  - `handshakeTimeoutMs`: the adapter did not call `markReady()` (auth + subscribe) in time.
 * Each ends in terminate() and a reconnect; the adapter's onOpen runs again and resubscribes.
 */
import WebSocket from 'ws';
import { Backoff, DEFAULT_BACKOFF } from './backoff.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import { SecretRedactor } from './mask.js';
import type { SourceLogger, SourceState } from './source.js';
import { silentLogger } from './source.js';

/** What the adapter can do with the live connection from inside its hooks. */
export interface WebSocketSession {
  /** Sends text (objects are JSON-encoded). Returns false when the socket is not open. */
  send(data: string | object): boolean;
  /** Authentication and subscriptions are done: the connection counts as healthy. */
  markReady(): void;
  /** Drops this connection and reconnects after the backoff delay. */
  reconnect(reason: string): void;
  /** A fatal error (rejected key, forbidden feed): stop for good, no reconnect. */
  fail(error: Error): void;
}

export interface ResilientWebSocketOptions {
  /** For logs and errors, e.g. `polygon/stocks`. */
  readonly name: string;
  /** Resolved at every connect, so an adapter can switch hosts (real-time ↔ delayed). */
  readonly url: string | (() => string);
  readonly headers?: Readonly<Record<string, string>>;
  /** Largest inbound frame; bigger frames close the socket with 1009 and it reconnects. */
  readonly maxPayloadBytes?: number;
  readonly pingIntervalMs?: number;
  readonly silenceTimeoutMs?: number;
  readonly dataSilenceTimeoutMs?: number;
  readonly connectTimeoutMs?: number;
  readonly handshakeTimeoutMs?: number;
  /** A connection that stayed ready this long resets the backoff when it drops. */
  readonly stableAfterMs?: number;
  readonly backoff?: Backoff;
  readonly circuitBreaker?: CircuitBreaker;
  readonly redactor?: SecretRedactor;
  readonly logger?: SourceLogger;
  /** The socket opened: authenticate here (or wait for the server's greeting in onMessage). */
  onOpen(session: WebSocketSession): void;
  /** One inbound data frame. Must not throw (errors are caught, logged and counted as malformed). */
  onMessage(data: WebSocket.RawData, isBinary: boolean, session: WebSocketSession): void;
  /** The connection dropped (not called on stop()). `readyBefore`: it had been marked ready. */
  onDisconnect?(reason: string, readyBefore: boolean): void;
  onStateChange?(state: SourceState, lastError: string | null): void;
}

export const WEBSOCKET_DEFAULTS = {
  maxPayloadBytes: 1 << 20, // the official Polygon Go client's cap
  pingIntervalMs: 25_000,
  silenceTimeoutMs: 30_000,
  dataSilenceTimeoutMs: Number.POSITIVE_INFINITY,
  connectTimeoutMs: 10_000,
  handshakeTimeoutMs: 15_000,
  stableAfterMs: 30_000,
} as const;

export class ResilientWebSocket {
  private socket: WebSocket | null = null;
  private currentState: SourceState = 'stopped';
  private error: string | null = null;
  private stopping = true;
  private ready = false;
  private everReady = false;
  private readyAt = 0;
  private openedAt = 0;
  private lastReadAt = 0;
  private lastDataAt = 0;
  private lastPingAt = 0;
  private watchdog: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private attempts = 0;
  private closed: Promise<void> = Promise.resolve();
  private readonly backoff: Backoff;
  private readonly redactor: SecretRedactor;
  private readonly logger: SourceLogger;
  private readonly settings: Required<
    Pick<
      ResilientWebSocketOptions,
      | 'maxPayloadBytes'
      | 'pingIntervalMs'
      | 'silenceTimeoutMs'
      | 'dataSilenceTimeoutMs'
      | 'connectTimeoutMs'
      | 'handshakeTimeoutMs'
      | 'stableAfterMs'
    >
  >;

  constructor(private readonly options: ResilientWebSocketOptions) {
    this.backoff = options.backoff ?? new Backoff(DEFAULT_BACKOFF);
    this.redactor = options.redactor ?? new SecretRedactor();
    this.logger = options.logger ?? silentLogger;
    this.settings = {
      maxPayloadBytes: options.maxPayloadBytes ?? WEBSOCKET_DEFAULTS.maxPayloadBytes,
      pingIntervalMs: options.pingIntervalMs ?? WEBSOCKET_DEFAULTS.pingIntervalMs,
      silenceTimeoutMs: options.silenceTimeoutMs ?? WEBSOCKET_DEFAULTS.silenceTimeoutMs,
      dataSilenceTimeoutMs: options.dataSilenceTimeoutMs ?? WEBSOCKET_DEFAULTS.dataSilenceTimeoutMs,
      connectTimeoutMs: options.connectTimeoutMs ?? WEBSOCKET_DEFAULTS.connectTimeoutMs,
      handshakeTimeoutMs: options.handshakeTimeoutMs ?? WEBSOCKET_DEFAULTS.handshakeTimeoutMs,
      stableAfterMs: options.stableAfterMs ?? WEBSOCKET_DEFAULTS.stableAfterMs,
    };
  }

  get state(): SourceState {
    return this.currentState;
  }

  get lastError(): string | null {
    return this.error;
  }

  /** Connection attempts after the first one. */
  get reconnects(): number {
    return Math.max(0, this.attempts - 1);
  }

  get isReady(): boolean {
    return this.ready;
  }

  start(): void {
    if (!this.stopping) return;
    this.stopping = false;
    this.everReady = false;
    this.attempts = 0;
    this.setState('connecting');
    this.connect();
  }

  /** Sends on the current connection; false when there is none open. */
  send(data: string | object): boolean {
    const socket = this.socket;
    if (socket === null || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(typeof data === 'string' ? data : JSON.stringify(data));
    return true;
  }

  /** Drops the connection and reconnects (e.g. the adapter saw a provider shutdown notice). */
  reconnect(reason: string): void {
    const socket = this.socket;
    if (socket !== null) this.drop(socket, reason);
  }

  /** Closes the connection (1000) and all timers; resolves when the socket has closed. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.ready = false;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.stopWatchdog();
    const socket = this.socket;
    if (socket !== null) {
      if (socket.readyState === WebSocket.OPEN) socket.close(1000, 'client stop');
      else socket.terminate();
      const force = setTimeout(() => socket.terminate(), 2_000);
      await this.closed;
      clearTimeout(force);
    }
    this.socket = null;
    this.setState('stopped');
  }

  private connect(): void {
    if (this.stopping) return;
    const breaker = this.options.circuitBreaker;
    const wait = breaker?.waitMs(Date.now()) ?? 0;
    if (wait > 0) {
      this.scheduleConnect(wait, 'circuit open');
      return;
    }
    const url = typeof this.options.url === 'function' ? this.options.url() : this.options.url;
    this.attempts++;
    let socket: WebSocket;
    try {
      socket = new WebSocket(url, {
        headers: { ...this.options.headers },
        maxPayload: this.settings.maxPayloadBytes,
        handshakeTimeout: this.settings.connectTimeoutMs,
        perMessageDeflate: true,
      });
    } catch (error) {
      this.fatal(this.redactor.redactError(error));
      return;
    }
    this.socket = socket;
    let resolveClosed: () => void = () => {};
    this.closed = new Promise((resolve) => (resolveClosed = resolve));
    const session = this.sessionFor(socket);
    let closeReason = 'connection closed';

    socket.on('open', () => {
      if (socket !== this.socket) return;
      const now = Date.now();
      this.openedAt = now;
      this.lastReadAt = now;
      this.lastDataAt = now;
      this.lastPingAt = now;
      this.startWatchdog(socket);
      this.guard(() => this.options.onOpen(session));
    });
    socket.on('message', (data, isBinary) => {
      if (socket !== this.socket) return;
      const now = Date.now();
      this.lastReadAt = now;
      this.lastDataAt = now;
      this.guard(() => this.options.onMessage(data, isBinary, session));
    });
    socket.on('pong', () => {
      if (socket === this.socket) this.lastReadAt = Date.now();
    });
    socket.on('ping', () => {
      if (socket === this.socket) this.lastReadAt = Date.now();
    });
    socket.on('unexpected-response', (_request, response) => {
      // The HTTP upgrade was refused (401/403/404/429…): say which status, then let close follow.
      closeReason = `upgrade refused with HTTP ${response.statusCode ?? '?'}`;
      socket.terminate();
    });
    socket.on('error', (error) => {
      // Keep the refused-upgrade reason: terminate() after it raises a less useful error.
      if (!closeReason.startsWith('upgrade refused')) closeReason = this.redactor.redact(error.message);
    });
    socket.on('close', (code, reason) => {
      resolveClosed();
      if (socket !== this.socket) return;
      this.socket = null;
      this.stopWatchdog();
      if (this.stopping) return;
      const text = reason.length > 0 ? `${code} ${this.redactor.redact(reason.toString())}` : `${code}`;
      this.onDropped(closeReason === 'connection closed' ? `closed by server (${text})` : closeReason);
    });
  }

  private sessionFor(socket: WebSocket): WebSocketSession {
    return {
      send: (data) => {
        if (socket !== this.socket || socket.readyState !== WebSocket.OPEN) return false;
        socket.send(typeof data === 'string' ? data : JSON.stringify(data));
        return true;
      },
      markReady: () => {
        if (socket !== this.socket || this.ready) return;
        this.ready = true;
        this.everReady = true;
        this.readyAt = Date.now();
        this.lastDataAt = this.readyAt;
        this.options.circuitBreaker?.recordSuccess();
        this.error = null;
        this.setState('connected');
      },
      reconnect: (reason) => {
        if (socket === this.socket) this.drop(socket, reason);
      },
      fail: (error) => {
        if (socket === this.socket || this.socket === null) this.fatal(this.redactor.redactError(error));
      },
    };
  }

  /** Terminates `socket` (no close handshake: it may be dead) and lets close schedule the retry. */
  private drop(socket: WebSocket, reason: string): void {
    if (socket !== this.socket) return;
    this.socket = null;
    this.stopWatchdog();
    socket.terminate();
    if (!this.stopping) this.onDropped(reason);
  }

  private onDropped(reason: string): void {
    const wasReady = this.ready;
    this.ready = false;
    this.error = this.redactor.redact(reason);
    const now = Date.now();
    if (wasReady && now - this.readyAt >= this.settings.stableAfterMs) this.backoff.reset();
    if (!wasReady) this.options.circuitBreaker?.recordFailure(now);
    this.logger.warn({ connection: this.options.name, reason: this.error }, 'market data connection lost');
    this.guard(() => this.options.onDisconnect?.(this.error ?? reason, wasReady));
    this.setState(this.everReady ? 'degraded' : 'connecting');
    this.scheduleConnect(this.backoff.nextDelayMs(), this.error);
  }

  private scheduleConnect(delayMs: number, reason: string): void {
    if (this.stopping || this.retryTimer !== null) return;
    this.logger.info({ connection: this.options.name, delayMs, reason }, 'reconnecting');
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delayMs);
  }

  private fatal(error: Error): void {
    this.error = error.message;
    this.logger.error({ connection: this.options.name, error: error.message }, 'market data connection stopped');
    this.stopping = true;
    this.ready = false;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.stopWatchdog();
    const socket = this.socket;
    this.socket = null;
    if (socket !== null) {
      if (socket.readyState === WebSocket.OPEN) socket.close(1000, 'client stop');
      else socket.terminate();
    }
    this.setState('stopped');
  }

  private startWatchdog(socket: WebSocket): void {
    this.stopWatchdog();
    const s = this.settings;
    const tick = Math.max(5, Math.min(s.pingIntervalMs, s.silenceTimeoutMs / 4, s.dataSilenceTimeoutMs / 4, 1_000));
    this.watchdog = setInterval(() => {
      if (socket !== this.socket) return;
      const now = Date.now();
      if (now - this.lastReadAt > s.silenceTimeoutMs) {
        this.drop(socket, `no frame for ${now - this.lastReadAt} ms (silence timeout ${s.silenceTimeoutMs} ms)`);
      } else if (this.ready && now - this.lastDataAt > s.dataSilenceTimeoutMs) {
        this.drop(
          socket,
          `no data for ${now - this.lastDataAt} ms (data silence timeout ${s.dataSilenceTimeoutMs} ms)`,
        );
      } else if (!this.ready && now - this.openedAt > s.handshakeTimeoutMs) {
        this.drop(socket, `not authenticated and subscribed within ${s.handshakeTimeoutMs} ms`);
      } else if (now - this.lastPingAt >= s.pingIntervalMs && socket.readyState === WebSocket.OPEN) {
        this.lastPingAt = now;
        socket.ping();
      }
    }, tick);
    this.watchdog.unref();
  }

  private stopWatchdog(): void {
    if (this.watchdog !== null) clearInterval(this.watchdog);
    this.watchdog = null;
  }

  private guard(hook: () => void): void {
    try {
      hook();
    } catch (error) {
      this.logger.error(
        { connection: this.options.name, error: this.redactor.redact(String(error)) },
        'market data hook threw',
      );
    }
  }

  private setState(state: SourceState): void {
    if (state === this.currentState) return;
    this.currentState = state;
    this.guard(() => this.options.onStateChange?.(state, this.error));
  }
}
