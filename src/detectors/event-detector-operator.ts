/**
 * Runs a detector over per-symbol market events (quotes for the spread blow-out, trades or quotes
 * for processing latency) as a pipeline operator: one detector instance per symbol, created on
 * the symbol's first event; score (pure), then learn (skipped for triggered inputs in protect
 * mode), and an Anomaly for each triggered score. Ids are deterministic (detector, symbol,
 * stream, event time and the event's order among equal event times), so replays are idempotent.
 */
import type { Anomaly, Micros } from '../core/events.js';
import type { Emit, Operator } from '../core/operator.js';
import type { Detector, StepOptions } from './detector.js';
import { scoreThenLearn } from './detector.js';

export interface SymbolEvent {
  readonly symbol: string;
  readonly tsEvent: Micros;
  readonly tsRecv: Micros;
}

export interface EventDetectorState<S> {
  /** Per symbol: the detector's state, the last event time and how many events shared it. */
  readonly symbols: Record<string, { readonly detector: S; readonly lastTs: number; readonly sameTs: number }>;
}

interface PerSymbol<I, S> {
  readonly detector: Detector<I, S>;
  lastTs: number;
  sameTs: number;
}

export class EventDetectorOperator<I extends SymbolEvent, S> implements Operator<I, Anomaly, EventDetectorState<S>> {
  private symbols = new Map<string, PerSymbol<I, S>>();

  constructor(
    private readonly create: () => Detector<I, S>,
    /** Label of the input stream, used as the anomaly's timeframe (e.g. `quote`, `trade`). */
    readonly stream: string,
    private readonly options: StepOptions = {},
  ) {}

  private entry(symbol: string): PerSymbol<I, S> {
    let entry = this.symbols.get(symbol);
    if (entry === undefined) {
      entry = { detector: this.create(), lastTs: Number.NEGATIVE_INFINITY, sameTs: 0 };
      this.symbols.set(symbol, entry);
    }
    return entry;
  }

  next(input: I, emit: Emit<Anomaly>): void {
    const entry = this.entry(input.symbol);
    entry.sameTs = input.tsEvent === entry.lastTs ? entry.sameTs + 1 : 0;
    entry.lastTs = input.tsEvent;
    const result = scoreThenLearn(entry.detector, input, this.options);
    if (result === null || !result.triggered) return;
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
    const symbols: Record<string, { detector: S; lastTs: number; sameTs: number }> = {};
    for (const [symbol, entry] of this.symbols)
      symbols[symbol] = { detector: entry.detector.snapshot(), lastTs: entry.lastTs, sameTs: entry.sameTs };
    return { symbols };
  }

  restore(state: EventDetectorState<S>): void {
    this.symbols = new Map();
    for (const [symbol, saved] of Object.entries(state.symbols)) {
      const entry = this.entry(symbol);
      entry.detector.restore(saved.detector);
      entry.lastTs = saved.lastTs;
      entry.sameTs = saved.sameTs;
    }
  }

  reset(): void {
    this.symbols = new Map();
  }
}
