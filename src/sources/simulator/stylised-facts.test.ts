/**
 * The simulator's stylised facts, measured on its own output with fixed seeds: fat tails,
 * volatility clustering without return autocorrelation, correlation through the market factor,
 * the configured volatility, and the intraday U of stock trading. The sample statistics come from
 * stylised-facts.ts, itself checked here against closed forms.
 */
import { describe, expect, it } from 'vitest';
import type { Micros } from '../../core/events.js';
import { Random } from '../../core/random.js';
import { MICROS_PER_DAY, MICROS_PER_MINUTE } from '../../core/time.js';
import type { SimulatedInstrument } from './config.js';
import { MarketSimulator } from './market-simulator.js';
import { autocorrelation, correlation, excessKurtosis, intervalLogReturns, mean, variance } from './stylised-facts.js';

describe('sample statistics', () => {
  it('match closed forms', () => {
    // A symmetric two-point distribution has excess kurtosis exactly −2.
    expect(excessKurtosis([1, -1, 1, -1, 1, -1])).toBeCloseTo(-2, 12);
    // A uniform grid approaches the uniform distribution's −1.2.
    const grid = Array.from({ length: 100_001 }, (_, i) => i / 100_000);
    expect(excessKurtosis(grid)).toBeCloseTo(-1.2, 3);
    expect(variance(grid)).toBeCloseTo(1 / 12, 4);
    // Alternating signs: lag-1 autocorrelation −(n−1)/n, lag 2 (n−2)/n.
    const alternating = Array.from({ length: 1_000 }, (_, i) => (i % 2 === 0 ? 1 : -1));
    expect(autocorrelation(alternating, 1)).toBeCloseTo(-0.999, 12);
    expect(autocorrelation(alternating, 2)).toBeCloseTo(0.998, 12);
    expect(correlation([1, 2, 3, 4], [2, 4, 6, 8])).toBeCloseTo(1, 12);
    expect(correlation([1, 2, 3, 4], [8, 6, 4, 2])).toBeCloseTo(-1, 12);
    expect(mean([1, 2, 3, 6])).toBe(3);
  });
});

const coin = (symbol: string, annualVolatility: number, marketBeta: number): SimulatedInstrument => ({
  symbol,
  assetClass: 'crypto',
  calendar: '24x7',
  tickSize: 0.01,
  startPrice: 1_000,
  annualVolatility,
  marketBeta,
  tradesPerSecond: 0.5,
  spreadBps: 1,
  quotesPerTrade: 0.2,
});

/** Runs the simulator and keeps the last trade price of every minute, per symbol. */
function minuteCloses(
  instruments: SimulatedInstrument[],
  seed: string,
  start: Micros,
  days: number,
): Map<string, Map<Micros, number>> {
  const closes = new Map(instruments.map((instrument) => [instrument.symbol, new Map<Micros, number>()]));
  const simulator = new MarketSimulator({ seed, start, instruments, anomaliesPerSymbolDay: 0, meanLatency: 1_000 });
  simulator.advance(start + days * MICROS_PER_DAY, (event) => {
    if (event.type === 'trade')
      closes.get(event.symbol)!.set(event.tsEvent - (event.tsEvent % MICROS_PER_MINUTE), event.price);
  });
  return closes;
}

function minuteStarts(start: Micros, days: number): Micros[] {
  const starts: Micros[] = [];
  for (let t = start + MICROS_PER_MINUTE; t < start + days * MICROS_PER_DAY; t += MICROS_PER_MINUTE) starts.push(t);
  return starts;
}

const MARKET_VOLATILITY = 0.16;
const COINS = [coin('A', 0.6, 2.0), coin('B', 0.5, 1.5), coin('C', 0.8, 0.5), coin('D', 0.2, 1.0)];
const START = Date.UTC(2024, 0, 1) * 1000;
const DAYS = 10;

describe('MarketSimulator: stylised facts of one-minute returns (4 crypto symbols, 10 days, seed "facts")', () => {
  const closes = minuteCloses(COINS, 'facts', START, DAYS);
  const starts = minuteStarts(START, DAYS);
  const returns = new Map(
    COINS.map(({ symbol }) => [symbol, intervalLogReturns(closes.get(symbol)!, starts, MICROS_PER_MINUTE)]),
  );

  it('every minute has a trade (so returns line up across symbols)', () => {
    for (const series of returns.values()) expect(series.length).toBe(starts.length);
  });

  it('has fat tails: clearly positive excess kurtosis', () => {
    for (const series of returns.values()) expect(excessKurtosis(series)).toBeGreaterThan(1);
  });

  it('has next to no autocorrelation in returns but clear autocorrelation in absolute and squared returns', () => {
    const shuffler = new Random('shuffle');
    for (const series of returns.values()) {
      for (const lag of [1, 2, 3, 5, 10]) expect(Math.abs(autocorrelation(series, lag))).toBeLessThan(0.05);
      const absolute = series.map(Math.abs);
      const squared = series.map((value) => value * value);
      // 1/√n ≈ 0.008 is the standard error of an autocorrelation under independence.
      for (const lag of [1, 5, 10]) {
        expect(autocorrelation(absolute, lag)).toBeGreaterThan(0.05);
        expect(autocorrelation(squared, lag)).toBeGreaterThan(0.04);
      }
      expect(autocorrelation(absolute, 30)).toBeGreaterThan(0.03);
      // Control: shuffling destroys the clustering, so the test above measures the simulator.
      const shuffled = [...absolute];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = shuffler.int(0, i);
        [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
      }
      expect(Math.abs(autocorrelation(shuffled, 1))).toBeLessThan(0.03);
    }
  });

  it('annualised volatility is the configured one (within sampling error of a GARCH process)', () => {
    for (const instrument of COINS) {
      const series = returns.get(instrument.symbol)!;
      const realised = Math.sqrt((variance(series) * 365 * 1440 * series.length) / (series.length - 1));
      expect(realised / instrument.annualVolatility).toBeGreaterThan(0.8);
      expect(realised / instrument.annualVolatility).toBeLessThan(1.25);
    }
  });

  it('correlates symbols through the market factor: beta1·beta2·σm² / (σ1·σ2)', () => {
    const measured: number[] = [];
    const expected: number[] = [];
    for (let i = 0; i < COINS.length; i++) {
      for (let j = i + 1; j < COINS.length; j++) {
        const [a, b] = [COINS[i]!, COINS[j]!];
        const theory =
          (a.marketBeta * b.marketBeta * MARKET_VOLATILITY ** 2) / (a.annualVolatility * b.annualVolatility);
        const sample = correlation(returns.get(a.symbol)!, returns.get(b.symbol)!);
        // Slightly below theory is expected: last-trade prices are a little stale (Epps effect).
        expect(Math.abs(sample - theory)).toBeLessThan(0.08);
        measured.push(sample);
        expected.push(theory);
      }
    }
    expect(Math.min(...measured)).toBeGreaterThan(0);
    expect(correlation(measured, expected)).toBeGreaterThan(0.95);
  });
});

describe('MarketSimulator: intraday activity of a stock (10 sessions, seed "u-shape")', () => {
  const stock: SimulatedInstrument = {
    ...coin('S', 0.3, 1),
    assetClass: 'stock',
    calendar: 'nyse',
    tradesPerSecond: 1,
  };
  // Monday 2024-04-08 to Friday 2024-04-19: ten regular sessions, 13:30–20:00 UTC (EDT).
  const start = Date.UTC(2024, 3, 8) * 1000;
  const perMinuteOfSession = new Array<number>(390).fill(0);
  const closes = new Map<Micros, number>();
  new MarketSimulator({
    seed: 'u-shape',
    start,
    instruments: [stock],
    anomaliesPerSymbolDay: 0,
    meanLatency: 1_000,
  }).advance(start + 12 * MICROS_PER_DAY, (event) => {
    if (event.type !== 'trade') return;
    const minuteStart = event.tsEvent - (event.tsEvent % MICROS_PER_MINUTE);
    perMinuteOfSession[(minuteStart % MICROS_PER_DAY) / MICROS_PER_MINUTE - (13 * 60 + 30)]!++;
    closes.set(minuteStart, event.price);
  });
  // Returns between consecutive minutes of a session (overnight gaps are skipped).
  const sessionMinuteReturns = intervalLogReturns(closes, minuteStarts(start, 12), MICROS_PER_MINUTE);
  const rate = (from: number, to: number): number => mean(perMinuteOfSession.slice(from, to));

  it('trades more near the open and the close than at midday', () => {
    expect(perMinuteOfSession.every((count) => count > 0)).toBe(true);
    const midday = rate(120, 240); // 11:30–13:30 New York
    expect(rate(0, 30) / midday).toBeGreaterThan(2.3);
    expect(rate(360, 390) / midday).toBeGreaterThan(1.7);
    expect(midday).toBeLessThan(rate(0, 390));
    // Session total ≈ tradesPerSecond × 23,400 s per session.
    expect(rate(0, 390) * 390).toBeGreaterThan(0.9 * 23_400 * 10);
    expect(rate(0, 390) * 390).toBeLessThan(1.1 * 23_400 * 10);
  });

  it('has fat-tailed intraday returns too', () => {
    expect(sessionMinuteReturns.length).toBeGreaterThan(3_800);
    expect(excessKurtosis(sessionMinuteReturns)).toBeGreaterThan(1);
  });
});

describe('MarketSimulator: overnight gaps of a stock (40 sessions, seed "gaps")', () => {
  it('splits the close-to-close variance 80/20 between the session and the overnight gap', () => {
    const stock: SimulatedInstrument = {
      ...coin('S', 0.3, 1),
      assetClass: 'stock',
      calendar: 'nyse',
      tradesPerSecond: 0.05,
    };
    const start = Date.UTC(2024, 0, 2) * 1000;
    const firstAndLast = new Map<number, [number, number]>();
    new MarketSimulator({
      seed: 'gaps',
      start,
      instruments: [stock],
      anomaliesPerSymbolDay: 0,
      meanLatency: 1_000,
    }).advance(start + 58 * MICROS_PER_DAY, (event) => {
      if (event.type !== 'trade') return;
      const day = Math.floor(event.tsEvent / MICROS_PER_DAY);
      firstAndLast.set(day, [firstAndLast.get(day)?.[0] ?? event.price, event.price]);
    });
    const days = [...firstAndLast.values()];
    expect(days.length).toBe(40);
    const intraday = days.map(([first, last]) => Math.log(last / first));
    const overnight = days.slice(1).map(([first], i) => Math.log(first / days[i]![1]));
    // Expected standard deviations: 0.3 × √(0.8/252) ≈ 1.7% in the session, 0.3 × √(0.2/252) ≈ 0.85% overnight.
    const sessionDeviation = Math.sqrt(variance(intraday));
    const gapDeviation = Math.sqrt(variance(overnight));
    expect(sessionDeviation).toBeGreaterThan(0.011);
    expect(sessionDeviation).toBeLessThan(0.025);
    expect(gapDeviation).toBeGreaterThan(0.005);
    expect(gapDeviation).toBeLessThan(0.013);
  });
});
