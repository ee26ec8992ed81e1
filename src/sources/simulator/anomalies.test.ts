/**
 * Injected anomalies: each kind is visible in the data inside its label's window, labels of a
 * symbol never overlap, stock anomalies stay inside a session, and the rate is the configured one.
 */
import { describe, expect, it } from 'vitest';
import { nyseRegularSessions } from '../../bars/sessions.js';
import type { Label, Micros, Quote, Trade } from '../../core/events.js';
import { MICROS_PER_DAY, MICROS_PER_MINUTE, MICROS_PER_SECOND } from '../../core/time.js';
import { ANOMALY_KINDS } from './config.js';
import type { AnomalyKind, SimulatedInstrument } from './config.js';
import { MarketSimulator } from './market-simulator.js';
import { isNyseHoliday, nyseEarlyCloseMinutes } from '../../bars/nyse-holidays.js';
import { correlation, intervalLogReturns, variance } from './stylised-facts.js';

const START = Date.UTC(2024, 4, 6) * 1000; // Monday 2024-05-06

const coin = (symbol: string, overrides: Partial<SimulatedInstrument> = {}): SimulatedInstrument => ({
  symbol,
  assetClass: 'crypto',
  calendar: '24x7',
  tickSize: 0.01,
  startPrice: 1_000,
  annualVolatility: 0.5,
  marketBeta: 1.5,
  tradesPerSecond: 1,
  spreadBps: 2,
  quotesPerTrade: 0.25,
  ...overrides,
});

interface Run {
  readonly labels: Label[];
  readonly trades: Map<string, Trade[]>;
  readonly quotes: Map<string, Quote[]>;
}

function simulate(
  kinds: AnomalyKind[],
  instruments: SimulatedInstrument[],
  days: number,
  perDay: number,
  seed: string,
): Run {
  const run: Run = {
    labels: [],
    trades: new Map(instruments.map(({ symbol }) => [symbol, []])),
    quotes: new Map(instruments.map(({ symbol }) => [symbol, []])),
  };
  const simulator = new MarketSimulator({
    seed,
    start: START,
    instruments,
    anomaliesPerSymbolDay: perDay,
    anomalyKinds: kinds,
    meanLatency: 1_000,
  });
  simulator.advance(START + days * MICROS_PER_DAY, (event) => {
    if (event.type === 'label') run.labels.push(event);
    else if (event.type === 'trade') run.trades.get(event.symbol)!.push(event);
    else run.quotes.get(event.symbol)!.push(event);
  });
  return run;
}

/** Busier: counts inside short windows need enough trades and quotes. */
const BUSY = { tradesPerSecond: 2, quotesPerTrade: 0.5 };

const within = <T extends { tsEvent: Micros }>(events: readonly T[], from: Micros, to: Micros): T[] =>
  events.filter((event) => event.tsEvent >= from && event.tsEvent < to);
const insideAny = (labels: readonly Label[], ts: Micros): boolean =>
  labels.some((label) => ts >= label.start && ts < label.end);
const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};
const seconds = (from: Micros, to: Micros): number => (to - from) / MICROS_PER_SECOND;

function minuteReturns(trades: readonly Trade[], from: Micros, days: number): Map<Micros, number> {
  const closes = new Map<Micros, number>();
  for (const trade of trades) closes.set(trade.tsEvent - (trade.tsEvent % MICROS_PER_MINUTE), trade.price);
  const returns = new Map<Micros, number>();
  for (let t = from + MICROS_PER_MINUTE; t < from + days * MICROS_PER_DAY; t += MICROS_PER_MINUTE) {
    const [value] = intervalLogReturns(closes, [t], MICROS_PER_MINUTE);
    if (value !== undefined) returns.set(t, value);
  }
  return returns;
}

describe('injected anomalies are visible inside their label windows', () => {
  it('volume_spike: trade rate and trade sizes several times normal', () => {
    const { labels, trades } = simulate(['volume_spike'], [coin('X', BUSY)], 2, 8, 'spike');
    const all = trades.get('X')!;
    const outside = all.filter((trade) => !insideAny(labels, trade.tsEvent));
    const outsideSeconds = 2 * 86_400 - labels.reduce((sum, label) => sum + seconds(label.start, label.end), 0);
    const normalRate = outside.length / outsideSeconds;
    const normalSize = median(outside.map((trade) => trade.size));
    expect(labels.length).toBeGreaterThanOrEqual(8);
    for (const label of labels) {
      const inside = within(all, label.start, label.end);
      expect(inside.length / seconds(label.start, label.end) / normalRate).toBeGreaterThan(3);
      expect(median(inside.map((trade) => trade.size)) / normalSize).toBeGreaterThan(3);
    }
  });

  it('price_jump: a 4–8% move that persists', () => {
    const { labels, trades } = simulate(['price_jump'], [coin('X')], 2, 8, 'jump');
    const all = trades.get('X')!;
    expect(labels.length).toBeGreaterThanOrEqual(8);
    for (const label of labels) {
      const before = within(all, label.start - 10 * MICROS_PER_SECOND, label.start).map((trade) => trade.price);
      const after = within(all, label.end - 10 * MICROS_PER_SECOND, label.end).map((trade) => trade.price);
      const move = Math.abs(Math.log(median(after) / median(before)));
      expect(move).toBeGreaterThan(0.035);
      expect(move).toBeLessThan(0.085);
    }
  });

  it('flash_crash: a 5–10% drop, most of it recovered by the end of the window', () => {
    // A calm symbol, so that the recovery is measured well above the noise of ten minutes of trading.
    const calm = coin('X', { annualVolatility: 0.15, marketBeta: 0.9, spreadBps: 0.5 });
    const { labels, trades } = simulate(['flash_crash'], [calm], 2, 8, 'crash');
    const all = trades.get('X')!;
    expect(labels.length).toBeGreaterThanOrEqual(8);
    for (const label of labels) {
      const before = median(within(all, label.start - 10 * MICROS_PER_SECOND, label.start).map((trade) => trade.price));
      const inside = within(all, label.start, label.end);
      const low = Math.min(...inside.map((trade) => trade.price));
      const final = median(within(all, label.end - 10 * MICROS_PER_SECOND, label.end).map((trade) => trade.price));
      const drop = 1 - low / before;
      expect(drop).toBeGreaterThan(0.045);
      expect(drop).toBeLessThan(0.12);
      // The bottom comes within the first quarter of the window (the drop takes 30–120 s).
      const bottom = inside.find((trade) => trade.price === low)!;
      expect(bottom.tsEvent - label.start).toBeLessThan((label.end - label.start) / 4 + 10 * MICROS_PER_SECOND);
      const recovered = (final - low) / (before - low);
      expect(recovered).toBeGreaterThan(0.5); // configured: 60–90%
      expect(recovered).toBeLessThan(1);
    }
  });

  it('volatility_regime: volatility about three times normal', () => {
    const { labels, trades } = simulate(['volatility_regime'], [coin('X')], 3, 4, 'regime');
    const returns = minuteReturns(trades.get('X')!, START, 3);
    const inside: number[] = [];
    const outside: number[] = [];
    for (const [minute, value] of returns) {
      // The return of the minute ending at `minute + 1 min` lies wholly inside or outside a window.
      const ends = minute + MICROS_PER_MINUTE;
      if (insideAny(labels, minute - MICROS_PER_MINUTE) && insideAny(labels, ends - 1)) inside.push(value);
      else if (!insideAny(labels, minute - MICROS_PER_MINUTE) && !insideAny(labels, ends - 1)) outside.push(value);
    }
    expect(labels.length).toBeGreaterThanOrEqual(4);
    expect(inside.length).toBeGreaterThan(500);
    const ratio = Math.sqrt(variance(inside) / variance(outside));
    expect(ratio).toBeGreaterThan(2.2);
    expect(ratio).toBeLessThan(4);
  });

  it('correlation_break: the correlation with the market flips or vanishes', () => {
    // Volatile enough that one-minute returns dwarf the bid-ask bounce (spread 0.5 bp).
    const instruments = [
      coin('X', { annualVolatility: 0.6, marketBeta: 3, spreadBps: 0.5 }),
      coin('INDEX', { annualVolatility: 0.34, marketBeta: 2, spreadBps: 0.5 }),
    ];
    const days = 3;
    const { labels, trades } = simulate(['correlation_break'], instruments, days, 5, 'break');
    const x = minuteReturns(trades.get('X')!, START, days);
    const index = minuteReturns(trades.get('INDEX')!, START, days);
    const groups = { flipped: [[], []], removed: [[], []], normal: [[], []] } as Record<string, [number[], number[]]>;
    const labelAt = (symbol: string, ts: Micros): Label | undefined =>
      labels.find((label) => label.symbol === symbol && ts >= label.start && ts < label.end);
    for (const [minute, value] of x) {
      const other = index.get(minute);
      // The return keyed `minute` runs from the previous minute's last trade to this minute's last.
      const [from, to] = [minute - MICROS_PER_MINUTE, minute + MICROS_PER_MINUTE - 1];
      if (other === undefined || labelAt('INDEX', from) || labelAt('INDEX', to)) continue;
      const before = labelAt('X', from);
      const now = labelAt('X', to);
      const group =
        before === undefined && now === undefined
          ? 'normal'
          : before === now
            ? now!.note.includes('flipped')
              ? 'flipped'
              : 'removed'
            : undefined;
      if (group === undefined) continue;
      groups[group]![0].push(value);
      groups[group]![1].push(other);
    }
    const [normalX, normalIndex] = groups.normal!;
    const [flippedX, flippedIndex] = groups.flipped!;
    const [removedX, removedIndex] = groups.removed!;
    expect(Math.min(flippedX.length, removedX.length)).toBeGreaterThan(150);
    const normal = correlation(normalX, normalIndex);
    const flipped = correlation(flippedX, flippedIndex);
    const removed = correlation(removedX, removedIndex);
    // Theory: 3 × 2 × 0.16² / (0.6 × 0.34) = 0.75; flipped −0.75; removed 0.
    expect(normal).toBeGreaterThan(0.6);
    expect(flipped).toBeLessThan(-0.5);
    expect(Math.abs(removed)).toBeLessThan(0.2);
  });

  it('liquidity_drought: spreads ten times wider or more, far fewer trades', () => {
    const { labels, trades, quotes } = simulate(['liquidity_drought'], [coin('X', BUSY)], 2, 8, 'drought');
    const spreads = (list: readonly Quote[]): number => median(list.map((quote) => quote.askPrice - quote.bidPrice));
    const normalQuotes = quotes.get('X')!.filter((quote) => !insideAny(labels, quote.tsEvent));
    const normalTrades = trades.get('X')!.filter((trade) => !insideAny(labels, trade.tsEvent));
    const outsideSeconds = 2 * 86_400 - labels.reduce((sum, label) => sum + seconds(label.start, label.end), 0);
    expect(labels.length).toBeGreaterThanOrEqual(8);
    for (const label of labels) {
      const inside = within(quotes.get('X')!, label.start, label.end);
      // Against the half hour before: spreads also follow the volatility, which drifts over the day.
      const before = within(normalQuotes, label.start - 30 * MICROS_PER_MINUTE, label.start);
      expect(spreads(inside) / spreads(before)).toBeGreaterThanOrEqual(10);
      const rate = within(trades.get('X')!, label.start, label.end).length / seconds(label.start, label.end);
      expect(rate / (normalTrades.length / outsideSeconds)).toBeLessThan(0.4);
    }
  });

  it('stale_feed: no trades or quotes at all, then the feed resumes', () => {
    const { labels, trades, quotes } = simulate(['stale_feed'], [coin('X', BUSY)], 2, 8, 'stale');
    const events = [...trades.get('X')!, ...quotes.get('X')!];
    expect(labels.length).toBeGreaterThanOrEqual(8);
    for (const label of labels) {
      expect(within(events, label.start, label.end)).toHaveLength(0);
      expect(within(events, label.start - 5 * MICROS_PER_SECOND, label.start).length).toBeGreaterThan(0);
      const resumesBy = label.end + 5 * MICROS_PER_SECOND;
      if (!labels.some((other) => other.start > label.start && other.start < resumesBy)) {
        expect(within(events, label.end, resumesBy).length).toBeGreaterThan(0);
      }
    }
  });
});

describe('anomaly scheduling', () => {
  const calendar = nyseRegularSessions({ isHoliday: isNyseHoliday, earlyCloseMinutes: nyseEarlyCloseMinutes });
  const quiet = { tradesPerSecond: 0.05, quotesPerTrade: 0 };
  const stock: SimulatedInstrument = { ...coin('STOCK', quiet), assetClass: 'stock', calendar: 'nyse' };
  // 2024-05-06 + 28 days: 19 sessions (Memorial Day, 27 May, is a holiday).
  const days = 28;
  const sessions = 19;
  const perDay = 3;
  const { labels } = simulate([...ANOMALY_KINDS], [coin('COIN', quiet), stock], days, perDay, 'schedule');

  it('labels of a symbol never overlap', () => {
    for (const symbol of ['COIN', 'STOCK']) {
      const own = labels.filter((label) => label.symbol === symbol);
      for (let i = 1; i < own.length; i++) expect(own[i]!.start).toBeGreaterThanOrEqual(own[i - 1]!.end);
    }
  });

  it('stock anomalies start and end inside one regular session', () => {
    const own = labels.filter((label) => label.symbol === 'STOCK');
    expect(own.length).toBeGreaterThan(0);
    for (const label of own) {
      const session = calendar.sessionAt(label.start);
      expect(session).not.toBeNull();
      expect(label.end).toBeLessThanOrEqual(session!.end);
    }
  });

  it('injects anomalies at the configured rate per symbol and session day, of every kind', () => {
    const coinCount = labels.filter((label) => label.symbol === 'COIN').length;
    const stockCount = labels.filter((label) => label.symbol === 'STOCK').length;
    // Expected 84 and 57; a renewal process with these durations has a standard deviation of about 8.
    expect(coinCount).toBeGreaterThan(0.7 * perDay * days);
    expect(coinCount).toBeLessThan(1.3 * perDay * days);
    expect(stockCount).toBeGreaterThan(0.6 * perDay * sessions); // session ends cut some long kinds short
    expect(stockCount).toBeLessThan(1.3 * perDay * sessions);
    expect(new Set(labels.map((label) => label.kind))).toEqual(new Set(ANOMALY_KINDS));
  });

  it('injects only the configured kinds, and none when the rate is 0', () => {
    const some = simulate(['stale_feed', 'price_jump'], [coin('COIN', quiet)], 3, 4, 'kinds').labels;
    expect(some.length).toBeGreaterThan(5);
    expect(new Set(some.map((label) => label.kind))).toEqual(new Set(['stale_feed', 'price_jump']));
    expect(simulate([...ANOMALY_KINDS], [coin('COIN', quiet)], 3, 0, 'kinds').labels).toHaveLength(0);
  });
});
