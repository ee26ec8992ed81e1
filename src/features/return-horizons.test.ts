import { describe, expect, it } from 'vitest';
import { MICROS_PER_MINUTE, microsFromIso, parseTimeframe } from '../core/time.js';
import { RETURN_HORIZONS, ReturnHorizons } from './return-horizons.js';

const T0 = microsFromIso('2024-03-11T14:00:00Z');
const names = RETURN_HORIZONS.map((h) => h.name);

function feed(
  horizons: ReturnHorizons,
  bars: ReadonlyArray<readonly [end: number, close: number]>,
): Record<string, number>[] {
  const out = new Float64Array(RETURN_HORIZONS.length);
  return bars.map(([end, close]) => {
    horizons.update(end, close, out, 0);
    return Object.fromEntries(names.map((name, k) => [name, out[k]!]));
  });
}

describe('ReturnHorizons', () => {
  it('on contiguous 1m bars, h is h/1m bars back', () => {
    const bars = Array.from({ length: 80 }, (_, i) => [T0 + (i + 1) * MICROS_PER_MINUTE, 100 + i] as const);
    const out = feed(new ReturnHorizons(parseTimeframe('1m')), bars);
    expect(out[0]!.logret_1m).toBeNaN();
    expect(out[1]!.logret_1m).toBe(Math.log(101 / 100));
    expect(out[4]!.logret_5m).toBeNaN();
    expect(out[5]!.logret_5m).toBe(Math.log(105 / 100));
    expect(out[79]!.logret_1h).toBe(Math.log(179 / 119));
    expect(out[79]!.logret_1d).toBeNaN();
  });

  it('across gaps takes the last close at or before t − h', () => {
    const m = MICROS_PER_MINUTE;
    // bars ending at minutes 1, 2, 3 and then 11, 12
    const bars = [
      [1, 10],
      [2, 11],
      [3, 12],
      [11, 20],
      [12, 21],
    ].map(([minute, close]) => [T0 + minute! * m, close!] as const);
    const out = feed(new ReturnHorizons(parseTimeframe('1m')), bars);
    expect(out[3]!.logret_1m).toBe(Math.log(20 / 12)); // t − 1m = minute 10: last close is minute 3's
    expect(out[3]!.logret_5m).toBe(Math.log(20 / 12));
    expect(out[4]!.logret_5m).toBe(Math.log(21 / 12));
    expect(out[4]!.logret_1m).toBe(Math.log(21 / 20));
    expect(out[4]!.logret_15m).toBeNaN(); // minute −3: before the history
  });

  it('horizons shorter than the timeframe, or beyond maxLookbackBars, are NaN', () => {
    const bars = Array.from({ length: 400 }, (_, i) => [T0 + (i + 1) * 1_000_000, 100 + i] as const);
    const out = feed(new ReturnHorizons(parseTimeframe('1s'), RETURN_HORIZONS, 100), bars);
    expect(out[399]!.logret_1m).toBe(Math.log(499 / 439));
    expect(out[399]!.logret_5m).toBeNaN(); // 300 bars > 100
    const fiveMinute = feed(new ReturnHorizons(parseTimeframe('5m')), [
      [T0, 1],
      [T0 + 5 * MICROS_PER_MINUTE, 2],
    ]);
    expect(fiveMinute[1]!.logret_1m).toBeNaN();
    expect(fiveMinute[1]!.logret_5m).toBe(Math.log(2));
  });

  it('on daily bars, 1d is one bar back (sessions do not end on a grid) and the rest are NaN', () => {
    const day = 24 * 60 * MICROS_PER_MINUTE;
    // an early close (18:00 UTC) the day before a regular one (21:00): still one bar back
    const out = feed(new ReturnHorizons(parseTimeframe('1d')), [
      [T0, 50],
      [T0 + day + 3 * 60 * MICROS_PER_MINUTE, 55],
      [T0 + 4 * day, 60],
    ]);
    expect(out[0]!.logret_1d).toBeNaN();
    expect(out[1]!.logret_1d).toBe(Math.log(55 / 50));
    expect(out[2]!.logret_1d).toBe(Math.log(60 / 55));
    expect(out[2]!.logret_1h).toBeNaN();
  });

  it('snapshot → JSON → restore continues identically', () => {
    const bars = Array.from(
      { length: 200 },
      (_, i) => [T0 + (i + 1 + (i > 100 ? 7 : 0)) * MICROS_PER_MINUTE, 100 + Math.sin(i)] as const,
    );
    const whole = feed(new ReturnHorizons(parseTimeframe('1m')), bars);
    const first = new ReturnHorizons(parseTimeframe('1m'));
    feed(first, bars.slice(0, 120));
    const second = new ReturnHorizons(parseTimeframe('1m'));
    second.restore(JSON.parse(JSON.stringify(first.snapshot())) as ReturnType<ReturnHorizons['snapshot']>);
    expect(feed(second, bars.slice(120))).toEqual(whole.slice(120));
  });
});
