/**
 * Rolling correlation matrix of bar log returns across a set of symbols, at one timeframe.
 *
 * Alignment: bars are grouped by their start (the bar time). A bar time is complete when every
 * symbol's bar for it is in, or when the first bar of a later bar time arrives (then it is
 * complete with the symbols present); a bar of an already completed bar time is ignored
 * (`late`). On completion every pair of symbols that both have a bar at that time gets one
 * observation: each symbol's log return since the pair's previous common bar time, so both
 * returns of a pair always span the same interval, even when one of them skipped bar times (no
 * trades, other sessions). Each pair's correlation is Pearson's over its last `window` common
 * returns (RollingCorrelation: O(1) per observation; 0 when either series is flat).
 *
 * Cost: O(symbols²) per completed bar time, O(1) per bar otherwise; memory O(symbols² · window).
 * Each completion emits a CorrelationMatrixEvent with the whole matrix (pairs without a common
 * observation at that time keep their last value); `matrix()` returns the latest for the API.
 */
import type { Bar, BarCorrection, CorrelationMatrixEvent, Micros, PartialBar } from '../core/events.js';
import type { Emit, Operator } from '../core/operator.js';
import {
  RollingCorrelation,
  type PairedObservation,
  type RollingCorrelationState,
} from '../indicators/statistics/rolling-correlation.js';
import { finiteOrNull } from './feature-vector.js';

export interface CorrelationMatrixConfig {
  readonly timeframe: string;
  /** The symbols, in matrix order (at least 2). */
  readonly symbols: readonly string[];
  /** Common returns per correlation (default 60). */
  readonly window?: number;
}

export const DEFAULT_CORRELATION_WINDOW = 60;

interface PairState {
  readonly correlation: RollingCorrelationState;
  /** Closes of the two symbols at the pair's last common bar time. */
  readonly lastCloses: readonly [number, number] | null;
}

export interface CorrelationMatrixState {
  /** The bar time being collected, or null. */
  readonly pending: {
    readonly start: Micros;
    readonly end: Micros;
    readonly tsRecv: Micros;
    readonly closes: (number | null)[];
  } | null;
  readonly lastCompletedStart: Micros | null;
  /** Upper triangle, row by row: (0,1), (0,2), …, (1,2), … */
  readonly pairs: PairState[];
  readonly matrix: (number | null)[];
  readonly late: number;
}

/** A mutable observation, reused for every pair (RollingCorrelation only reads it). */
interface Observation {
  x: number;
  y: number;
}

export class CorrelationMatrix implements Operator<
  Bar | PartialBar | BarCorrection,
  CorrelationMatrixEvent,
  CorrelationMatrixState
> {
  readonly timeframe: string;
  readonly symbols: readonly string[];
  readonly window: number;
  private readonly indexBySymbol: ReadonlyMap<string, number>;
  private readonly correlations: RollingCorrelation[] = [];
  /** Per pair: the two closes at its last common bar time (NaN before one). */
  private readonly lastCloses: Float64Array;
  /** n × n, row-major; NaN where unknown. */
  private readonly values: Float64Array;
  /** Closes of the pending bar time, NaN for symbols without a bar yet. */
  private readonly pendingCloses: Float64Array;
  private pendingCount = 0;
  private pendingStart = Number.NaN;
  private pendingEnd = Number.NaN;
  private pendingTsRecv = Number.NaN;
  private lastCompletedStart = Number.NEGATIVE_INFINITY;
  private lateCount = 0;
  private readonly observation: Observation = { x: 0, y: 0 };

  constructor(config: CorrelationMatrixConfig) {
    const { timeframe, symbols, window = DEFAULT_CORRELATION_WINDOW } = config;
    if (symbols.length < 2)
      throw new Error(`correlation matrix ${timeframe}: needs at least 2 symbols, got ${symbols.length}`);
    if (!Number.isInteger(window) || window < 2)
      throw new Error(`correlation matrix ${timeframe}: window must be an integer of at least 2, got ${window}`);
    this.timeframe = timeframe;
    this.symbols = Object.freeze([...symbols]);
    this.window = window;
    this.indexBySymbol = new Map(symbols.map((symbol, i) => [symbol, i] as const));
    if (this.indexBySymbol.size !== symbols.length)
      throw new Error(`correlation matrix ${timeframe}: a symbol is listed twice`);
    const n = symbols.length;
    for (let p = 0; p < (n * (n - 1)) / 2; p++) this.correlations.push(new RollingCorrelation(window));
    this.lastCloses = new Float64Array(n * (n - 1)).fill(Number.NaN);
    this.values = new Float64Array(n * n);
    this.pendingCloses = new Float64Array(n).fill(Number.NaN);
    this.clearValues();
  }

  /** Bars ignored because their bar time was already complete. */
  get late(): number {
    return this.lateCount;
  }

  /** The latest correlation of two symbols, NaN while it warms up; throws on an unknown symbol. */
  correlation(a: string, b: string): number {
    return this.values[this.index(a) * this.symbols.length + this.index(b)] as number;
  }

  /** The latest matrix, row-major, null where unknown (JSON-friendly, a copy). */
  matrix(): (number | null)[] {
    return Array.from(this.values, finiteOrNull);
  }

  next(bar: Bar | PartialBar | BarCorrection, emit: Emit<CorrelationMatrixEvent>): void {
    if (bar.type !== 'bar' || bar.timeframe !== this.timeframe) return;
    const i = this.index(bar.symbol);
    if (bar.start <= this.lastCompletedStart || bar.start < this.pendingStart) {
      this.lateCount++;
      return;
    }
    if (bar.start > this.pendingStart) this.complete(emit);
    if (Number.isNaN(this.pendingStart)) {
      this.pendingStart = bar.start;
      this.pendingEnd = bar.end;
      this.pendingTsRecv = bar.tsRecv;
    }
    if (Number.isNaN(this.pendingCloses[i] as number)) this.pendingCount++;
    this.pendingCloses[i] = bar.close;
    if (bar.end > this.pendingEnd) this.pendingEnd = bar.end;
    if (bar.tsRecv > this.pendingTsRecv) this.pendingTsRecv = bar.tsRecv;
    if (this.pendingCount === this.symbols.length) this.complete(emit);
  }

  onTime(_now: Micros, _emit: Emit<CorrelationMatrixEvent>): void {
    // A bar time completes on bars only, so replay and live align identically.
  }

  private index(symbol: string): number {
    const i = this.indexBySymbol.get(symbol);
    if (i === undefined)
      throw new Error(`correlation matrix ${this.timeframe}: ${symbol} is not one of ${this.symbols.join(', ')}`);
    return i;
  }

  /** Feeds every pair present at the pending bar time, emits the matrix, starts afresh. */
  private complete(emit: Emit<CorrelationMatrixEvent>): void {
    if (Number.isNaN(this.pendingStart)) return;
    const n = this.symbols.length;
    const closes = this.pendingCloses;
    const observation = this.observation;
    let pair = 0;
    for (let i = 0; i < n; i++) {
      const closeI = closes[i] as number;
      for (let j = i + 1; j < n; j++, pair++) {
        const closeJ = closes[j] as number;
        if (Number.isNaN(closeI) || Number.isNaN(closeJ)) continue;
        const lastI = this.lastCloses[2 * pair] as number;
        const lastJ = this.lastCloses[2 * pair + 1] as number;
        this.lastCloses[2 * pair] = closeI;
        this.lastCloses[2 * pair + 1] = closeJ;
        if (Number.isNaN(lastI)) continue;
        observation.x = Math.log(closeI / lastI);
        observation.y = Math.log(closeJ / lastJ);
        const r = (this.correlations[pair] as RollingCorrelation).next(observation as PairedObservation) ?? Number.NaN;
        this.values[i * n + j] = r;
        this.values[j * n + i] = r;
      }
    }
    emit({
      type: 'correlation',
      timeframe: this.timeframe,
      ts: this.pendingEnd,
      start: this.pendingStart,
      tsRecv: this.pendingTsRecv,
      window: this.window,
      symbols: this.symbols,
      values: this.matrix(),
    });
    this.lastCompletedStart = this.pendingStart;
    this.clearPending();
  }

  private clearPending(): void {
    this.pendingCloses.fill(Number.NaN);
    this.pendingCount = 0;
    this.pendingStart = this.pendingEnd = this.pendingTsRecv = Number.NaN;
  }

  private clearValues(): void {
    const n = this.symbols.length;
    this.values.fill(Number.NaN);
    for (let i = 0; i < n; i++) this.values[i * n + i] = 1;
  }

  snapshot(): CorrelationMatrixState {
    const pairs: PairState[] = this.correlations.map((correlation, p) => {
      const a = this.lastCloses[2 * p] as number;
      const b = this.lastCloses[2 * p + 1] as number;
      return { correlation: correlation.snapshot(), lastCloses: Number.isNaN(a) ? null : [a, b] };
    });
    return {
      pending: Number.isNaN(this.pendingStart)
        ? null
        : {
            start: this.pendingStart,
            end: this.pendingEnd,
            tsRecv: this.pendingTsRecv,
            closes: Array.from(this.pendingCloses, finiteOrNull),
          },
      lastCompletedStart: Number.isFinite(this.lastCompletedStart) ? this.lastCompletedStart : null,
      pairs,
      matrix: this.matrix(),
      late: this.lateCount,
    };
  }

  restore(state: CorrelationMatrixState): void {
    if (state.pairs.length !== this.correlations.length)
      throw new Error(`correlation matrix ${this.timeframe}: the snapshot has another number of symbols`);
    this.clearPending();
    if (state.pending !== null) {
      this.pendingStart = state.pending.start;
      this.pendingEnd = state.pending.end;
      this.pendingTsRecv = state.pending.tsRecv;
      state.pending.closes.forEach((close, i) => {
        if (close === null) return;
        this.pendingCloses[i] = close;
        this.pendingCount++;
      });
    }
    this.lastCompletedStart = state.lastCompletedStart ?? Number.NEGATIVE_INFINITY;
    state.pairs.forEach((pair, p) => {
      (this.correlations[p] as RollingCorrelation).restore(pair.correlation);
      this.lastCloses[2 * p] = pair.lastCloses?.[0] ?? Number.NaN;
      this.lastCloses[2 * p + 1] = pair.lastCloses?.[1] ?? Number.NaN;
    });
    state.matrix.forEach((value, k) => (this.values[k] = value ?? Number.NaN));
    this.lateCount = state.late;
  }

  reset(): void {
    for (const correlation of this.correlations) correlation.reset();
    this.lastCloses.fill(Number.NaN);
    this.clearValues();
    this.clearPending();
    this.lastCompletedStart = Number.NEGATIVE_INFINITY;
    this.lateCount = 0;
  }
}
