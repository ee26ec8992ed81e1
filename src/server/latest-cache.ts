/**
 * The latest values per symbol, kept in process from pipeline events so the hot endpoints
 * (`/latest`, `/indicators`, the forming bar) never touch the store. O(1) per event with no
 * allocation beyond the first event of a (symbol, timeframe); memory grows with symbols and
 * timeframes, not with time.
 *
 * Newer replaces older by event time, so a late (but valid) event never rolls a value back:
 * a correction replaces the closed bar only if it is the latest one, and a forming bar older
 * than the latest closed bar is dropped.
 */
import type { Bar, BarCorrection, Micros, PartialBar, PipelineEvent, Quote, Trade } from '../core/events.js';

/** One output of an indicator: a number, null while warming up, or named outputs. */
export type IndicatorOutput = number | null | Readonly<Record<string, number | null>>;

/**
 * The indicator values of one (symbol, timeframe) at one time. The indicator stage's
 * `IndicatorSet` event (type `indicators`, flat `values` per output column, `ts` = bar end) has
 * this shape, so the cache takes it as it is once it is part of PipelineEvent.
 */
export interface IndicatorValues {
  readonly type: 'indicators';
  readonly symbol: string;
  readonly timeframe: string;
  /** Time the values refer to (the bar's end). */
  readonly ts: Micros;
  readonly values: Readonly<Record<string, IndicatorOutput>>;
}

export interface SymbolLatest {
  readonly symbol: string;
  trade: Trade | null;
  quote: Quote | null;
  /** Latest closed bar per timeframe (a correction of it included). */
  readonly bars: Map<string, Bar | BarCorrection>;
  /** The forming bar per timeframe, while it is newer than the closed one. */
  readonly forming: Map<string, PartialBar>;
  readonly indicators: Map<string, IndicatorValues>;
}

export class LatestCache {
  private readonly bySymbol = new Map<string, SymbolLatest>();

  /** Feed it every pipeline event (events it does not keep are ignored). */
  observe(event: PipelineEvent | IndicatorValues): void {
    switch (event.type) {
      case 'trade': {
        const entry = this.entry(event.symbol);
        if (entry.trade === null || event.tsEvent >= entry.trade.tsEvent) entry.trade = event;
        return;
      }
      case 'quote': {
        const entry = this.entry(event.symbol);
        if (entry.quote === null || event.tsEvent >= entry.quote.tsEvent) entry.quote = event;
        return;
      }
      case 'bar':
      case 'bar.correction': {
        const entry = this.entry(event.symbol);
        const current = entry.bars.get(event.timeframe);
        if (current !== undefined && current.start > event.start) return;
        entry.bars.set(event.timeframe, event);
        const forming = entry.forming.get(event.timeframe);
        if (forming !== undefined && forming.start <= event.start) entry.forming.delete(event.timeframe);
        return;
      }
      case 'bar.partial': {
        const entry = this.entry(event.symbol);
        const closed = entry.bars.get(event.timeframe);
        if (closed !== undefined && closed.start >= event.start) return;
        entry.forming.set(event.timeframe, event);
        return;
      }
      case 'indicators': {
        const entry = this.entry(event.symbol);
        const current = entry.indicators.get(event.timeframe);
        if (current === undefined || event.ts >= current.ts) entry.indicators.set(event.timeframe, event);
        return;
      }
      default:
        return;
    }
  }

  /** The symbol's latest values, or undefined if no event for it was seen. Do not mutate. */
  get(symbol: string): Readonly<SymbolLatest> | undefined {
    return this.bySymbol.get(symbol);
  }

  /** Symbols seen so far, sorted. */
  symbols(): string[] {
    return [...this.bySymbol.keys()].sort();
  }

  get size(): number {
    return this.bySymbol.size;
  }

  private entry(symbol: string): SymbolLatest {
    let entry = this.bySymbol.get(symbol);
    if (entry === undefined) {
      entry = { symbol, trade: null, quote: null, bars: new Map(), forming: new Map(), indicators: new Map() };
      this.bySymbol.set(symbol, entry);
    }
    return entry;
  }
}
