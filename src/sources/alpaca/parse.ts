/**
 * Pure parser for Alpaca Market Data WebSocket frames (stocks v2 and crypto v1beta3): one frame
 * (a JSON array of `{T:…}` messages; control messages alone, data batched) → tickwatch trades
 * and quotes, provider bars, trading statuses and control messages. Timestamps are RFC-3339
 * strings with up to ns precision (truncated to µs).
 *
 *   t  {S,i,x,p,s,t,c[],z}          stock trade (c: SIP condition letters)      crypto: {S,t,p,s,i,tks}
 *   q  {S,bx,bp,bs,ax,ap,as,t,c,z}  stock quote                                 crypto: {S,bp,bs,ap,as,t}
 *   b / u / d {S,o,h,l,c,v,t,n,vw}  minute bar / updated minute bar / daily bar (t = bar start)
 *   s  {S,sc,sm,rc,rm,t,z}          trading status (halts)
 *   success {msg} · error {code,msg} · subscription {trades,quotes,bars,…}
 */
import type { MarketEvent, Micros, Side } from '../../core/events.js';
import { frameJson } from '../common/frame-text.js';
import { microsFromRfc3339OrNaN } from '../common/timestamps.js';
import type { SourceBar } from '../common/source.js';
import { TradeSideClassifier } from '../common/trade-side.js';

export type AlpacaStreamKind = 'stocks' | 'crypto';

/** The channels of a subscription, as sent and as echoed in full by the server. */
export interface AlpacaChannels {
  trades?: string[];
  quotes?: string[];
  bars?: string[];
  dailyBars?: string[];
  updatedBars?: string[];
  statuses?: string[];
  lulds?: string[];
  orderbooks?: string[];
}

export const ALPACA_CHANNEL_NAMES = [
  'trades',
  'quotes',
  'bars',
  'dailyBars',
  'updatedBars',
  'statuses',
  'lulds',
  'orderbooks',
] as const satisfies readonly (keyof AlpacaChannels)[];

export type AlpacaControl =
  | { readonly kind: 'success'; readonly message: string }
  | { readonly kind: 'error'; readonly code: number; readonly message: string }
  | { readonly kind: 'subscription'; readonly channels: AlpacaChannels };

export interface AlpacaTradingStatus {
  readonly symbol: string;
  readonly statusCode: string;
  readonly statusMessage: string;
  readonly reasonCode: string;
  readonly reasonMessage: string;
  readonly tsEvent: Micros;
}

export interface AlpacaParseResult {
  readonly events: MarketEvent[];
  readonly bars: SourceBar[];
  readonly controls: AlpacaControl[];
  readonly statuses: AlpacaTradingStatus[];
  malformed: number;
  ignored: number;
  filtered: number;
}

export interface AlpacaParseContext {
  readonly source: string;
  readonly sides: TradeSideClassifier;
  /** Stock trades with any of these SIP condition letters are dropped (default: none). */
  readonly excludedConditions: ReadonlySet<string>;
}

export function createAlpacaParseContext(options: Partial<Omit<AlpacaParseContext, 'sides'>> = {}): AlpacaParseContext {
  return {
    source: options.source ?? 'alpaca',
    sides: new TradeSideClassifier(),
    excludedConditions: options.excludedConditions ?? new Set(),
  };
}

type Message = Record<string, unknown>;

const MINUTE: Micros = 60_000_000;
const DAY: Micros = 86_400_000_000;

export function parseAlpacaFrame(
  frame: string | Uint8Array,
  kind: AlpacaStreamKind,
  recvMicros: Micros,
  context: AlpacaParseContext = createAlpacaParseContext(),
): AlpacaParseResult {
  const result: AlpacaParseResult = {
    events: [],
    bars: [],
    controls: [],
    statuses: [],
    malformed: 0,
    ignored: 0,
    filtered: 0,
  };
  const parsed = frameJson(frame);
  if (parsed === undefined) {
    result.malformed++;
    return result;
  }
  if (Array.isArray(parsed)) {
    for (let i = 0; i < parsed.length; i++) parseMessage(parsed[i], kind, recvMicros, context, result);
  } else {
    parseMessage(parsed, kind, recvMicros, context, result);
  }
  return result;
}

function parseMessage(
  value: unknown,
  kind: AlpacaStreamKind,
  recv: Micros,
  context: AlpacaParseContext,
  out: AlpacaParseResult,
): void {
  if (typeof value !== 'object' || value === null) {
    out.malformed++;
    return;
  }
  const m = value as Message;
  let ok = true;
  switch (m.T) {
    case 't':
      ok = kind === 'stocks' ? stockTrade(m, recv, context, out) : cryptoTrade(m, recv, context, out);
      break;
    case 'q':
      ok = quote(m, kind, recv, context, out);
      break;
    case 'b':
      ok = bar(m, '1m', MINUTE, 'final', recv, context, out);
      break;
    case 'u':
      ok = bar(m, '1m', MINUTE, 'updated', recv, context, out);
      break;
    case 'd':
      ok = bar(m, '1d', DAY, 'final', recv, context, out);
      break;
    case 's':
      ok = status(m, out);
      break;
    case 'success':
      out.controls.push({ kind: 'success', message: typeof m.msg === 'string' ? m.msg : '' });
      break;
    case 'error':
      ok = typeof m.code === 'number';
      if (ok)
        out.controls.push({ kind: 'error', code: m.code as number, message: typeof m.msg === 'string' ? m.msg : '' });
      break;
    case 'subscription':
      out.controls.push({ kind: 'subscription', channels: channelsOf(m) });
      break;
    default:
      if (typeof m.T === 'string')
        out.ignored++; // l, c, x, o, n: not used here
      else ok = false;
  }
  if (!ok) out.malformed++;
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function stockTrade(m: Message, recv: Micros, context: AlpacaParseContext, out: AlpacaParseResult): boolean {
  const symbol = m.S;
  const price = m.p;
  const size = m.s;
  if (typeof symbol !== 'string' || !isNumber(price) || !isNumber(size) || typeof m.t !== 'string') return false;
  const tsEvent = microsFromRfc3339OrNaN(m.t);
  if (Number.isNaN(tsEvent)) return false;
  const conditions = m.c;
  if (context.excludedConditions.size > 0 && Array.isArray(conditions)) {
    for (const condition of conditions) {
      if (context.excludedConditions.has(condition as string)) {
        out.filtered++;
        return true;
      }
    }
  }
  out.events.push({
    type: 'trade',
    symbol,
    tsEvent,
    tsRecv: recv,
    price,
    size,
    side: context.sides.classify(symbol, price),
    // Trade ids are numbered per exchange.
    tradeId: `${String(m.x)}.${String(m.i)}`,
    source: context.source,
  });
  return true;
}

function cryptoTrade(m: Message, recv: Micros, context: AlpacaParseContext, out: AlpacaParseResult): boolean {
  const symbol = m.S;
  const price = m.p;
  const size = m.s;
  if (typeof symbol !== 'string' || !isNumber(price) || !isNumber(size) || typeof m.t !== 'string') return false;
  const tsEvent = microsFromRfc3339OrNaN(m.t);
  if (Number.isNaN(tsEvent)) return false;
  const taker = m.tks;
  const side: Side = taker === 'B' ? 'buy' : taker === 'S' ? 'sell' : 'unknown';
  out.events.push({
    type: 'trade',
    symbol,
    tsEvent,
    tsRecv: recv,
    price,
    size,
    side,
    tradeId: String(m.i),
    source: context.source,
  });
  return true;
}

function quote(
  m: Message,
  kind: AlpacaStreamKind,
  recv: Micros,
  context: AlpacaParseContext,
  out: AlpacaParseResult,
): boolean {
  const { S: symbol, bp, bs, ap, as: askSize } = m;
  if (typeof symbol !== 'string' || !isNumber(bp) || !isNumber(ap) || !isNumber(bs) || !isNumber(askSize)) return false;
  if (typeof m.t !== 'string') return false;
  const tsEvent = microsFromRfc3339OrNaN(m.t);
  if (Number.isNaN(tsEvent)) return false;
  if (kind === 'stocks') context.sides.onQuote(symbol, bp, ap);
  out.events.push({
    type: 'quote',
    symbol,
    tsEvent,
    tsRecv: recv,
    bidPrice: bp,
    bidSize: bs,
    askPrice: ap,
    askSize,
    source: context.source,
  });
  return true;
}

function bar(
  m: Message,
  timeframe: string,
  width: Micros,
  revision: SourceBar['revision'],
  recv: Micros,
  context: AlpacaParseContext,
  out: AlpacaParseResult,
): boolean {
  const { S: symbol, o, h, l, c, v } = m;
  if (typeof symbol !== 'string' || !isNumber(o) || !isNumber(h) || !isNumber(l) || !isNumber(c) || !isNumber(v)) {
    return false;
  }
  if (typeof m.t !== 'string') return false;
  const start = microsFromRfc3339OrNaN(m.t);
  if (Number.isNaN(start)) return false;
  out.bars.push(alpacaBar(symbol, timeframe, start, width, m, revision, recv, context.source));
  return true;
}

/** A SourceBar from an Alpaca bar object (WebSocket or REST; same fields). */
export function alpacaBar(
  symbol: string,
  timeframe: string,
  start: Micros,
  width: Micros,
  m: Message,
  revision: SourceBar['revision'],
  recv: Micros,
  source: string,
): SourceBar {
  return {
    type: 'source.bar',
    source,
    symbol,
    timeframe,
    start,
    end: start + width,
    open: m.o as number,
    high: m.h as number,
    low: m.l as number,
    close: m.c as number,
    volume: m.v as number,
    vwap: isNumber(m.vw) ? m.vw : Number.NaN,
    trades: isNumber(m.n) ? m.n : Number.NaN,
    revision,
    tsRecv: recv,
  };
}

function status(m: Message, out: AlpacaParseResult): boolean {
  if (typeof m.S !== 'string' || typeof m.t !== 'string') return false;
  const tsEvent = microsFromRfc3339OrNaN(m.t);
  if (Number.isNaN(tsEvent)) return false;
  out.statuses.push({
    symbol: m.S,
    statusCode: String(m.sc ?? ''),
    statusMessage: String(m.sm ?? ''),
    reasonCode: String(m.rc ?? ''),
    reasonMessage: String(m.rm ?? ''),
    tsEvent,
  });
  return true;
}

function channelsOf(m: Message): AlpacaChannels {
  const channels: AlpacaChannels = {};
  for (const name of ALPACA_CHANNEL_NAMES) {
    const list = m[name];
    if (Array.isArray(list)) channels[name] = list.filter((s): s is string => typeof s === 'string');
  }
  return channels;
}
