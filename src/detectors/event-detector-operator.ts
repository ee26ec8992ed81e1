/**
 * Runs a detector over per-symbol market events (quotes for the spread blow-out, trades or quotes
 * for processing latency) as a pipeline operator: one detector instance per symbol, created on
 * the symbol's first event; score (pure), then learn (skipped for triggered inputs in protect
 * mode), and an Anomaly for each triggered score. Ids are deterministic (detector, symbol,
 * stream, event time and the event's order among equal event times), so replays are idempotent.
 *
 * Quotes and trades come hundreds a minute, so one blown-out spread would otherwise be hundreds
 * of anomalies. With `episodeGap`, triggered inputs of a symbol less than that apart form one
 * episode: its first input is reported, and again the first one that raises the severity
 * (warning → critical); the rest only update when the episode was last seen.
 */
import type { Anomaly, Micros, Severity } from '../core/events.js';
import type { Emit, Operator } from '../core/operator.js';
import type { Detector, StepOptions } from './detector.js';
import { scoreThenLearn } from './detector.js';

export interface SymbolEvent {
  readonly symbol: string;
  readonly tsEvent: Micros;
  readonly tsRecv: Micros;
}

export interface EventDetectorOptions extends StepOptions {
  /** Triggered inputs of a symbol at most this far apart (µs of event time) are one episode; 0 reports each. */
  readonly episodeGap?: Micros;
}

interface SymbolProgress {
  /** Event time of the symbol's last input and how many inputs before it shared that time. */
  readonly lastTs: number;
  readonly sameTs: number;
  /** Event time of the last triggered input (−∞ if none). */
  readonly lastTriggered: number;
  /** Highest severity reported in the current episode (0 none, 1 info, 2 warning, 3 critical). */
  readonly episodeRank: number;
}

export interface EventDetectorState<S> {
  /** Per symbol: the detector's state and its progress (episode fields absent in older snapshots). */
  readonly symbols: Record<string, { readonly detector: S } & Partial<SymbolProgress>>;
}

interface PerSymbol<I, S> {
  readonly detector: Detector<I, S>;
  lastTs: number;
  sameTs: number;
  lastTriggered: number;
  episodeRank: number;
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 1, warning: 2, critical: 3 };

export class EventDetectorOperator<I extends SymbolEvent, S> implements Operator<I, Anomaly, EventDetectorState<S>> {
  private symbols = new Map<string, PerSymbol<I, S>>();

  constructor(
    private readonly create: () => Detector<I, S>,
    /** Label of the input stream, used as the anomaly's timeframe (e.g. `quote`, `trade`). */
    readonly stream: string,
    private readonly options: EventDetectorOptions = {},
  ) {}

  /** The last symbol's entry: the pipeline gives each symbol its own operator, so this saves the map lookup. */
  private lastSymbol: string | null = null;
  private lastEntry: PerSymbol<I, S> | null = null;

  private entry(symbol: string): PerSymbol<I, S> {
    if (symbol === this.lastSymbol && this.lastEntry !== null) return this.lastEntry;
    let entry = this.symbols.get(symbol);
    if (entry === undefined) {
      entry = {
        detector: this.create(),
        lastTs: Number.NEGATIVE_INFINITY,
        sameTs: 0,
        lastTriggered: Number.NEGATIVE_INFINITY,
        episodeRank: 0,
      };
      this.symbols.set(symbol, entry);
    }
    this.lastSymbol = symbol;
    this.lastEntry = entry;
    return entry;
  }

  next(input: I, emit: Emit<Anomaly>): void {
    const entry = this.entry(input.symbol);
    entry.sameTs = input.tsEvent === entry.lastTs ? entry.sameTs + 1 : 0;
    entry.lastTs = input.tsEvent;
    const result = scoreThenLearn(entry.detector, input, this.options);
    if (result === null || !result.triggered) return;
    const rank = SEVERITY_RANK[result.severity];
    const gap = this.options.episodeGap ?? 0;
    // Abs: an input may come a little out of event-time order.
    const sameEpisode = gap > 0 && Math.abs(input.tsEvent - entry.lastTriggered) <= gap;
    entry.lastTriggered = input.tsEvent;
    if (sameEpisode && rank <= entry.episodeRank) return;
    entry.episodeRank = sameEpisode ? Math.max(rank, entry.episodeRank) : rank;
    const name = entry.detector.name;
    emit({
      type: 'anomaly',
      id: `${name}:${input.symbol}:${this.stream}:${input.tsEvent}:${entry.sameTs}`,
      symbol: input.symbol,
      timeframe: this.stream,
      ts: input.tsEvent,
      kind: entry.detector.kind,
      severity: result.severity,
      score: result.score,
      rawScore: result.raw,
      detector: name,
      message: result.message,
      explanation: result.explanation,
      context: result.context,
      tsRecv: input.tsRecv,
    });
  }

  onTime(_now: Micros, _emit: Emit<Anomaly>): void {
    // Event detectors act on events; the stale-feed monitor handles silence.
  }

  snapshot(): EventDetectorState<S> {
    const symbols: Record<string, { detector: S } & SymbolProgress> = {};
    for (const [symbol, entry] of this.symbols)
      symbols[symbol] = {
        detector: entry.detector.snapshot(),
        lastTs: entry.lastTs,
        sameTs: entry.sameTs,
        lastTriggered: entry.lastTriggered,
        episodeRank: entry.episodeRank,
      };
    return { symbols };
  }

  restore(state: EventDetectorState<S>): void {
    this.symbols = new Map();
    this.lastSymbol = this.lastEntry = null;
    for (const [symbol, saved] of Object.entries(state.symbols)) {
      const entry = this.entry(symbol);
      entry.detector.restore(saved.detector);
      entry.lastTs = saved.lastTs ?? Number.NEGATIVE_INFINITY;
      entry.sameTs = saved.sameTs ?? 0;
      entry.lastTriggered = saved.lastTriggered ?? Number.NEGATIVE_INFINITY;
      entry.episodeRank = saved.episodeRank ?? 0;
    }
  }

  reset(): void {
    this.symbols = new Map();
    this.lastSymbol = this.lastEntry = null;
  }
}
