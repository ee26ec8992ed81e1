/**
 * Backfill: fetch a provider's historical bars for each symbol over [from, to) and store them.
 *
 *  - Resumable: after every page the bars and a cursor (the end of the last stored bar) are
 *    committed in ONE transaction (`Store.write({ bars, checkpoints })`), keyed by
 *    (source, symbol, timeframe). An interrupted run resumes at the cursor; a finished range
 *    is skipped unless `restart` is set.
 *  - Idempotent: bars are upserted by (symbol, timeframe, start) at revision 0, so writing a
 *    bar again stores nothing new; running twice adds no rows.
 *  - Gap accounting: holes (missing bar windows between two stored bars) are counted in the
 *    stored series before and after the run: "filled" are holes the provider had bars for;
 *    "remaining" are windows it has none for (no trades, or the market was closed).
 * Only closed bars are stored: a bar whose window has not ended yet would change later.
 */
import type { Bar, Micros } from '../../core/events.js';
import type { SourceBar } from '../common/source.js';
import type { Store } from '../../store/store.js';
import type { BarHistory } from './history-sources.js';

export interface BackfillProgress {
  readonly symbol: string;
  /** Fraction of this symbol's range covered, 0..1. */
  readonly fraction: number;
  /** Bars received from the provider so far (all symbols). */
  readonly rows: number;
}

export interface BackfillOptions {
  readonly store: Store;
  readonly history: BarHistory;
  readonly symbols: readonly string[];
  readonly timeframe: string;
  readonly from: Micros;
  readonly to: Micros;
  /** Ignore stored cursors and fetch the whole range again (still idempotent). */
  readonly restart?: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: BackfillProgress) => void;
}

export interface SymbolSummary {
  readonly symbol: string;
  /** Closed bars received from the provider in this run. */
  readonly rows: number;
  /** Bars that were not in the store before. */
  readonly added: number;
  readonly resumedFrom: Micros | null;
  readonly skipped: boolean;
  readonly gapsFound: number;
  readonly gapsFilled: number;
  readonly gapsRemaining: number;
}

export interface BackfillSummary {
  readonly source: string;
  readonly timeframe: string;
  readonly rows: number;
  readonly added: number;
  readonly gapsFound: number;
  readonly gapsFilled: number;
  readonly gapsRemaining: number;
  readonly symbols: readonly SymbolSummary[];
}

interface Cursor {
  readonly from: Micros;
  readonly to: Micros;
  /** Bars before this start are stored. */
  readonly next: Micros;
}

export function backfillCursorKey(source: string, symbol: string, timeframe: string): string {
  return `backfill:${source}:${symbol}:${timeframe}`;
}

export async function runBackfill(options: BackfillOptions): Promise<BackfillSummary> {
  if (!(options.to > options.from)) throw new Error('backfill: --to must be after --from');
  const symbols: SymbolSummary[] = [];
  let rows = 0;
  for (const symbol of options.symbols) {
    options.signal?.throwIfAborted();
    const summary = await backfillSymbol(options, symbol, rows);
    rows += summary.rows;
    symbols.push(summary);
  }
  const sum = (pick: (s: SymbolSummary) => number): number => symbols.reduce((total, s) => total + pick(s), 0);
  return {
    source: options.history.source,
    timeframe: options.timeframe,
    rows,
    added: sum((s) => s.added),
    gapsFound: sum((s) => s.gapsFound),
    gapsFilled: sum((s) => s.gapsFilled),
    gapsRemaining: sum((s) => s.gapsRemaining),
    symbols,
  };
}

async function backfillSymbol(options: BackfillOptions, symbol: string, rowsBefore: number): Promise<SymbolSummary> {
  const { store, history, timeframe, from, to } = options;
  const key = backfillCursorKey(history.source, symbol, timeframe);
  const query = { symbol, timeframe, from, to };
  const before = await store.bars(query);
  const holesBefore = holes(before);
  const saved = options.restart ? null : parseCursor(await store.getCheckpoint(key));
  const sameRange = saved !== null && saved.from === from && saved.to === to;
  const start = sameRange && saved.next > from ? saved.next : from;
  const report = (next: Micros, rows: number): void =>
    options.onProgress?.({ symbol, fraction: Math.min(1, (next - from) / (to - from)), rows: rowsBefore + rows });
  let rows = 0;
  if (start < to) {
    report(start, 0);
    let next = start;
    for await (const page of history.bars(symbol, timeframe, start, to, options.signal)) {
      const now = Date.now() * 1_000;
      const closed = page.filter((bar) => bar.start >= start && bar.start < to && bar.end <= now);
      rows += closed.length;
      for (const bar of closed) if (bar.end > next) next = Math.min(bar.end, to);
      const cursor: Cursor = { from, to, next };
      await store.write({ bars: closed.map(toStoredBar), checkpoints: [{ key, value: JSON.stringify(cursor) }] });
      report(next, rows);
    }
    // The provider has nothing more: the range is done (even if its tail had no bars).
    await store.write({ checkpoints: [{ key, value: JSON.stringify({ from, to, next: to } satisfies Cursor) }] });
    report(to, rows);
  }
  const after = await store.bars(query);
  const holesAfter = holes(after);
  return {
    symbol,
    rows,
    added: after.length - before.length,
    resumedFrom: start > from ? start : null,
    skipped: start >= to,
    gapsFound: holesBefore.length,
    gapsFilled: holesBefore.filter((h) => filledInside(h, after)).length,
    gapsRemaining: holesAfter.length,
  };
}

/** A stored bar from a provider bar: revision 0, so re-writing it changes nothing. */
export function toStoredBar(bar: SourceBar): Bar {
  const vwap = Number.isFinite(bar.vwap) ? bar.vwap : (bar.high + bar.low + bar.close) / 3;
  return {
    type: 'bar',
    symbol: bar.symbol,
    timeframe: bar.timeframe,
    start: bar.start,
    end: bar.end,
    open: bar.open,
    high: bar.high,
    low: bar.low,
    close: bar.close,
    volume: bar.volume,
    // Providers without a VWAP get the typical price (h+l+c)/3, the usual stand-in.
    vwap,
    trades: Number.isFinite(bar.trades) ? bar.trades : 0,
    // No aggressor split in provider bars: 0/0 (buy + sell ≠ volume marks it unknown).
    buyVolume: 0,
    sellVolume: 0,
    revision: 0,
    tsEvent: bar.end - 1,
    tsRecv: bar.tsRecv,
  };
}

interface Hole {
  readonly from: Micros;
  readonly to: Micros;
}

/** Missing windows between consecutive stored bars (ordered by start). */
function holes(bars: readonly Bar[]): Hole[] {
  const found: Hole[] = [];
  for (let i = 1; i < bars.length; i++) {
    const previous = bars[i - 1] as Bar;
    const current = bars[i] as Bar;
    if (current.start > previous.end) found.push({ from: previous.end, to: current.start });
  }
  return found;
}

/** A hole counts as filled when at least one bar now starts inside it. */
function filledInside(hole: Hole, bars: readonly Bar[]): boolean {
  return bars.some((bar) => bar.start >= hole.from && bar.start < hole.to);
}

function parseCursor(text: string | null): Cursor | null {
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as Partial<Cursor>;
    if (typeof value.from === 'number' && typeof value.to === 'number' && typeof value.next === 'number') {
      return { from: value.from, to: value.to, next: value.next };
    }
  } catch {
    // an unreadable cursor is ignored: the range is fetched again (idempotent)
  }
  return null;
}
