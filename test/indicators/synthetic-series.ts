/**
 * Seeded synthetic inputs for the volatility, volume and statistics indicator tests: a price
 * random walk on a 0.01 tick (so ties and repeated values occur), and OHLCV bars built from it
 * with flat bars, zero-volume bars and session gaps sprinkled in — the edge cases those
 * indicators must survive.
 */
import { Random } from '../../src/core/random.js';
import { MICROS_PER_MINUTE } from '../../src/core/time.js';

export interface SyntheticBar {
  readonly start: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** Rounds to a cent, as quoted prices are. */
function cents(x: number): number {
  return Math.round(x * 100) / 100;
}

/** A random walk of `count` prices on a 0.01 tick starting near `level`. */
export function randomWalk(count: number, seed: number | string, level = 100): number[] {
  const random = new Random(seed);
  const out: number[] = [];
  let price = level;
  for (let i = 0; i < count; i++) {
    price = Math.max(0.01, price * Math.exp(0.002 * random.studentT(4)));
    out.push(cents(price));
  }
  return out;
}

export interface SyntheticBarOptions {
  /** Start of the first bar, µs. */
  readonly start?: number;
  /** Bar length, µs. */
  readonly step?: number;
  /** Fraction of bars with high = low = open = close (a halted or illiquid minute). */
  readonly flatShare?: number;
  /** Fraction of bars with zero volume. */
  readonly zeroVolumeShare?: number;
}

/** `count` one-minute OHLCV bars from a seeded random walk. */
export function randomBars(count: number, seed: number | string, options: SyntheticBarOptions = {}): SyntheticBar[] {
  const random = new Random(seed);
  const step = options.step ?? MICROS_PER_MINUTE;
  const start = options.start ?? 1_704_205_800_000_000; // 2024-01-02T14:30:00Z
  const flatShare = options.flatShare ?? 0.03;
  const zeroVolumeShare = options.zeroVolumeShare ?? 0.02;
  const bars: SyntheticBar[] = [];
  let last = 100;
  for (let i = 0; i < count; i++) {
    const time = start + i * step;
    if (random.chance(flatShare)) {
      bars.push({ start: time, open: last, high: last, low: last, close: last, volume: random.int(0, 3) });
      continue;
    }
    const open = cents(last * Math.exp(0.0005 * random.normal()));
    const close = cents(open * Math.exp(0.002 * random.studentT(4)));
    const high = cents(Math.max(open, close) * (1 + 0.001 * random.exponential(1)));
    const low = cents(Math.min(open, close) * (1 - 0.001 * random.exponential(1)));
    const volume = random.chance(zeroVolumeShare) ? 0 : Math.round(5000 * Math.exp(0.6 * random.normal()));
    bars.push({ start: time, open, high, low, close, volume });
    last = close;
  }
  return bars;
}
