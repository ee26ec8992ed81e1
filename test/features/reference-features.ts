/**
 * An independent batch recomputation of every feature of the schema, written for the tests from
 * the definitions in docs/features.md: whole arrays, look-ups by scanning, two-pass statistics —
 * none of the streaming structures of src/features or src/indicators.
 */
import type { Bar, Quote, Trade } from '../../src/core/events.js';
import { MICROS_PER_DAY, MICROS_PER_HOUR, MICROS_PER_MINUTE, type Timeframe } from '../../src/core/time.js';
import type { StreamEvent } from './market-stream.js';

export type ReferenceVector = Record<string, number>;

const HORIZONS: ReadonlyArray<readonly [string, number]> = [
  ['logret_1m', MICROS_PER_MINUTE],
  ['logret_5m', 5 * MICROS_PER_MINUTE],
  ['logret_15m', 15 * MICROS_PER_MINUTE],
  ['logret_1h', MICROS_PER_HOUR],
  ['logret_1d', MICROS_PER_DAY],
];

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

function sampleSd(xs: readonly number[]): number {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}

function zScore(window: readonly number[]): number {
  const sd = sampleSd(window);
  const x = window[window.length - 1]!;
  // A spread below rounding noise is no spread (the streaming side's convention, 1e-12 of the mean).
  return sd > 1e-12 * Math.abs(mean(window)) ? (x - mean(window)) / sd : 0;
}

function percentileRank(window: readonly number[]): number {
  const x = window[window.length - 1]!;
  const less = window.filter((v) => v < x).length;
  const equal = window.filter((v) => v === x).length;
  return (less + 0.5 * equal) / window.length;
}

/** Number of sorted values below x. */
export function lowerBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of sorted values at or below x. */
function upperBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Tick rule by look-back: the sign of the change from the last trade at a different price. */
function tickSign(trades: readonly Trade[], i: number): number {
  const price = trades[i]!.price;
  for (let j = i - 1; j >= 0; j--) {
    const previous = trades[j]!.price;
    if (previous !== price) return price > previous ? 1 : -1;
  }
  return 0;
}

/** Cont–Kukanov–Stoikov e_n, written out case by case. */
function ofiContribution(previous: Quote | undefined, q: Quote): number {
  if (previous === undefined) return 0;
  let bid: number;
  if (q.bidPrice > previous.bidPrice) bid = q.bidSize;
  else if (q.bidPrice === previous.bidPrice) bid = q.bidSize - previous.bidSize;
  else bid = -previous.bidSize;
  let ask: number;
  if (q.askPrice < previous.askPrice) ask = q.askSize;
  else if (q.askPrice === previous.askPrice) ask = q.askSize - previous.askSize;
  else ask = -previous.askSize;
  return bid - ask;
}

export interface ReferenceOptions {
  readonly timeframe: Timeframe;
  /** VPIN bucket volume (fixed) and window. */
  readonly bucketVolume: number;
  readonly buckets: number;
  readonly maxLookbackBars?: number;
}

/** One reference vector per closed bar of the timeframe, in feeding order. */
export function referenceFeatures(events: readonly StreamEvent[], options: ReferenceOptions): ReferenceVector[] {
  const { timeframe, bucketVolume, buckets, maxLookbackBars = 4096 } = options;
  const width = timeframe.micros;
  const trades: Trade[] = [];
  const tradeArrival: number[] = [];
  const quotes: Quote[] = [];
  const quoteArrival: number[] = [];
  const bars: Bar[] = [];
  const barArrival: number[] = [];
  events.forEach((event, index) => {
    if (event.type === 'trade') {
      trades.push(event);
      tradeArrival.push(index);
    } else if (event.type === 'quote') {
      quotes.push(event);
      quoteArrival.push(index);
    } else if (event.timeframe === timeframe.label) {
      bars.push(event);
      barArrival.push(index);
    }
  });

  // Signs: Lee-Ready against the last quote that arrived before the trade, tick rule at the mid.
  const signs = trades.map((trade, i) => {
    const prevailing = quotes[lowerBound(quoteArrival, tradeArrival[i]!) - 1];
    if (prevailing !== undefined) {
      const mid = (prevailing.bidPrice + prevailing.askPrice) / 2;
      if (trade.price > mid) return 1;
      if (trade.price < mid) return -1;
    }
    return tickSign(trades, i);
  });
  const ofi = quotes.map((q, i) => ofiContribution(quotes[i - 1], q));

  const closes = bars.map((b) => b.close);
  const logReturns = closes.map((c, k) => (k === 0 ? Number.NaN : Math.log(c / closes[k - 1]!)));
  const quoteTimes = quotes.map((q) => q.tsEvent);
  const tradeTimes = trades.map((t) => t.tsEvent);
  for (const times of [quoteTimes, tradeTimes])
    if (times.some((t, i) => i > 0 && t < times[i - 1]!)) throw new Error('reference: events out of time order');

  // VPIN buckets over all trades: bucket b holds the cumulative volume [bV, (b+1)V).
  const cumulativeEnd: number[] = [];
  trades.reduce((a, t) => {
    cumulativeEnd.push(a + t.size);
    return a + t.size;
  }, 0);
  const bucketImbalance = (b: number): number => {
    const lo = b * bucketVolume;
    const hi = lo + bucketVolume;
    let buy = 0;
    let sell = 0;
    for (let i = upperBound(cumulativeEnd, lo); i < trades.length; i++) {
      const start = cumulativeEnd[i]! - trades[i]!.size;
      if (start >= hi) break;
      const overlap = Math.min(hi, cumulativeEnd[i]!) - Math.max(lo, start);
      const buyShare = signs[i]! > 0 ? 1 : signs[i]! < 0 ? 0 : 0.5;
      buy += overlap * buyShare;
      sell += overlap * (1 - buyShare);
    }
    return Math.abs(buy - sell);
  };

  return bars.map((bar, k) => {
    const v: ReferenceVector = {};
    const close = bar.close;
    v.ret_1 = k === 0 ? Number.NaN : close / closes[k - 1]! - 1;
    for (const [name, h] of HORIZONS) {
      let value = Number.NaN;
      if (timeframe.kind === 'daily') {
        if (h === MICROS_PER_DAY && k > 0) value = Math.log(close / closes[k - 1]!);
      } else if (h >= width && Math.ceil(h / width) <= maxLookbackBars) {
        for (let j = k - 1; j >= 0; j--) {
          if (bars[j]!.end <= bar.end - h) {
            value = Math.log(close / closes[j]!);
            break;
          }
        }
      }
      v[name] = value;
    }
    for (const n of [20, 50, 200]) {
      v[`rv_${n}`] = k >= n ? Math.sqrt(mean(logReturns.slice(k - n + 1, k + 1).map((r) => r * r))) : Number.NaN;
    }
    const series: Record<string, number[]> = {
      close: closes,
      volume: bars.map((b) => b.volume),
      range: bars.map((b) => b.high - b.low),
    };
    for (const [name, values] of Object.entries(series)) {
      v[`z_${name}_20`] = k >= 19 ? zScore(values.slice(k - 19, k + 1)) : Number.NaN;
      v[`pct_${name}_100`] = k >= 99 ? percentileRank(values.slice(k - 99, k + 1)) : Number.NaN;
    }
    v.mom_10 = k >= 10 ? Math.log(close / closes[k - 10]!) : Number.NaN;
    v.meanrev_20 = k >= 19 ? Math.log(close / mean(closes.slice(k - 19, k + 1))) / v.rv_20! : Number.NaN;
    if (k >= 50) {
      const previous = bars.slice(k - 50, k);
      const resistance = Math.max(...previous.map((b) => b.high));
      const support = Math.min(...previous.map((b) => b.low));
      v.dist_support_50 = (close - support) / close;
      v.dist_resistance_50 = (resistance - close) / close;
      v.breakout_up = close > resistance ? 1 : 0;
      v.breakout_down = close < support ? 1 : 0;
    } else {
      v.dist_support_50 = v.dist_resistance_50 = v.breakout_up = v.breakout_down = Number.NaN;
    }

    // Microstructure over [previous bar's end, this bar's end).
    const from = k === 0 ? Number.NEGATIVE_INFINITY : bars[k - 1]!.end;
    const firstQuote = lowerBound(quoteTimes, from);
    const endQuote = lowerBound(quoteTimes, bar.end);
    const last = quotes[endQuote - 1];
    const spreadOf = (q: Quote): number => ((q.askPrice - q.bidPrice) / ((q.askPrice + q.bidPrice) / 2)) * 1e4;
    if (last === undefined) {
      v.spread_bps = v.mid = v.microprice = v.ofi = Number.NaN;
    } else {
      const barQuotes = quotes.slice(firstQuote, endQuote);
      v.spread_bps = barQuotes.length > 0 ? mean(barQuotes.map(spreadOf)) : spreadOf(last);
      v.mid = (last.bidPrice + last.askPrice) / 2;
      v.microprice = (last.bidPrice * last.askSize + last.askPrice * last.bidSize) / (last.bidSize + last.askSize);
      v.ofi = ofi.slice(firstQuote, endQuote).reduce((a, e) => a + e, 0);
    }
    const firstTrade = lowerBound(tradeTimes, from);
    const endTrade = lowerBound(tradeTimes, bar.end);
    let buys = 0;
    let sells = 0;
    let buyVolume = 0;
    let sellVolume = 0;
    for (let i = firstTrade; i < endTrade; i++) {
      if (signs[i]! > 0) {
        buys++;
        buyVolume += trades[i]!.size;
      } else if (signs[i]! < 0) {
        sells++;
        sellVolume += trades[i]!.size;
      }
    }
    const count = endTrade - firstTrade;
    v.trade_sign_imbalance = count > 0 ? (buys - sells) / count : Number.NaN;
    v.buy_sell_ratio = sellVolume > 0 ? buyVolume / sellVolume : Number.NaN;
    v.buy_volume_share = buyVolume + sellVolume > 0 ? buyVolume / (buyVolume + sellVolume) : Number.NaN;

    // VPIN over the trades fed before this bar.
    const fed = lowerBound(tradeArrival, barArrival[k]!);
    const complete = fed === 0 ? 0 : Math.floor(cumulativeEnd[fed - 1]! / bucketVolume);
    if (complete >= buckets) {
      let imbalance = 0;
      for (let b = complete - buckets; b < complete; b++) imbalance += bucketImbalance(b);
      v.vpin = imbalance / (buckets * bucketVolume);
    } else {
      v.vpin = Number.NaN;
    }
    return v;
  });
}
