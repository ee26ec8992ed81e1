/**
 * Seeded inputs for the trend and momentum indicator tests: a random walk of bars on a 0.01
 * tick (ties happen), with flat stretches (zero ranges and zero changes) and optional level
 * shifts by orders of magnitude (to expose drift in running sums).
 */
import { Random } from '../../src/core/random.js';
import { MICROS_PER_MINUTE } from '../../src/core/time.js';
import type { OHLCV } from '../../src/indicators/types.js';

export interface WalkOptions {
  readonly seed?: number | string;
  /** Every `flatEvery` bars, `flatLength` bars do not move at all. */
  readonly flatEvery?: number;
  readonly flatLength?: number;
  /** Multiply the price level by this factor for the middle third of the series. */
  readonly levelShift?: number;
}

/** `count` one-minute bars starting near 100. */
export function walkBars(count: number, options: WalkOptions = {}): OHLCV[] {
  const { seed = 'trend-series', flatEvery = 0, flatLength = 0, levelShift = 1 } = options;
  const random = new Random(seed);
  const bars: OHLCV[] = [];
  let close = 100;
  for (let i = 0; i < count; i++) {
    const scale = levelShift !== 1 && i >= count / 3 && i < (2 * count) / 3 ? levelShift : 1;
    const start = Date.UTC(2024, 0, 2, 14, 30) * 1000 + i * MICROS_PER_MINUTE;
    const flat = flatEvery > 0 && i % flatEvery < flatLength && i >= flatEvery;
    if (flat) {
      const p = close * scale;
      bars.push({ start, open: p, high: p, low: p, close: p, volume: 1 + random.int(0, 3) });
      continue;
    }
    const open = close;
    const path = [open];
    let p = open;
    for (let k = 0; k < 6; k++) {
      p = Math.max(0.05, Math.round(p * Math.exp(0.0015 * random.studentT(4)) * 100) / 100);
      path.push(p);
    }
    close = p;
    bars.push({
      start,
      open: open * scale,
      high: Math.max(...path) * scale,
      low: Math.min(...path) * scale,
      close: close * scale,
      volume: Math.round(1000 * Math.exp(0.7 * random.normal())) + 1,
    });
  }
  return bars;
}

/** Closes of `walkBars`. */
export function walkCloses(count: number, options: WalkOptions = {}): number[] {
  return walkBars(count, options).map((bar) => bar.close);
}

/** |a − b| / max(|b|, 1e-12): for batch-vs-stream checks on values that are not near zero. */
export function relativeDifference(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);
}
