/**
 * Pure parser for Coinbase Exchange WebSocket frames (one JSON object per frame). Times are
 * ISO-8601 with µs and `Z`; prices and sizes are decimal strings, parsed exactly.
 *
 *   match / last_match {trade_id, sequence, time, product_id, size, price, side}
 *       `side` is the MAKER's side: a resting sell was hit, so the aggressor bought. Inverted here.
 *   ticker {sequence, time, product_id, best_bid, best_bid_size, best_ask, best_ask_size, …}
 *       → a quote (the ticker may drop updates under load, so trades come from matches only)
 *   heartbeat {sequence, last_trade_id, product_id, time}  → for trade-id gap detection
 *   subscriptions {channels} · error {message, reason}
 *
 * Byte frames of the hot kinds (match, last_match, ticker) first try a byte scanner
 * (common/json-scan.ts) that skips `JSON.parse`; any frame it does not fully accept takes the
 * general path below, which also decides what is malformed.
 */
import type { MarketEvent, Micros } from '../../core/events.js';
import { parseDecimalOrNaN } from '../common/decimal.js';
import { frameJson } from '../common/frame-text.js';
import {
  AsciiInterner,
  asciiString,
  bytesEqual,
  decimalAt,
  integerText,
  JsonFields,
  KIND_NUMBER,
  KIND_STRING,
  safeIntegerAt,
  scanObject,
} from '../common/json-scan.js';
import { microsFromRfc3339OrNaN } from '../common/timestamps.js';

export type CoinbaseControl =
  | { readonly kind: 'subscriptions'; readonly channels: readonly { name: string; productIds: string[] }[] }
  | { readonly kind: 'error'; readonly message: string; readonly reason: string }
  | { readonly kind: 'heartbeat'; readonly productId: string; readonly lastTradeId: number; readonly time: Micros };

export interface CoinbaseParseOutput {
  readonly events: MarketEvent[];
  /** Trade id of each event (contiguous per product), NaN for quotes. */
  readonly sequences: number[];
  readonly controls: CoinbaseControl[];
  malformed: number;
  ignored: number;
}

export function createCoinbaseOutput(): CoinbaseParseOutput {
  return { events: [], sequences: [], controls: [], malformed: 0, ignored: 0 };
}

export function resetCoinbaseOutput(out: CoinbaseParseOutput): void {
  // Setting an array's length is not free; most frames leave controls empty.
  if (out.events.length !== 0) out.events.length = 0;
  if (out.sequences.length !== 0) out.sequences.length = 0;
  if (out.controls.length !== 0) out.controls.length = 0;
  out.malformed = 0;
  out.ignored = 0;
}

type Message = Record<string, unknown>;

export function parseCoinbaseFrame(
  frame: string | Uint8Array,
  recv: Micros,
  source: string,
  out: CoinbaseParseOutput,
): void {
  if (typeof frame !== 'string' && fastFrame(frame, recv, source, out)) return;
  const parsed = frameJson(frame);
  if (parsed === undefined) {
    out.malformed++;
    return;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    out.malformed++;
    return;
  }
  if (!parseMessage(parsed as Message, recv, source, out)) out.malformed++;
}

function parseMessage(m: Message, recv: Micros, source: string, out: CoinbaseParseOutput): boolean {
  switch (m.type) {
    case 'match':
    case 'last_match':
      return match(m, recv, source, out);
    case 'ticker':
      return ticker(m, recv, source, out);
    case 'heartbeat': {
      const time = typeof m.time === 'string' ? microsFromRfc3339OrNaN(m.time) : Number.NaN;
      if (typeof m.product_id !== 'string' || typeof m.last_trade_id !== 'number' || Number.isNaN(time)) return false;
      out.controls.push({ kind: 'heartbeat', productId: m.product_id, lastTradeId: m.last_trade_id, time });
      return true;
    }
    case 'subscriptions':
      out.controls.push({ kind: 'subscriptions', channels: channelsOf(m.channels) });
      return true;
    case 'error':
      out.controls.push({
        kind: 'error',
        message: typeof m.message === 'string' ? m.message : '',
        reason: typeof m.reason === 'string' ? m.reason : '',
      });
      return true;
    default:
      if (typeof m.type !== 'string') return false;
      out.ignored++; // l2update, snapshot, status, …: not used here
      return true;
  }
}

function match(m: Message, recv: Micros, source: string, out: CoinbaseParseOutput): boolean {
  const { product_id: symbol, trade_id: tradeId, side } = m;
  if (typeof symbol !== 'string' || typeof tradeId !== 'number' || typeof m.time !== 'string') return false;
  if (side !== 'buy' && side !== 'sell') return false;
  const tsEvent = microsFromRfc3339OrNaN(m.time);
  const price = parseDecimalOrNaN(m.price);
  const size = parseDecimalOrNaN(m.size);
  if (Number.isNaN(tsEvent) || Number.isNaN(price) || Number.isNaN(size)) return false;
  out.events.push({
    type: 'trade',
    symbol,
    tsEvent,
    tsRecv: recv,
    price,
    size,
    // The maker sold → the taker (aggressor) bought, and vice versa.
    side: side === 'sell' ? 'buy' : 'sell',
    tradeId: String(tradeId),
    source,
  });
  out.sequences.push(tradeId);
  return true;
}

function ticker(m: Message, recv: Micros, source: string, out: CoinbaseParseOutput): boolean {
  if (typeof m.product_id !== 'string' || typeof m.time !== 'string') return false;
  const tsEvent = microsFromRfc3339OrNaN(m.time);
  if (Number.isNaN(tsEvent)) return false;
  if (m.best_bid_size === undefined || m.best_ask_size === undefined) {
    out.ignored++; // an older ticker without sizes: no complete quote to give
    return true;
  }
  const bidPrice = parseDecimalOrNaN(m.best_bid);
  const bidSize = parseDecimalOrNaN(m.best_bid_size);
  const askPrice = parseDecimalOrNaN(m.best_ask);
  const askSize = parseDecimalOrNaN(m.best_ask_size);
  if (Number.isNaN(bidPrice + bidSize + askPrice + askSize)) return false;
  out.events.push({
    type: 'quote',
    symbol: m.product_id,
    tsEvent,
    tsRecv: recv,
    bidPrice,
    bidSize,
    askPrice,
    askSize,
    source,
  });
  out.sequences.push(Number.NaN);
  return true;
}

function channelsOf(value: unknown): { name: string; productIds: string[] }[] {
  if (!Array.isArray(value)) return [];
  return value.map((channel: unknown) => {
    if (typeof channel === 'string') return { name: channel, productIds: [] };
    const c = (channel ?? {}) as Message;
    const ids = Array.isArray(c.product_ids) ? c.product_ids.filter((id): id is string => typeof id === 'string') : [];
    return { name: typeof c.name === 'string' ? c.name : '', productIds: ids };
  });
}

// ---- Fast path: match, last_match and ticker straight from the frame's bytes ----

const FIELDS = new JsonFields([
  'type',
  'trade_id',
  'side',
  'size',
  'price',
  'product_id',
  'time',
  'best_bid',
  'best_bid_size',
  'best_ask',
  'best_ask_size',
]);
const TYPE = FIELDS.slot('type');
const TRADE_ID = FIELDS.slot('trade_id');
const SIDE = FIELDS.slot('side');
const SIZE = FIELDS.slot('size');
const PRICE = FIELDS.slot('price');
const PRODUCT = FIELDS.slot('product_id');
const TIME = FIELDS.slot('time');
const BID = FIELDS.slot('best_bid');
const BID_SIZE = FIELDS.slot('best_bid_size');
const ASK = FIELDS.slot('best_ask');
const ASK_SIZE = FIELDS.slot('best_ask_size');
const products = new AsciiInterner();

function decimalField(bytes: Uint8Array, slot: number): number {
  return FIELDS.kind[slot] === KIND_STRING
    ? decimalAt(bytes, FIELDS.start[slot] as number, FIELDS.end[slot] as number)
    : Number.NaN;
}

/** The last `YYYY-MM-DDTHH:MM:` prefix seen and its µs: a feed's times share it for a minute. */
const PREFIX = 17;
const prefixBytes = new Uint8Array(PREFIX);
let prefixMicros = Number.NaN;

/**
 * µs of an RFC-3339 `…:SS[.fraction]Z` time in bytes [start, end), as microsFromRfc3339OrNaN
 * gives for the same text, without making a string; NaN for other shapes (offsets included),
 * which then take the general path.
 */
function timeAt(bytes: Uint8Array, start: number, end: number): number {
  if (end - start < 20) return Number.NaN;
  let same = !Number.isNaN(prefixMicros);
  for (let i = 0; same && i < PREFIX; i++) same = prefixBytes[i] === bytes[start + i];
  if (!same) {
    // The prefix's own value is that of the same minute at :00Z (validated by the shared parser).
    const base = microsFromRfc3339OrNaN(`${asciiString(bytes, start, start + PREFIX)}00Z`);
    if (Number.isNaN(base)) return Number.NaN;
    for (let i = 0; i < PREFIX; i++) prefixBytes[i] = bytes[start + i] as number;
    prefixMicros = base;
  }
  const tens = (bytes[start + 17] as number) - 48;
  const ones = (bytes[start + 18] as number) - 48;
  if (tens < 0 || tens > 9 || ones < 0 || ones > 9) return Number.NaN;
  const second = tens * 10 + ones;
  if (second > 60) return Number.NaN; // as the shared parser: a leap second folds into the next minute
  let index = start + 19;
  let fraction = 0;
  if (bytes[index] === 46) {
    index++;
    const fractionStart = index;
    for (; index < end; index++) {
      const d = (bytes[index] as number) - 48;
      if (d < 0 || d > 9) break;
      if (index - fractionStart < 6) fraction = fraction * 10 + d; // digits below the µs are truncated
    }
    const digits = index - fractionStart;
    if (digits === 0) return Number.NaN;
    for (let i = digits; i < 6; i++) fraction *= 10;
  }
  const zone = bytes[index];
  if ((zone !== 90 && zone !== 122) || index + 1 !== end) return Number.NaN;
  return prefixMicros + second * 1_000_000 + fraction;
}

/**
 * Handles the frame when it is a well-formed match, last_match or ticker (with sizes) inside the
 * scanner's strict JSON subset; returns false (having written nothing) for everything else.
 */
function fastFrame(bytes: Uint8Array, recv: Micros, source: string, out: CoinbaseParseOutput): boolean {
  const f = FIELDS;
  if (scanObject(bytes, 0, f) !== bytes.length) return false;
  if (f.kind[TYPE] !== KIND_STRING || f.kind[PRODUCT] !== KIND_STRING || f.kind[TIME] !== KIND_STRING) return false;
  const typeStart = f.start[TYPE] as number;
  const typeEnd = f.end[TYPE] as number;
  const isMatch = bytesEqual(bytes, typeStart, typeEnd, 'match') || bytesEqual(bytes, typeStart, typeEnd, 'last_match');
  if (!isMatch && !bytesEqual(bytes, typeStart, typeEnd, 'ticker')) return false;
  const tsEvent = timeAt(bytes, f.start[TIME] as number, f.end[TIME] as number);
  if (Number.isNaN(tsEvent)) return false;
  if (isMatch) {
    if (f.kind[TRADE_ID] !== KIND_NUMBER || f.kind[SIDE] !== KIND_STRING) return false;
    const tradeId = safeIntegerAt(bytes, f.start[TRADE_ID] as number, f.end[TRADE_ID] as number);
    const sideStart = f.start[SIDE] as number;
    const sideEnd = f.end[SIDE] as number;
    const makerSold = bytesEqual(bytes, sideStart, sideEnd, 'sell');
    if (!makerSold && !bytesEqual(bytes, sideStart, sideEnd, 'buy')) return false;
    const price = decimalField(bytes, PRICE);
    const size = decimalField(bytes, SIZE);
    if (Number.isNaN(tradeId + price + size)) return false;
    out.events.push({
      type: 'trade',
      symbol: products.get(bytes, f.start[PRODUCT] as number, f.end[PRODUCT] as number),
      tsEvent,
      tsRecv: recv,
      price,
      size,
      side: makerSold ? 'buy' : 'sell', // the maker's side, flipped to the aggressor's
      tradeId: integerText(bytes, f.start[TRADE_ID] as number, f.end[TRADE_ID] as number),
      source,
    });
    out.sequences.push(tradeId);
    return true;
  }
  const bidPrice = decimalField(bytes, BID);
  const bidSize = decimalField(bytes, BID_SIZE);
  const askPrice = decimalField(bytes, ASK);
  const askSize = decimalField(bytes, ASK_SIZE);
  if (Number.isNaN(bidPrice + bidSize + askPrice + askSize)) return false;
  out.events.push({
    type: 'quote',
    symbol: products.get(bytes, f.start[PRODUCT] as number, f.end[PRODUCT] as number),
    tsEvent,
    tsRecv: recv,
    bidPrice,
    bidSize,
    askPrice,
    askSize,
    source,
  });
  out.sequences.push(Number.NaN);
  return true;
}
