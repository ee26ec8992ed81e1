/**
 * The edge contract every market-data source implements (Polygon, Alpaca, Binance, Coinbase,
 * REST pollers, …). A source is started with a sink and pushes tickwatch events into it; it
 * reconnects on its own and reports its health through `status()` and `sink.status`. Each
 * source runs and fails independently: a fatal error (a rejected key) stops only that source.
 */
import type { MarketEvent, Micros } from '../../core/events.js';
import type { GapReport } from './gap-detector.js';

/** A bar as a provider publishes it (Polygon AM/A/XA, Alpaca b/u/d, Binance kline, REST history). */
export interface SourceBar {
  readonly type: 'source.bar';
  readonly source: string;
  readonly symbol: string;
  /** tickwatch timeframe label: `1s`, `1m`, `1h`, `1d`, … */
  readonly timeframe: string;
  /** Window start and end, µs (half-open [start, end)). */
  readonly start: Micros;
  readonly end: Micros;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  /** Volume-weighted average price, NaN when the provider does not send it. */
  readonly vwap: number;
  /** Trade count, NaN when the provider does not send it. */
  readonly trades: number;
  /** `updated`: a re-issue of a bar already sent (Alpaca `u`, a Binance kline not yet closed). */
  readonly revision: 'final' | 'updated' | 'partial';
  readonly tsRecv: Micros;
}

export type SourceState = 'connecting' | 'connected' | 'degraded' | 'stopped';

export interface SourceCounters {
  /** Frames received from the provider (data and control). */
  frames: number;
  /** Trades and quotes handed to the sink. */
  events: number;
  bars: number;
  /** Frames or messages that could not be parsed (garbage, bad numbers, bad timestamps). */
  malformed: number;
  /** Well-formed messages of a type this adapter does not use. */
  ignored: number;
  /** Trades dropped by the condition filter (e.g. Polygon official-open markers). */
  filtered: number;
  reconnects: number;
  gaps: number;
  /** Provider error/status messages (Polygon `status:error`, Alpaca `T:error`). */
  providerErrors: number;
}

export function emptyCounters(): SourceCounters {
  return {
    frames: 0,
    events: 0,
    bars: 0,
    malformed: 0,
    ignored: 0,
    filtered: 0,
    reconnects: 0,
    gaps: 0,
    providerErrors: 0,
  };
}

export interface SourceStatus {
  readonly name: string;
  readonly state: SourceState;
  /** Redacted (keys masked) description of the last error, or null. */
  readonly lastError: string | null;
  /** Wall-clock ms of the last state change. */
  readonly since: number;
  readonly counters: Readonly<SourceCounters>;
  /** Per-connection detail for sources with several sockets (Polygon: one per cluster). */
  readonly connections?: readonly { readonly name: string; readonly state: SourceState }[];
}

export interface SourceSink {
  /** Trades and quotes, in arrival order; duplicates and out-of-order ones included (the validator judges). */
  event(event: MarketEvent): void;
  /** Provider bars (optional: a sink that builds its own bars may ignore them). */
  bar?(bar: SourceBar): void;
  /** A detected gap, to be filled from the provider's REST history. */
  gap?(gap: GapReport): void;
  /** Called on every state change. */
  status?(status: SourceStatus): void;
}

export interface Source {
  readonly name: string;
  /** Starts connecting; returns at once. Progress and failures show in status(). */
  start(sink: SourceSink): void;
  /** Closes every connection and timer; resolves when closed. Safe to call twice. */
  stop(): Promise<void>;
  status(): SourceStatus;
}

/** Minimal structured logger (pino's Logger satisfies it). Messages must already be redacted. */
export interface SourceLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export const silentLogger: SourceLogger = { info() {}, warn() {}, error() {} };
