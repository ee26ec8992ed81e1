/**
 * Columnar encoding of trades and quotes for the trip to the writer thread. Structured cloning
 * an array of objects costs ~0.5–1 µs per trade; here numbers go into one Float64Array (moved,
 * not copied), names into one Int32Array of indexes into a per-batch name list, and trade ids
 * into one joined string with end offsets — a few allocations per batch instead of per row.
 *
 * Float64 holds every JS number exactly (NaN and -0 included), so a decoded tick binds to SQLite
 * exactly as the original would. A row whose fields are not the expected primitive types
 * (a malformed batch) cannot be encoded: `encode*` returns null and the caller sends the rows
 * as plain objects, so the writer rejects them with the same message as the in-thread store.
 */
import type { Quote, Side, Trade } from '../../../core/events.js';

/** `numbers`: tsEvent, tsRecv, price, size per trade; `names`: symbol, source, side indexes and tradeId end. */
export interface TradeColumns {
  readonly count: number;
  readonly numbers: Float64Array;
  readonly indexes: Int32Array;
  readonly names: readonly string[];
  readonly tradeIds: string;
}

/** `numbers`: tsEvent, tsRecv, bidPrice, bidSize, askPrice, askSize per quote; `indexes`: symbol, source. */
export interface QuoteColumns {
  readonly count: number;
  readonly numbers: Float64Array;
  readonly indexes: Int32Array;
  readonly names: readonly string[];
}

const TRADE_NUMBERS = 4;
const TRADE_INDEXES = 4;
const QUOTE_NUMBERS = 6;
const QUOTE_INDEXES = 2;

/** Assigns each distinct name of a batch a small index, in order of first appearance. */
class NameTable {
  readonly names: string[] = [];
  private readonly indexByName = new Map<string, number>();

  indexOf(name: string): number {
    let index = this.indexByName.get(name);
    if (index === undefined) {
      index = this.names.length;
      this.names.push(name);
      this.indexByName.set(name, index);
    }
    return index;
  }
}

function isTrade(value: unknown): value is Trade {
  if (typeof value !== 'object' || value === null) return false;
  const t = value as Record<string, unknown>;
  return (
    t.type === 'trade' &&
    typeof t.symbol === 'string' &&
    typeof t.source === 'string' &&
    typeof t.side === 'string' &&
    typeof t.tradeId === 'string' &&
    typeof t.tsEvent === 'number' &&
    typeof t.tsRecv === 'number' &&
    typeof t.price === 'number' &&
    typeof t.size === 'number'
  );
}

function isQuote(value: unknown): value is Quote {
  if (typeof value !== 'object' || value === null) return false;
  const q = value as Record<string, unknown>;
  return (
    q.type === 'quote' &&
    typeof q.symbol === 'string' &&
    typeof q.source === 'string' &&
    typeof q.tsEvent === 'number' &&
    typeof q.tsRecv === 'number' &&
    typeof q.bidPrice === 'number' &&
    typeof q.bidSize === 'number' &&
    typeof q.askPrice === 'number' &&
    typeof q.askSize === 'number'
  );
}

/** The trades as columns, or null if any row is malformed (send those as objects instead). */
export function encodeTrades(trades: readonly Trade[]): TradeColumns | null {
  const count = trades.length;
  const numbers = new Float64Array(count * TRADE_NUMBERS);
  const indexes = new Int32Array(count * TRADE_INDEXES);
  const table = new NameTable();
  const ids: string[] = new Array<string>(count);
  let idEnd = 0;
  for (let i = 0; i < count; i++) {
    const trade = trades[i];
    if (!isTrade(trade)) return null;
    const n = i * TRADE_NUMBERS;
    numbers[n] = trade.tsEvent;
    numbers[n + 1] = trade.tsRecv;
    numbers[n + 2] = trade.price;
    numbers[n + 3] = trade.size;
    const k = i * TRADE_INDEXES;
    indexes[k] = table.indexOf(trade.symbol);
    indexes[k + 1] = table.indexOf(trade.source);
    indexes[k + 2] = table.indexOf(trade.side);
    idEnd += trade.tradeId.length;
    indexes[k + 3] = idEnd;
    ids[i] = trade.tradeId;
  }
  return { count, numbers, indexes, names: table.names, tradeIds: ids.join('') };
}

export function decodeTrades(columns: TradeColumns): Trade[] {
  const { count, numbers, indexes, names, tradeIds } = columns;
  const trades = new Array<Trade>(count);
  let idStart = 0;
  for (let i = 0; i < count; i++) {
    const n = i * TRADE_NUMBERS;
    const k = i * TRADE_INDEXES;
    const idEnd = indexes[k + 3] as number;
    trades[i] = {
      type: 'trade',
      symbol: names[indexes[k] as number] as string,
      tsEvent: numbers[n] as number,
      tsRecv: numbers[n + 1] as number,
      price: numbers[n + 2] as number,
      size: numbers[n + 3] as number,
      side: names[indexes[k + 2] as number] as Side,
      tradeId: tradeIds.slice(idStart, idEnd),
      source: names[indexes[k + 1] as number] as string,
    };
    idStart = idEnd;
  }
  return trades;
}

/** The quotes as columns, or null if any row is malformed (send those as objects instead). */
export function encodeQuotes(quotes: readonly Quote[]): QuoteColumns | null {
  const count = quotes.length;
  const numbers = new Float64Array(count * QUOTE_NUMBERS);
  const indexes = new Int32Array(count * QUOTE_INDEXES);
  const table = new NameTable();
  for (let i = 0; i < count; i++) {
    const quote = quotes[i];
    if (!isQuote(quote)) return null;
    const n = i * QUOTE_NUMBERS;
    numbers[n] = quote.tsEvent;
    numbers[n + 1] = quote.tsRecv;
    numbers[n + 2] = quote.bidPrice;
    numbers[n + 3] = quote.bidSize;
    numbers[n + 4] = quote.askPrice;
    numbers[n + 5] = quote.askSize;
    const k = i * QUOTE_INDEXES;
    indexes[k] = table.indexOf(quote.symbol);
    indexes[k + 1] = table.indexOf(quote.source);
  }
  return { count, numbers, indexes, names: table.names };
}

export function decodeQuotes(columns: QuoteColumns): Quote[] {
  const { count, numbers, indexes, names } = columns;
  const quotes = new Array<Quote>(count);
  for (let i = 0; i < count; i++) {
    const n = i * QUOTE_NUMBERS;
    const k = i * QUOTE_INDEXES;
    quotes[i] = {
      type: 'quote',
      symbol: names[indexes[k] as number] as string,
      tsEvent: numbers[n] as number,
      tsRecv: numbers[n + 1] as number,
      bidPrice: numbers[n + 2] as number,
      bidSize: numbers[n + 3] as number,
      askPrice: numbers[n + 4] as number,
      askSize: numbers[n + 5] as number,
      source: names[indexes[k + 1] as number] as string,
    };
  }
  return quotes;
}
