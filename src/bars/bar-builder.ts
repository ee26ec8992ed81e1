/**
 * Event-time OHLCV bars for one (symbol, timeframe).
 *
 * - Intraday windows align to the epoch (UTC); a daily (1d) window is the session of the
 *   instrument's calendar, and trades outside sessions are left out of it (and counted).
 * - A trade at or after the forming window's end closes it (`bar`, revision 0) and opens the next;
 *   on a quiet feed `onTime(now)` closes it once end + closeDelay <= now.
 * - Closed windows are retained while (newest event time - allowedLateness) < window end; a late
 *   trade in one amends it and emits a `bar.correction` with the whole bar and revision + 1. A late
 *   trade in a window that had no bar yet corrects it into existence (revision 1: revision 0 was
 *   the empty window). Older trades are counted in `tooLate` (the Validator, configured with the
 *   same lateness, quarantines them first).
 * - `bar.partial` shows the forming window, at most once per `partialInterval` of event time: on
 *   the first trade of each interval slot, slots starting at a phase that depends on the symbol
 *   and timeframe (`partialPhase`). Windows align to the clock, so without the phase every
 *   symbol's forming bars would be due on the same trade batch; the phase spreads them evenly
 *   over the interval, and a new window's first forming bar waits for its slot like the others
 *   (the closed bar before it is never delayed).
 * - With `fillGaps`, empty windows between trades (and, on timers, up to now) become flat
 *   zero-volume bars at the previous close; when a correction changes that close, the flat bars
 *   after it are corrected too, so the final revisions equal a batch recomputation.
 *
 * Hot path (a trade inside the forming window): O(1), no allocation except emitted events.
 */
import type { Bar, BarCorrection, Micros, PartialBar, Trade } from '../core/events.js';
import type { Emit, Operator } from '../core/operator.js';
import type { Timeframe } from '../core/time.js';
import { floorTo } from '../core/time.js';
import type { FlatRunState, WindowState } from './bar-window.js';
import { FlatRun, WindowAccumulator } from './bar-window.js';
import type { Session, SessionCalendar } from './sessions.js';

export type BarEvent = Bar | PartialBar | BarCorrection;

/**
 * What became of a provider bar offered to a builder (`ingestBar`): merged into its window;
 * left out because its window is older than everything the builder still holds, or outside the
 * sessions; or not for this builder at all (its windows are finer than the bar).
 */
export type BarIngestOutcome = 'ingested' | 'too-late' | 'outside-session' | 'finer';

export interface BarBuilderConfig {
  readonly symbol: string;
  /** From parseTimeframe; the `daily` kind follows the session calendar. */
  readonly timeframe: Timeframe;
  /** Drives 1d bars: the bar is the session [open, close). Intraday bars align to the epoch (UTC). */
  readonly sessions: SessionCalendar;
  /** Closed bars are kept while (newest event time - allowedLateness) < bar end; late trades amend them. */
  readonly allowedLateness: Micros;
  /** onTime(now): a window whose end + closeDelay <= now closes even if no later trade came. */
  readonly closeDelay: Micros;
  /**
   * Emit `bar.partial` at most once per this much event time (0 = every trade, null = never), in
   * slots offset by `partialPhase(symbol, timeframe, interval)`.
   */
  readonly partialInterval: Micros | null;
  /**
   * Emit flat zero-volume bars (OHLC = previous close) for empty windows. Timers publish one per
   * elapsed window on a quiet feed, so prefer it for coarse timeframes or continuous markets.
   */
  readonly fillGaps: boolean;
}

export interface BarBuilderState {
  /** The forming window, or null. */
  readonly current: WindowState | null;
  /** Closed windows still open to corrections (the newest is always kept), in time order. */
  readonly retained: ReadonlyArray<WindowState | FlatRunState>;
  /** Newest trade event time seen, or null before the first trade. */
  readonly maxEventTime: Micros | null;
  /** Event time of the last partial (slots run across windows), or null. */
  readonly lastPartialAt: Micros | null;
  readonly tooLate: number;
  readonly outsideSession: number;
}

type Retained = WindowAccumulator | FlatRun;

export class BarBuilder implements Operator<Trade, BarEvent, BarBuilderState> {
  private current: WindowAccumulator | null = null;
  private retained: Retained[] = [];
  private maxEventTime = Number.NEGATIVE_INFINITY;
  private lastPartialAt: Micros | null = null;
  private tooLateCount = 0;
  private outsideSessionCount = 0;
  private readonly daily: boolean;
  private readonly width: Micros;
  private readonly partialOffset: Micros;

  constructor(private readonly config: BarBuilderConfig) {
    const { allowedLateness, closeDelay, partialInterval } = config;
    if (!(allowedLateness >= 0))
      throw new Error(`bar builder: allowedLateness must be >= 0 µs, got ${allowedLateness}`);
    if (!(closeDelay >= 0)) throw new Error(`bar builder: closeDelay must be >= 0 µs, got ${closeDelay}`);
    if (partialInterval !== null && !(partialInterval >= 0)) {
      throw new Error(`bar builder: partialInterval must be >= 0 µs or null, got ${partialInterval}`);
    }
    this.daily = config.timeframe.kind === 'daily';
    this.width = config.timeframe.micros;
    this.partialOffset = partialInterval ? partialPhase(config.symbol, config.timeframe.label, partialInterval) : 0;
  }

  /** Trades older than every retained window (beyond the allowed lateness), dropped. */
  get tooLate(): number {
    return this.tooLateCount;
  }

  /** Trades outside the calendar's sessions (daily bars only), left out of the bars. */
  get outsideSession(): number {
    return this.outsideSessionCount;
  }

  next(trade: Trade, emit: Emit<BarEvent>): void {
    if (trade.symbol !== this.config.symbol) {
      throw new Error(
        `bar builder for ${this.config.symbol} received a trade of ${trade.symbol}: route trades by symbol`,
      );
    }
    const ts = trade.tsEvent;
    if (ts > this.maxEventTime) this.maxEventTime = ts;
    const current = this.current;
    if (current !== null && ts >= current.start && ts < current.end) {
      current.add(trade);
      this.emitPartialIfDue(current, emit);
    } else if (ts >= (current?.end ?? this.last()?.end ?? Number.NEGATIVE_INFINITY)) {
      this.advance(trade, ts, emit);
    } else {
      this.amend(trade, emit);
    }
    this.prune();
  }

  /**
   * A closed bar of a finer or equal timeframe (a provider's minute bar), merged as if its trades
   * had come: after everything held it opens (or extends) the forming window, inside the forming
   * window it is added, before it it amends the retained window with a `bar.correction`. Unlike a
   * late trade it is bounded by what the builder still holds, not by the allowed lateness: a
   * gap-fill bar arrives minutes late by nature. Whether the bar's own window already has trades
   * is decided by the caller (SymbolBars), as only the bar's own timeframe can tell.
   */
  ingestBar(bar: Bar, emit: Emit<BarEvent>): BarIngestOutcome {
    if (!this.daily && this.width < bar.end - bar.start) return 'finer';
    const window = this.windowContaining(bar.start);
    if (window === null) {
      this.outsideSessionCount++;
      return 'outside-session';
    }
    if (bar.end > window.end) {
      throw new Error(
        `bar builder ${this.config.symbol} ${this.config.timeframe.label}: a bar over [${bar.start}, ${bar.end}) straddles the window [${window.start}, ${window.end}): ingest bars aligned to the timeframe`,
      );
    }
    if (bar.start < this.oldestHeldStart()) return 'too-late';
    if (bar.tsEvent > this.maxEventTime) this.maxEventTime = bar.tsEvent;
    const current = this.current;
    if (current !== null && bar.start >= current.start && bar.start < current.end) {
      current.addBar(bar);
      this.emitPartialIfDue(current, emit);
    } else if (bar.start >= (current?.end ?? this.last()?.end ?? Number.NEGATIVE_INFINITY)) {
      this.advance(bar, bar.start, emit);
    } else {
      this.amendWindow(bar, bar.start, window, emit);
    }
    this.prune();
    return 'ingested';
  }

  /**
   * Whether the window of this timeframe starting at or containing `start` was built from trades:
   * 'trades'; 'open' when it is empty or after everything held; 'too-late' when it is older than
   * every window the builder still holds (nothing is known about it any more).
   */
  windowState(start: Micros): 'trades' | 'open' | 'too-late' {
    if (start < this.oldestHeldStart()) return 'too-late';
    const current = this.current;
    if (current !== null && start >= current.start && start < current.end) return 'trades';
    for (let i = this.retained.length - 1; i >= 0; i--) {
      const held = this.retained[i] as Retained;
      if (held.start > start) continue;
      return held instanceof WindowAccumulator && start < held.end ? 'trades' : 'open';
    }
    return 'open';
  }

  private oldestHeldStart(): Micros {
    return this.retained[0]?.start ?? this.current?.start ?? Number.NEGATIVE_INFINITY;
  }

  /**
   * The earliest processing time at which `onTime` can emit anything: the forming window's end
   * plus `closeDelay`, or with gap filling the next empty window's; Infinity when nothing is due.
   * Lets a driver skip `onTime` calls cheaply (the pipeline calls it for every builder otherwise).
   */
  nextDeadline(): Micros {
    if (this.current !== null) return this.current.end + this.config.closeDelay;
    const last = this.last();
    if (!this.config.fillGaps || last === undefined) return Number.POSITIVE_INFINITY;
    const window = this.windowAfter(last.end);
    return window === null ? Number.POSITIVE_INFINITY : window.end + this.config.closeDelay;
  }

  onTime(now: Micros, emit: Emit<BarEvent>): void {
    const { closeDelay } = this.config;
    if (this.current !== null && this.current.end + closeDelay <= now) this.closeCurrent(emit);
    const last = this.last();
    if (!this.config.fillGaps || this.current !== null || last === undefined) return;
    // A quiet feed: publish the empty windows that are due as flat bars, extending the last run
    // when it is an unrevised one (same close, same revision).
    const run = last instanceof FlatRun && last.revision === 0 ? last : flatRunAfter(last, last.end, last.end, 0);
    let window = this.windowAfter(last.end);
    while (window !== null && window.end + closeDelay <= now) {
      emit(this.flatEvent('bar', window, run));
      run.end = window.end;
      window = this.windowAfter(window.end);
    }
    if (run !== last && run.end > run.start) this.retained.push(run);
  }

  snapshot(): BarBuilderState {
    return {
      current: this.current?.toState() ?? null,
      retained: this.retained.map((item) => item.toState()),
      maxEventTime: Number.isFinite(this.maxEventTime) ? this.maxEventTime : null,
      lastPartialAt: this.lastPartialAt,
      tooLate: this.tooLateCount,
      outsideSession: this.outsideSessionCount,
    };
  }

  restore(state: BarBuilderState): void {
    this.current = state.current === null ? null : WindowAccumulator.fromState(state.current);
    this.retained = state.retained.map((item) =>
      item.kind === 'bar' ? WindowAccumulator.fromState(item) : FlatRun.fromState(item),
    );
    this.maxEventTime = state.maxEventTime ?? Number.NEGATIVE_INFINITY;
    this.lastPartialAt = state.lastPartialAt;
    this.tooLateCount = state.tooLate;
    this.outsideSessionCount = state.outsideSession;
  }

  reset(): void {
    this.current = null;
    this.retained = [];
    this.maxEventTime = Number.NEGATIVE_INFINITY;
    this.lastPartialAt = null;
    this.tooLateCount = 0;
    this.outsideSessionCount = 0;
  }

  /** A trade at or after the forming window's end (or the last closed one): close, fill, open. */
  private advance(input: Trade | Bar, ts: Micros, emit: Emit<BarEvent>): void {
    if (this.current !== null) this.closeCurrent(emit);
    const window = this.windowContaining(ts);
    if (window === null) {
      this.outsideSessionCount++;
      return;
    }
    const last = this.last();
    if (this.config.fillGaps && last !== undefined) this.fillBetween(last, last.end, window.start, 'bar', 0, emit);
    const opened = new WindowAccumulator(window.start, window.end);
    addTo(opened, input);
    this.current = opened;
    this.emitPartialIfDue(opened, emit);
  }

  /** A trade before the forming window: amend a retained window, or count it as too late. */
  private amend(trade: Trade, emit: Emit<BarEvent>): void {
    const ts = trade.tsEvent;
    const window = this.windowContaining(ts);
    if (window === null) {
      this.outsideSessionCount++;
      return;
    }
    if (window.end <= this.maxEventTime - this.config.allowedLateness) {
      this.tooLateCount++;
      return;
    }
    this.amendWindow(trade, ts, window, emit);
  }

  /** Adds a late trade or bar at `ts` to its window (`window`), before the forming one. */
  private amendWindow(input: Trade | Bar, ts: Micros, window: Session, emit: Emit<BarEvent>): void {
    const retained = this.retained;
    let index = retained.length - 1;
    while (index >= 0 && (retained[index] as Retained).start > ts) index--;
    const holder = retained[index];

    if (holder instanceof WindowAccumulator && ts < holder.end) {
      addTo(holder, input);
      holder.revision++;
      emit(this.barEvent('bar.correction', holder));
      this.cascade(index + 1, holder, emit);
      return;
    }

    const bar = new WindowAccumulator(window.start, window.end);
    addTo(bar, input);
    if (holder instanceof FlatRun && ts < holder.end) {
      // The trade lands in a flat (gap-filled) window: split the run around it. The part after
      // the new bar now follows the new bar's close, which the cascade publishes.
      bar.revision = holder.revision + 1;
      const after = new FlatRun(window.end, holder.end, holder.price, holder.tsEvent, holder.tsRecv, holder.revision);
      const pieces: Retained[] = [];
      if (this.hasWindowBetween(holder.start, window.start)) {
        holder.end = window.start;
        pieces.push(holder);
      }
      pieces.push(bar);
      if (this.hasWindowBetween(after.start, after.end)) pieces.push(after);
      retained.splice(index, 1, ...pieces);
      emit(this.barEvent('bar.correction', bar));
      this.cascade(retained.indexOf(bar) + 1, bar, emit);
      return;
    }

    // A window that had no bar: it is corrected into existence (revision 0 was "empty").
    bar.revision = 1;
    retained.splice(index + 1, 0, bar);
    emit(this.barEvent('bar.correction', bar));
    if (this.config.fillGaps) {
      // With gap filling, only windows before the first bar can lack one; the windows between
      // this bar and the next one were never published either, so they appear at revision 1 too.
      const nextStart = (retained[index + 2] ?? this.current)?.start;
      if (nextStart !== undefined) this.fillBetween(bar, bar.end, nextStart, 'bar.correction', 1, emit);
    }
  }

  /** Flat runs right after `bar` show its close: re-publish them when it changed. */
  private cascade(from: number, bar: WindowAccumulator, emit: Emit<BarEvent>): void {
    for (let i = from; i < this.retained.length; i++) {
      const run = this.retained[i];
      if (!(run instanceof FlatRun)) return;
      if (run.shows(bar)) continue;
      run.follow(bar);
      run.revision++;
      this.forEachWindow(run.start, run.end, (window) => emit(this.flatEvent('bar.correction', window, run)));
    }
  }

  /** Publishes the windows in [from, to) as flat bars after `source` and retains them as a run. */
  private fillBetween(
    source: Retained,
    from: Micros,
    to: Micros,
    type: 'bar' | 'bar.correction',
    revision: number,
    emit: Emit<BarEvent>,
  ): void {
    if (!this.hasWindowBetween(from, to)) return;
    const run = flatRunAfter(source, from, to, revision);
    const at = this.retained.indexOf(source) + 1;
    this.retained.splice(at === 0 ? this.retained.length : at, 0, run);
    this.forEachWindow(from, to, (window) => emit(this.flatEvent(type, window, run)));
  }

  private closeCurrent(emit: Emit<BarEvent>): void {
    const closing = this.current as WindowAccumulator;
    emit(this.barEvent('bar', closing));
    this.retained.push(closing);
    this.current = null;
  }

  private emitPartialIfDue(current: WindowAccumulator, emit: Emit<BarEvent>): void {
    const interval = this.config.partialInterval;
    if (interval === null) return;
    if (interval > 0 && this.lastPartialAt !== null) {
      const offset = this.partialOffset;
      if (Math.floor((this.maxEventTime - offset) / interval) <= Math.floor((this.lastPartialAt - offset) / interval))
        return;
    }
    this.lastPartialAt = this.maxEventTime;
    emit(this.barEvent('bar.partial', current));
  }

  /** Drops closed windows no late trade can reach any more; the newest one is always kept. */
  private prune(): void {
    const watermark = this.maxEventTime - this.config.allowedLateness;
    while (this.retained.length > 1 && (this.retained[0] as Retained).end <= watermark) this.retained.shift();
  }

  private last(): Retained | undefined {
    return this.retained[this.retained.length - 1];
  }

  private windowContaining(ts: Micros): Session | null {
    if (this.daily) return this.config.sessions.sessionAt(ts);
    const start = floorTo(ts, this.width);
    return { start, end: start + this.width };
  }

  /** The first window starting at or after `from`. */
  private windowAfter(from: Micros): Session | null {
    if (this.daily) return this.config.sessions.nextSession(from);
    const start = floorTo(from + this.width - 1, this.width);
    return { start, end: start + this.width };
  }

  private hasWindowBetween(from: Micros, to: Micros): boolean {
    const window = this.windowAfter(from);
    return window !== null && window.start < to;
  }

  private forEachWindow(from: Micros, to: Micros, visit: (window: Session) => void): void {
    for (
      let window = this.windowAfter(from);
      window !== null && window.start < to;
      window = this.windowAfter(window.end)
    ) {
      visit(window);
    }
  }

  private barEvent<T extends BarEvent['type']>(type: T, window: WindowAccumulator): Extract<BarEvent, { type: T }> {
    return {
      type,
      symbol: this.config.symbol,
      timeframe: this.config.timeframe.label,
      start: window.start,
      end: window.end,
      open: window.open,
      high: window.high,
      low: window.low,
      close: window.close,
      volume: window.volume,
      vwap: window.vwap,
      trades: window.trades,
      buyVolume: window.buyVolume,
      sellVolume: window.sellVolume,
      revision: type === 'bar.partial' ? 0 : window.revision,
      tsEvent: window.closeTs,
      tsRecv: window.tsRecv,
    } as Extract<BarEvent, { type: T }>;
  }

  private flatEvent(type: 'bar' | 'bar.correction', window: Session, run: FlatRun): Bar | BarCorrection {
    return {
      type,
      symbol: this.config.symbol,
      timeframe: this.config.timeframe.label,
      start: window.start,
      end: window.end,
      open: run.price,
      high: run.price,
      low: run.price,
      close: run.price,
      volume: 0,
      vwap: run.price,
      trades: 0,
      buyVolume: 0,
      sellVolume: 0,
      revision: run.revision,
      tsEvent: run.tsEvent,
      tsRecv: run.tsRecv,
    };
  }
}

function addTo(window: WindowAccumulator, input: Trade | Bar): void {
  if (input.type === 'trade') window.add(input);
  else window.addBar(input);
}

/** A flat run over [from, to) showing the close of `source` (a bar, or the run it continues). */
function flatRunAfter(source: Retained, from: Micros, to: Micros, revision: number): FlatRun {
  if (source instanceof FlatRun) return new FlatRun(from, to, source.price, source.tsEvent, source.tsRecv, revision);
  return new FlatRun(from, to, source.close, source.closeTs, source.closeRecv, revision);
}

/**
 * Where the forming-bar slots of (symbol, timeframe) start within `interval`: a hash (FNV-1a,
 * finalised) of both, scaled to [0, interval). Deterministic, and independent of the other symbols, so adding
 * a symbol moves no one else's cadence.
 */
export function partialPhase(symbol: string, timeframe: string, interval: Micros): Micros {
  let hash = 0x811c9dc5;
  const key = `${symbol}|${timeframe}`;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  // MurmurHash3's finaliser: similar keys (SYM1, SYM2…) land far apart.
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  hash ^= hash >>> 16;
  return Math.floor(((hash >>> 0) / 2 ** 32) * interval);
}
