/**
 * Pure parser for Binance Spot market-data frames: one frame is one JSON object, wrapped as
 * `{stream, data}` on combined streams. Prices and quantities are decimal strings (parsed
 * exactly); times are Unix ms, or µs when the connection asked for `timeUnit=MICROSECOND`.
 *
 *   trade      {e,E,s,t,p,q,T,m}             m = buyer is maker → the aggressor SOLD
 *   aggTrade   {e,E,s,a,p,q,f,l,T,m}         one record per taker order per price
 *   kline      {e,E,s,k{t,T,i,o,h,l,c,v,n,x,q,V}}  x = closed; pushed every 2 s while open
 *   bookTicker {u,s,b,B,a,A}                 no `e` and no timestamp: stamped with receive time
 *   serverShutdown {e,E} · {result,id} · {code,msg} / {error:{code,msg},id}
 *
 * The parser writes into a caller-owned output that is reset per frame, so the hot path
 * allocates only the events themselves. Byte frames of the hot kinds (trade, aggTrade,
 * bookTicker) first try a byte scanner (common/json-scan.ts) that skips `JSON.parse`; any frame
 * it does not fully accept takes the general path below, which also decides what is malformed.
 */
import type { MarketEvent, Micros } from '../../core/events.js';
import { parseDecimalOrNaN } from '../common/decimal.js';
import { frameJson } from '../common/frame-text.js';
import {
  AsciiInterner,
  bytesEqual,
  decimalAt,
  integerText,
  JsonFields,
  KIND_FALSE,
  KIND_NONE,
  KIND_NUMBER,
  KIND_OBJECT,
  KIND_STRING,
  KIND_TRUE,
  safeIntegerAt,
  scanObject,
} from '../common/json-scan.js';
import type { SourceBar } from '../common/source.js';

export type BinanceTimeUnit = 'millisecond' | 'microsecond';

export type BinanceControl =
  | { readonly kind: 'result'; readonly id: unknown; readonly result: unknown }
  | { readonly kind: 'error'; readonly id: unknown; readonly code: number; readonly message: string }
  | { readonly kind: 'serverShutdown'; readonly time: Micros };

export interface BinanceParseOutput {
  readonly events: MarketEvent[];
  /** Contiguous per-symbol sequence of each event (trade id, aggTrade id; NaN for quotes). */
  readonly sequences: number[];
  readonly bars: SourceBar[];
  readonly controls: BinanceControl[];
  malformed: number;
  ignored: number;
}

export interface BinanceParseContext {
  readonly source: string;
  readonly timeUnit: BinanceTimeUnit;
}

export function createBinanceOutput(): BinanceParseOutput {
  return { events: [], sequences: [], bars: [], controls: [], malformed: 0, ignored: 0 };
}

export function resetBinanceOutput(out: BinanceParseOutput): void {
  // Setting an array's length is not free; most frames leave bars and controls empty.
  if (out.events.length !== 0) out.events.length = 0;
  if (out.sequences.length !== 0) out.sequences.length = 0;
  if (out.bars.length !== 0) out.bars.length = 0;
  if (out.controls.length !== 0) out.controls.length = 0;
  out.malformed = 0;
  out.ignored = 0;
}

/** Binance kline interval → tickwatch timeframe label and its width in µs (1M is calendar-sized). */
const INTERVALS: Readonly<Record<string, { label: string; micros: Micros }>> = (() => {
  const table: Record<string, { label: string; micros: Micros }> = {};
  const second = 1_000_000;
  const add = (interval: string, label: string, seconds: number): void => {
    table[interval] = { label, micros: seconds * second };
  };
  add('1s', '1s', 1);
  for (const m of [1, 3, 5, 15, 30]) add(`${m}m`, `${m}m`, m * 60);
  for (const h of [1, 2, 4, 6, 8, 12]) add(`${h}h`, `${h}h`, h * 3600);
  add('1d', '1d', 86_400);
  add('3d', '3d', 3 * 86_400);
  add('1w', '1w', 7 * 86_400);
  return table;
})();

/** The Binance interval for a tickwatch timeframe label (`1m` → `1m`), or throws with the list. */
export function binanceInterval(timeframe: string): { interval: string; micros: Micros } {
  const entry = INTERVALS[timeframe];
  if (entry === undefined) {
    throw new Error(
      `binance: timeframe "${timeframe}" is not supported; use one of ${Object.keys(INTERVALS).join(', ')}`,
    );
  }
  return { interval: timeframe, micros: entry.micros };
}

type Message = Record<string, unknown>;

export function parseBinanceFrame(
  frame: string | Uint8Array,
  recv: Micros,
  context: BinanceParseContext,
  out: BinanceParseOutput,
): void {
  if (typeof frame !== 'string' && fastFrame(frame, recv, context, out)) return;
  const parsed = frameJson(frame);
  if (parsed === undefined) {
    out.malformed++;
    return;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    out.malformed++;
    return;
  }
  let message = parsed as Message;
  if (typeof message.stream === 'string' && 'data' in message) {
    const data = message.data;
    if (typeof data !== 'object' || data === null) {
      out.malformed++;
      return;
    }
    message = data as Message;
  }
  if (!parseMessage(message, recv, context, out)) out.malformed++;
}

function parseMessage(m: Message, recv: Micros, context: BinanceParseContext, out: BinanceParseOutput): boolean {
  const scale = context.timeUnit === 'microsecond' ? 1 : 1_000;
  switch (m.e) {
    case 'trade':
      return trade(m, String(m.t), m.t, scale, recv, context, out);
    case 'aggTrade':
      // Prefixed: aggregate ids and trade ids are different number spaces.
      return trade(m, `a${String(m.a)}`, m.a, scale, recv, context, out);
    case 'kline':
      return kline(m, scale, recv, context, out);
    case 'serverShutdown':
      if (typeof m.E !== 'number') return false;
      out.controls.push({ kind: 'serverShutdown', time: m.E * scale });
      return true;
    case undefined:
      return unnamed(m, recv, context, out);
    default:
      if (typeof m.e !== 'string') return false;
      out.ignored++; // depthUpdate, 24hrTicker, …: not used here
      return true;
  }
}

function trade(
  m: Message,
  tradeId: string,
  sequence: unknown,
  scale: number,
  recv: Micros,
  context: BinanceParseContext,
  out: BinanceParseOutput,
): boolean {
  const symbol = m.s;
  const time = m.T;
  if (typeof symbol !== 'string' || typeof time !== 'number' || typeof sequence !== 'number') return false;
  const price = parseDecimalOrNaN(m.p);
  const size = parseDecimalOrNaN(m.q);
  if (Number.isNaN(price) || Number.isNaN(size) || typeof m.m !== 'boolean') return false;
  out.events.push({
    type: 'trade',
    symbol,
    tsEvent: time * scale,
    tsRecv: recv,
    price,
    size,
    // Buyer is the maker → the seller crossed the spread.
    side: m.m ? 'sell' : 'buy',
    tradeId,
    source: context.source,
  });
  out.sequences.push(sequence);
  return true;
}

function kline(
  m: Message,
  scale: number,
  recv: Micros,
  context: BinanceParseContext,
  out: BinanceParseOutput,
): boolean {
  const k = m.k;
  if (typeof m.s !== 'string' || typeof k !== 'object' || k === null) return false;
  const bar = klineBar(m.s, k as Message, scale, recv, context.source);
  if (bar === null) return false;
  out.bars.push(bar);
  return true;
}

/** A SourceBar from a stream kline object; null when a field is missing or malformed. */
export function klineBar(symbol: string, k: Message, scale: number, recv: Micros, source: string): SourceBar | null {
  const interval = typeof k.i === 'string' ? INTERVALS[k.i] : undefined;
  if (interval === undefined || typeof k.t !== 'number' || typeof k.T !== 'number' || typeof k.x !== 'boolean') {
    return null;
  }
  const open = parseDecimalOrNaN(k.o);
  const high = parseDecimalOrNaN(k.h);
  const low = parseDecimalOrNaN(k.l);
  const close = parseDecimalOrNaN(k.c);
  const volume = parseDecimalOrNaN(k.v);
  const quoteVolume = parseDecimalOrNaN(k.q);
  if (Number.isNaN(open + high + low + close + volume)) return null;
  return {
    type: 'source.bar',
    source,
    symbol,
    timeframe: interval.label,
    start: k.t * scale,
    // T is the last ms (µs) inside the window: the half-open end is one unit later.
    end: (k.T + 1) * scale,
    open,
    high,
    low,
    close,
    volume,
    vwap: volume > 0 && quoteVolume >= 0 ? quoteVolume / volume : Number.NaN,
    trades: typeof k.n === 'number' ? k.n : Number.NaN,
    revision: k.x ? 'final' : 'partial',
    tsRecv: recv,
  };
}

/** Frames without `e`: bookTicker, replies to SUBSCRIBE (`result`) and errors. */
function unnamed(m: Message, recv: Micros, context: BinanceParseContext, out: BinanceParseOutput): boolean {
  if (typeof m.u === 'number' && typeof m.s === 'string') {
    const bidPrice = parseDecimalOrNaN(m.b);
    const bidSize = parseDecimalOrNaN(m.B);
    const askPrice = parseDecimalOrNaN(m.a);
    const askSize = parseDecimalOrNaN(m.A);
    if (Number.isNaN(bidPrice + bidSize + askPrice + askSize)) return false;
    out.events.push({
      type: 'quote',
      symbol: m.s,
      tsEvent: recv,
      tsRecv: recv,
      bidPrice,
      bidSize,
      askPrice,
      askSize,
      source: context.source,
    });
    out.sequences.push(Number.NaN);
    return true;
  }
  if ('result' in m && 'id' in m) {
    out.controls.push({ kind: 'result', id: m.id, result: m.result });
    return true;
  }
  const error = typeof m.error === 'object' && m.error !== null ? (m.error as Message) : m;
  if (typeof error.code === 'number' && typeof error.msg === 'string') {
    out.controls.push({ kind: 'error', id: m.id ?? null, code: error.code, message: error.msg });
    return true;
  }
  return false;
}

// ---- Fast path: trade, aggTrade and bookTicker straight from the frame's bytes ----

const MESSAGE_KEYS = ['e', 's', 't', 'a', 'p', 'q', 'T', 'm', 'u', 'b', 'B', 'A'];
const DATA = new JsonFields(MESSAGE_KEYS);
const FRAME = new JsonFields([...MESSAGE_KEYS, 'stream', 'data'], { data: DATA });
const STREAM = FRAME.slot('stream');
const WRAPPED = FRAME.slot('data');
// Slot numbers are the same in both tables (FRAME lists MESSAGE_KEYS first).
const E = DATA.slot('e');
const S = DATA.slot('s');
const T_ID = DATA.slot('t');
const A = DATA.slot('a'); // aggTrade id, or bookTicker ask price
const P = DATA.slot('p');
const Q = DATA.slot('q');
const T_TIME = DATA.slot('T');
const M = DATA.slot('m');
const U = DATA.slot('u');
const B_PRICE = DATA.slot('b');
const B_SIZE = DATA.slot('B');
const A_SIZE = DATA.slot('A');
const symbols = new AsciiInterner();

function decimalField(bytes: Uint8Array, f: JsonFields, slot: number): number {
  return f.kind[slot] === KIND_STRING ? decimalAt(bytes, f.start[slot] as number, f.end[slot] as number) : Number.NaN;
}

function integerField(bytes: Uint8Array, f: JsonFields, slot: number): number {
  return f.kind[slot] === KIND_NUMBER
    ? safeIntegerAt(bytes, f.start[slot] as number, f.end[slot] as number)
    : Number.NaN;
}

/**
 * Handles the frame when it is a well-formed trade, aggTrade or bookTicker inside the scanner's
 * strict JSON subset; returns false (having written nothing) for everything else.
 */
function fastFrame(bytes: Uint8Array, recv: Micros, context: BinanceParseContext, out: BinanceParseOutput): boolean {
  if (scanObject(bytes, 0, FRAME) !== bytes.length) return false;
  let f: JsonFields;
  if (FRAME.kind[STREAM] === KIND_STRING && FRAME.kind[WRAPPED] === KIND_OBJECT) f = DATA;
  else if (FRAME.kind[STREAM] === KIND_NONE && FRAME.kind[WRAPPED] === KIND_NONE) f = FRAME;
  else return false;
  if (f.kind[S] !== KIND_STRING) return false;
  const eKind = f.kind[E];
  if (eKind === KIND_STRING) {
    const start = f.start[E] as number;
    const end = f.end[E] as number;
    let idSlot: number;
    if (bytesEqual(bytes, start, end, 'trade')) idSlot = T_ID;
    else if (bytesEqual(bytes, start, end, 'aggTrade')) idSlot = A;
    else return false;
    const id = integerField(bytes, f, idSlot);
    const time = integerField(bytes, f, T_TIME);
    const price = decimalField(bytes, f, P);
    const size = decimalField(bytes, f, Q);
    const maker = f.kind[M];
    if (Number.isNaN(id + time + price + size) || (maker !== KIND_TRUE && maker !== KIND_FALSE)) return false;
    out.events.push({
      type: 'trade',
      symbol: symbols.get(bytes, f.start[S] as number, f.end[S] as number),
      tsEvent: time * (context.timeUnit === 'microsecond' ? 1 : 1_000),
      tsRecv: recv,
      price,
      size,
      side: maker === KIND_TRUE ? 'sell' : 'buy',
      tradeId:
        idSlot === T_ID
          ? integerText(bytes, f.start[T_ID] as number, f.end[T_ID] as number)
          : `a${integerText(bytes, f.start[A] as number, f.end[A] as number)}`,
      source: context.source,
    });
    out.sequences.push(id);
    return true;
  }
  if (eKind !== KIND_NONE || f.kind[U] !== KIND_NUMBER) return false;
  const bidPrice = decimalField(bytes, f, B_PRICE);
  const bidSize = decimalField(bytes, f, B_SIZE);
  const askPrice = decimalField(bytes, f, A);
  const askSize = decimalField(bytes, f, A_SIZE);
  if (Number.isNaN(bidPrice + bidSize + askPrice + askSize)) return false;
  out.events.push({
    type: 'quote',
    symbol: symbols.get(bytes, f.start[S] as number, f.end[S] as number),
    tsEvent: recv,
    tsRecv: recv,
    bidPrice,
    bidSize,
    askPrice,
    askSize,
    source: context.source,
  });
  out.sequences.push(Number.NaN);
  return true;
}
