/**
 * Pure parser for Polygon/Massive WebSocket frames: one frame (a JSON array that can mix event
 * types) → tickwatch trades and quotes, provider bars and status messages. No I/O, no clock:
 * the receive time is passed in. Stateful only through the context (the last quote per symbol,
 * for the trade side), which the client keeps per connection.
 *
 * Wire shapes (FEEDS.md §2; every t, s, e is Unix ms):
 *   T   {sym,x,i,z,p,s,c[],t,q,trfi?,trft?,ds?}   stock/option trade
 *   Q   {sym,bx,bp,bs,ax,ap,as,c,i[],t,q,z}        stock/option NBBO (sizes as sent: round lots)
 *   A/AM {sym,o,h,l,c,v,av,vw,a,op,z,s,e,otc?}     per-second / per-minute bars (also indices)
 *   V   {T,val,t}                                   index value
 *   XT  {pair,p,s,t,r,x,i,c}                        crypto trade, c: 1 sell side, 2 buy side
 *   XQ  {pair,bp,bs,ap,as,t,x,r}                    crypto top of book of one exchange
 *   XA/XAS {pair,o,h,l,c,v,vw,z,s,e}                crypto minute / second bars
 *   C   {p,x,a,b,t}                                 forex quote (pair in p, no sizes)
 *   CA/CAS {pair,o,h,l,c,v,s,e}                     forex minute / second bars
 *   status {status,message}
 */
import type { MarketEvent, Micros, Side, Trade } from '../../core/events.js';
import { parseDecimalOrNaN } from '../common/decimal.js';
import { frameJson } from '../common/frame-text.js';
import type { SourceBar } from '../common/source.js';
import { TradeSideClassifier } from '../common/trade-side.js';
import type { PolygonCluster } from './clusters.js';
import { DEFAULT_EXCLUDED_CONDITIONS } from './conditions.js';

export interface PolygonStatusMessage {
  /** `connected`, `auth_success`, `auth_failed`, `auth_timeout`, `success`, `error`, `max_connections`, … */
  readonly status: string;
  readonly message: string;
}

export interface PolygonParseResult {
  readonly events: MarketEvent[];
  readonly bars: SourceBar[];
  readonly statuses: PolygonStatusMessage[];
  /** Messages (or whole frames) that could not be read. */
  malformed: number;
  /** Well-formed messages of a type not used here (LULD, NOI, FMV, XL2, …) or not of this cluster. */
  ignored: number;
  /** Trades dropped by the condition filter. */
  filtered: number;
}

export interface PolygonParseContext {
  /** Name stamped on events. */
  readonly source: string;
  readonly sides: TradeSideClassifier;
  /** Stock/option trades carrying any of these condition IDs are dropped. */
  readonly excludedConditions: ReadonlySet<number>;
  /** Stock quote sizes are documented in round lots of 100 (VERIFY on your plan); 100 gives shares. */
  readonly quoteSizeMultiplier: number;
}

export function createPolygonParseContext(
  options: Partial<Omit<PolygonParseContext, 'sides'>> = {},
): PolygonParseContext {
  return {
    source: options.source ?? 'polygon',
    sides: new TradeSideClassifier(),
    excludedConditions: options.excludedConditions ?? DEFAULT_EXCLUDED_CONDITIONS,
    quoteSizeMultiplier: options.quoteSizeMultiplier ?? 1,
  };
}

type Message = Record<string, unknown>;

const CLUSTER_EVENTS: Readonly<Record<PolygonCluster, ReadonlySet<string>>> = {
  stocks: new Set(['T', 'Q', 'A', 'AM']),
  options: new Set(['T', 'Q', 'A', 'AM']),
  indices: new Set(['V', 'A', 'AM']),
  crypto: new Set(['XT', 'XQ', 'XA', 'XAS']),
  forex: new Set(['C', 'CA', 'CAS']),
  futures: new Set(),
};

const MICROS_PER_MILLI = 1_000;

/**
 * Parses one frame. Never throws: unreadable frames and messages are counted in `malformed`.
 * Duplicates and out-of-order messages are passed on as they come (the validator judges them).
 */
export function parsePolygonFrame(
  frame: string | Uint8Array,
  cluster: PolygonCluster,
  recvMicros: Micros,
  context: PolygonParseContext = createPolygonParseContext(),
): PolygonParseResult {
  const result: PolygonParseResult = { events: [], bars: [], statuses: [], malformed: 0, ignored: 0, filtered: 0 };
  const parsed = frameJson(frame);
  if (parsed === undefined) {
    result.malformed++;
    return result;
  }
  if (Array.isArray(parsed)) {
    for (let i = 0; i < parsed.length; i++) parseMessage(parsed[i], cluster, recvMicros, context, result);
  } else {
    parseMessage(parsed, cluster, recvMicros, context, result);
  }
  return result;
}

function parseMessage(
  value: unknown,
  cluster: PolygonCluster,
  recv: Micros,
  context: PolygonParseContext,
  out: PolygonParseResult,
): void {
  if (typeof value !== 'object' || value === null) {
    out.malformed++;
    return;
  }
  const message = value as Message;
  const ev = message.ev;
  if (typeof ev !== 'string') {
    out.malformed++;
    return;
  }
  if (ev === 'status') {
    const status = message.status;
    if (typeof status !== 'string') out.malformed++;
    else out.statuses.push({ status, message: typeof message.message === 'string' ? message.message : '' });
    return;
  }
  if (!CLUSTER_EVENTS[cluster].has(ev)) {
    out.ignored++;
    return;
  }
  let ok: boolean;
  switch (ev) {
    case 'T':
      ok = stockTrade(message, recv, context, out);
      break;
    case 'Q':
      ok = stockQuote(message, recv, context, out);
      break;
    case 'A':
    case 'AM':
      ok = bar(message, message.sym, ev === 'A' ? '1s' : '1m', recv, context, out);
      break;
    case 'V':
      ok = indexValue(message, recv, context, out);
      break;
    case 'XT':
      ok = cryptoTrade(message, recv, context, out);
      break;
    case 'XQ':
      ok = cryptoQuote(message, recv, context, out);
      break;
    case 'XA':
    case 'CA':
      ok = bar(message, message.pair, '1m', recv, context, out);
      break;
    case 'XAS':
    case 'CAS':
      ok = bar(message, message.pair, '1s', recv, context, out);
      break;
    case 'C':
      ok = forexQuote(message, recv, context, out);
      break;
    default:
      ok = true;
      out.ignored++;
  }
  if (!ok) out.malformed++;
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function stockTrade(m: Message, recv: Micros, context: PolygonParseContext, out: PolygonParseResult): boolean {
  const symbol = m.sym;
  const price = m.p;
  const t = m.t;
  if (typeof symbol !== 'string' || !isNumber(price) || !isNumber(t)) return false;
  let size: number;
  if (m.ds !== undefined) {
    size = parseDecimalOrNaN(m.ds); // fractional shares, sent as a decimal string
    if (Number.isNaN(size)) return false;
  } else if (isNumber(m.s)) {
    size = m.s;
  } else {
    return false;
  }
  const conditions = m.c;
  if (Array.isArray(conditions)) {
    for (let i = 0; i < conditions.length; i++) {
      if (context.excludedConditions.has(conditions[i] as number)) {
        out.filtered++;
        return true;
      }
    }
  }
  // Trade ids are unique only per ticker + exchange + TRF, so all three make the id. Options
  // trades carry no id: their sequence number stands in.
  const id = typeof m.i === 'string' && m.i.length > 0 ? m.i : m.q;
  const tradeId =
    m.trfi === undefined ? `${String(m.x)}.${String(id)}` : `${String(m.x)}.${String(m.trfi)}.${String(id)}`;
  const trade: Trade = {
    type: 'trade',
    symbol,
    tsEvent: Math.round(t * MICROS_PER_MILLI),
    tsRecv: recv,
    price,
    size,
    side: context.sides.classify(symbol, price),
    tradeId,
    source: context.source,
  };
  out.events.push(trade);
  return true;
}

/**
 * Stock NBBO (`Q`, symbol in `sym`, sizes in round lots unless a multiplier says otherwise) and
 * crypto top of book (`XQ`, symbol in `pair`, fractional sizes) share one shape. Only stock quotes
 * feed the quote rule that classifies stock trades (crypto trades carry their own side).
 */
function bookQuote(
  m: Message,
  symbol: unknown,
  sizeMultiplier: number,
  recv: Micros,
  context: PolygonParseContext,
  out: PolygonParseResult,
): boolean {
  const bid = m.bp;
  const ask = m.ap;
  const bidSize = m.bs;
  const askSize = m.as;
  const t = m.t;
  if (typeof symbol !== 'string' || !isNumber(bid) || !isNumber(ask) || !isNumber(t)) return false;
  if (!isNumber(bidSize) || !isNumber(askSize)) return false;
  out.events.push({
    type: 'quote',
    symbol,
    tsEvent: Math.round(t * MICROS_PER_MILLI),
    tsRecv: recv,
    bidPrice: bid,
    bidSize: bidSize * sizeMultiplier,
    askPrice: ask,
    askSize: askSize * sizeMultiplier,
    source: context.source,
  });
  return true;
}

function stockQuote(m: Message, recv: Micros, context: PolygonParseContext, out: PolygonParseResult): boolean {
  if (!bookQuote(m, m.sym, context.quoteSizeMultiplier, recv, context, out)) return false;
  context.sides.onQuote(m.sym as string, m.bp as number, m.ap as number);
  return true;
}

function cryptoTrade(m: Message, recv: Micros, context: PolygonParseContext, out: PolygonParseResult): boolean {
  const symbol = m.pair;
  const price = m.p;
  const size = m.s;
  const t = m.t;
  if (typeof symbol !== 'string' || !isNumber(price) || !isNumber(size) || !isNumber(t)) return false;
  // c: 0 or [] unknown, 1 sell side, 2 buy side (whether that is the taker is not documented).
  const code = Array.isArray(m.c) ? m.c[0] : m.c;
  const side: Side = code === 1 ? 'sell' : code === 2 ? 'buy' : 'unknown';
  out.events.push({
    type: 'trade',
    symbol,
    tsEvent: Math.round(t * MICROS_PER_MILLI),
    tsRecv: recv,
    price,
    size,
    side,
    tradeId: `${String(m.x)}.${String(m.i)}`,
    source: context.source,
  });
  return true;
}

function cryptoQuote(m: Message, recv: Micros, context: PolygonParseContext, out: PolygonParseResult): boolean {
  return bookQuote(m, m.pair, 1, recv, context, out);
}

function forexQuote(m: Message, recv: Micros, context: PolygonParseContext, out: PolygonParseResult): boolean {
  const symbol = m.p;
  const bid = m.b;
  const ask = m.a;
  const t = m.t;
  if (typeof symbol !== 'string' || !isNumber(bid) || !isNumber(ask) || !isNumber(t)) return false;
  out.events.push({
    type: 'quote',
    symbol,
    tsEvent: Math.round(t * MICROS_PER_MILLI),
    tsRecv: recv,
    bidPrice: bid,
    bidSize: 0, // forex quotes carry no size
    askPrice: ask,
    askSize: 0,
    source: context.source,
  });
  return true;
}

function indexValue(m: Message, recv: Micros, context: PolygonParseContext, out: PolygonParseResult): boolean {
  const symbol = m.T;
  const value = m.val;
  const t = m.t;
  if (typeof symbol !== 'string' || !isNumber(value) || !isNumber(t)) return false;
  // An index value is a computed level, not a trade: size 0, no side; its time is its identity.
  out.events.push({
    type: 'trade',
    symbol,
    tsEvent: Math.round(t * MICROS_PER_MILLI),
    tsRecv: recv,
    price: value,
    size: 0,
    side: 'unknown',
    tradeId: String(t),
    source: context.source,
  });
  return true;
}

function bar(
  m: Message,
  symbol: unknown,
  timeframe: string,
  recv: Micros,
  context: PolygonParseContext,
  out: PolygonParseResult,
): boolean {
  const { o, h, l, c, s, e } = m;
  if (typeof symbol !== 'string' || !isNumber(o) || !isNumber(h) || !isNumber(l) || !isNumber(c)) return false;
  if (!isNumber(s) || !isNumber(e)) return false;
  out.bars.push({
    type: 'source.bar',
    source: context.source,
    symbol,
    timeframe,
    start: Math.round(s * MICROS_PER_MILLI),
    end: Math.round(e * MICROS_PER_MILLI),
    open: o,
    high: h,
    low: l,
    close: c,
    volume: isNumber(m.v) ? m.v : 0, // index bars have no volume
    vwap: isNumber(m.vw) ? m.vw : Number.NaN,
    trades: Number.NaN,
    revision: 'final',
    tsRecv: recv,
  });
  return true;
}
