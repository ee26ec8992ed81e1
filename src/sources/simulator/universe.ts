/**
 * A default universe for the simulator: well-known US stocks and ETFs (NYSE calendar) and crypto
 * pairs (24/7), interleaved so that even a small universe has a 24/7 symbol (the simulator then
 * produces data at weekends too). Prices, volatilities, betas and spreads are rounded, plausible
 * figures, not live data. Trade rates are about a third of the real ones to keep warm-up cheap:
 * scale `tradesPerSecond` up for load tests. Beyond the named ones, synthetic stocks SYN051, …
 * get parameters drawn from a fixed seed.
 */
import { Random } from '../../core/random.js';
import type { SimulatedInstrument } from './config.js';

type Row = readonly [
  symbol: string,
  price: number,
  volatility: number,
  beta: number,
  tradesPerSecond: number,
  spreadBps: number,
];

const stock = ([
  symbol,
  startPrice,
  annualVolatility,
  marketBeta,
  tradesPerSecond,
  spreadBps,
]: Row): SimulatedInstrument => ({
  symbol,
  assetClass: 'stock',
  calendar: 'nyse',
  tickSize: 0.01,
  startPrice,
  annualVolatility,
  marketBeta,
  tradesPerSecond,
  spreadBps,
});

const crypto = (row: Row, tickSize: number): SimulatedInstrument => ({
  ...stock(row),
  assetClass: 'crypto',
  calendar: '24x7',
  tickSize,
});

const NAMED: readonly SimulatedInstrument[] = [
  stock(['AAPL', 190, 0.25, 1.15, 8, 0.6]),
  crypto(['BTC-USD', 65_000, 0.55, 1.3, 5, 0.3], 0.01),
  stock(['MSFT', 420, 0.24, 1.05, 6, 0.5]),
  stock(['NVDA', 120, 0.5, 1.8, 10, 0.8]),
  crypto(['ETH-USD', 3_200, 0.7, 1.6, 3, 0.5], 0.01),
  stock(['AMZN', 185, 0.3, 1.2, 6, 0.6]),
  stock(['GOOGL', 165, 0.28, 1.1, 5, 0.7]),
  stock(['JPM', 200, 0.22, 1.0, 3, 0.6]),
  stock(['XOM', 115, 0.25, 0.7, 3, 0.9]),
  stock(['SPY', 550, 0.17, 1.0, 10, 0.2]),
  crypto(['SOL-USD', 150, 0.95, 2.0, 2, 1.0], 0.01),
  stock(['META', 500, 0.35, 1.25, 5, 0.6]),
  stock(['TSLA', 220, 0.55, 1.6, 10, 0.5]),
  stock(['QQQ', 480, 0.21, 1.2, 6, 0.3]),
  stock(['V', 270, 0.2, 0.9, 2, 0.7]),
  stock(['UNH', 520, 0.24, 0.6, 2, 1.0]),
  crypto(['DOGE-USD', 0.12, 1.0, 2.0, 1.5, 3], 0.00001),
  stock(['JNJ', 155, 0.16, 0.5, 2, 0.8]),
  stock(['WMT', 70, 0.19, 0.5, 3, 1.5]),
  stock(['PG', 165, 0.16, 0.45, 2, 0.8]),
  stock(['MA', 460, 0.21, 1.0, 1.5, 0.8]),
  crypto(['XRP-USD', 0.55, 0.85, 1.6, 1.5, 2], 0.0001),
  stock(['HD', 370, 0.23, 1.0, 1.5, 0.9]),
  stock(['CVX', 155, 0.26, 0.8, 2, 0.9]),
  stock(['KO', 65, 0.15, 0.5, 2, 1.6]),
  stock(['PEP', 165, 0.17, 0.5, 1.5, 0.9]),
  crypto(['ADA-USD', 0.4, 0.85, 1.8, 1, 3], 0.0001),
  stock(['BAC', 40, 0.27, 1.2, 4, 2.5]),
  stock(['COST', 880, 0.22, 0.8, 1, 1.0]),
  stock(['ABBV', 180, 0.22, 0.5, 1.5, 0.8]),
  stock(['MRK', 110, 0.21, 0.4, 2, 1.0]),
  crypto(['AVAX-USD', 30, 1.0, 2.2, 1, 4], 0.01),
  stock(['AVGO', 160, 0.45, 1.5, 5, 0.8]),
  stock(['ORCL', 150, 0.33, 1.1, 2, 0.9]),
  stock(['CSCO', 50, 0.22, 0.9, 3, 2.0]),
  stock(['ADBE', 520, 0.33, 1.2, 1.5, 0.8]),
  crypto(['LINK-USD', 14, 0.95, 2.0, 1, 3], 0.001),
  stock(['CRM', 270, 0.34, 1.2, 1.5, 0.8]),
  stock(['NFLX', 680, 0.36, 1.2, 1.5, 0.7]),
  stock(['AMD', 150, 0.5, 1.7, 7, 0.7]),
  stock(['INTC', 25, 0.45, 1.1, 5, 4.0]),
  crypto(['LTC-USD', 75, 0.75, 1.5, 0.8, 3], 0.01),
  stock(['DIS', 95, 0.28, 1.0, 2, 1.1]),
  stock(['MCD', 290, 0.17, 0.6, 1.2, 0.6]),
  stock(['NKE', 80, 0.3, 1.0, 2, 1.3]),
  stock(['BA', 170, 0.35, 1.2, 2, 0.7]),
  stock(['CAT', 340, 0.27, 1.0, 1.2, 0.6]),
  stock(['GS', 480, 0.26, 1.3, 1.2, 0.5]),
  stock(['IWM', 215, 0.22, 1.15, 4, 0.5]),
  stock(['PFE', 28, 0.24, 0.6, 3, 3.5]),
];

/** Number of named (real-ticker) instruments before synthetic ones are added. */
export const NAMED_INSTRUMENT_COUNT = NAMED.length;

/** Synthetic stock number `n` (1-based position in the universe); deterministic. */
function syntheticStock(n: number): SimulatedInstrument {
  const random = new Random(`default-universe/${n}`);
  const annualVolatility = Number((0.18 + 0.4 * random.uniform()).toFixed(2));
  // Rounded down, so that |beta| × market volatility never exceeds the volatility.
  const marketBeta = Math.floor(Math.min(0.4 + 1.2 * random.uniform(), annualVolatility / 0.16) * 100) / 100;
  return stock([
    `SYN${String(n).padStart(3, '0')}`,
    Number(Math.exp(Math.log(10) + Math.log(50) * random.uniform()).toFixed(2)),
    annualVolatility,
    marketBeta,
    Number((0.3 + 1.7 * random.uniform()).toFixed(1)),
    Number((1 + 6 * random.uniform()).toFixed(1)),
  ]);
}

/** The first `count` instruments of the default universe (any count ≥ 1; beyond 50, synthetic stocks). */
export function defaultUniverse(count: number): SimulatedInstrument[] {
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`defaultUniverse: count must be a positive integer, got ${count}`);
  const universe: SimulatedInstrument[] = NAMED.slice(0, count).map((instrument) => ({ ...instrument }));
  for (let n = universe.length + 1; n <= count; n++) universe.push(syntheticStock(n));
  return universe;
}
