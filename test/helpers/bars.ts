/** Test helpers: build closed bars with sensible defaults. */
import type { Bar } from '../../src/core/events.js';
import { MICROS_PER_MINUTE } from '../../src/core/time.js';

export function makeBar(index: number, fields: Partial<Omit<Bar, 'type'>> = {}): Bar {
  const start = 1_700_000_000_000_000 + index * MICROS_PER_MINUTE;
  const close = fields.close ?? 100;
  return {
    type: 'bar',
    symbol: 'TEST',
    timeframe: '1m',
    start,
    end: start + MICROS_PER_MINUTE,
    open: close,
    high: close,
    low: close,
    close,
    volume: 1000,
    vwap: close,
    trades: 10,
    buyVolume: 500,
    sellVolume: 500,
    revision: 0,
    tsEvent: start + MICROS_PER_MINUTE - 1,
    tsRecv: start + MICROS_PER_MINUTE,
    ...fields,
  };
}

/** A deterministic wavy series of bars with occasional spikes (no randomness needed). */
export function wavyBars(count: number): Bar[] {
  const bars: Bar[] = [];
  for (let i = 0; i < count; i++) {
    const close = 100 + 3 * Math.sin(i / 7) + (i % 97 === 50 ? 9 : 0);
    const volume = 1000 + 300 * Math.cos(i / 5) + (i % 61 === 40 ? 6000 : 0);
    bars.push(makeBar(i, { close, volume, high: close + 0.5, low: close - 0.5, open: close - 0.1 }));
  }
  return bars;
}
