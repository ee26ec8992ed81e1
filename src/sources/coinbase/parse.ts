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
 */
import type { MarketEvent, Micros } from '../../core/events.js';
import { parseDecimalOrNaN } from '../common/decimal.js';
import { frameText } from '../common/frame-text.js';
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
  out.events.length = 0;
  out.sequences.length = 0;
  out.controls.length = 0;
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
  let parsed: unknown;
  try {
    parsed = JSON.parse(frameText(frame));
  } catch {
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
