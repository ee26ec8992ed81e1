/** Response shapes for market data: trades, quotes, bars, latest values and indicators. */
import { z } from 'zod';
import type { BarFields, Quote, Trade } from '../../core/events.js';
import { iso, isoFromMicros, micros } from './time-fields.js';

export const tradeSchema = z
  .object({
    symbol: z.string(),
    price: z.number(),
    size: z.number(),
    side: z.enum(['buy', 'sell', 'unknown']).describe('aggressor side'),
    tradeId: z.string(),
    source: z.string(),
    tsEvent: micros.describe('venue time, µs'),
    tsEventIso: iso,
    tsRecv: micros.describe('receive time, µs'),
    tsRecvIso: iso,
  })
  .describe('trade');

export function tradeOut(trade: Trade): z.infer<typeof tradeSchema> {
  return {
    symbol: trade.symbol,
    price: trade.price,
    size: trade.size,
    side: trade.side,
    tradeId: trade.tradeId,
    source: trade.source,
    tsEvent: trade.tsEvent,
    tsEventIso: isoFromMicros(trade.tsEvent),
    tsRecv: trade.tsRecv,
    tsRecvIso: isoFromMicros(trade.tsRecv),
  };
}

export const quoteSchema = z
  .object({
    symbol: z.string(),
    bidPrice: z.number(),
    bidSize: z.number(),
    askPrice: z.number(),
    askSize: z.number(),
    source: z.string(),
    tsEvent: micros,
    tsEventIso: iso,
    tsRecv: micros,
    tsRecvIso: iso,
  })
  .describe('quote');

export function quoteOut(quote: Quote): z.infer<typeof quoteSchema> {
  return {
    symbol: quote.symbol,
    bidPrice: quote.bidPrice,
    bidSize: quote.bidSize,
    askPrice: quote.askPrice,
    askSize: quote.askSize,
    source: quote.source,
    tsEvent: quote.tsEvent,
    tsEventIso: isoFromMicros(quote.tsEvent),
    tsRecv: quote.tsRecv,
    tsRecvIso: isoFromMicros(quote.tsRecv),
  };
}

export const barSchema = z
  .object({
    symbol: z.string(),
    timeframe: z.string(),
    start: micros.describe('window start (inclusive), µs'),
    startIso: iso,
    end: micros.describe('window end (exclusive), µs'),
    endIso: iso,
    open: z.number(),
    high: z.number(),
    low: z.number(),
    close: z.number(),
    volume: z.number(),
    vwap: z.number(),
    trades: z.number().int(),
    buyVolume: z.number(),
    sellVolume: z.number(),
    revision: z.number().int().describe('0 for the first version of a closed bar, +1 per late-trade correction'),
    forming: z.boolean().describe('true for the bar that is still forming (it will change)'),
  })
  .describe('bar');

export function barOut(bar: BarFields, forming = false): z.infer<typeof barSchema> {
  return {
    symbol: bar.symbol,
    timeframe: bar.timeframe,
    start: bar.start,
    startIso: isoFromMicros(bar.start),
    end: bar.end,
    endIso: isoFromMicros(bar.end),
    open: bar.open,
    high: bar.high,
    low: bar.low,
    close: bar.close,
    volume: bar.volume,
    vwap: bar.vwap,
    trades: bar.trades,
    buyVolume: bar.buyVolume,
    sellVolume: bar.sellVolume,
    revision: bar.revision,
    forming,
  };
}

export const indicatorValueSchema = z
  .union([z.number(), z.null(), z.record(z.string(), z.number().nullable())])
  .describe('a number, null while warming up, or named outputs (e.g. MACD line/signal/histogram)');

export const indicatorSetSchema = z
  .object({
    timeframe: z.string(),
    ts: micros.describe('time the values refer to (the bar end), µs'),
    tsIso: iso,
    values: z.record(z.string(), indicatorValueSchema),
  })
  .describe('indicator values of one timeframe');
