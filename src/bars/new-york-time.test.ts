import { describe, expect, it } from 'vitest';
import { MICROS_PER_DAY, MICROS_PER_HOUR, MICROS_PER_MINUTE } from '../core/time.js';
import { isNewYorkDaylightTime, newYorkUtcOffset } from './new-york-time.js';

// Oracle: Intl with the IANA time-zone database (fine in tests; the core computes by rule).
const formatter = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** New York's UTC offset at `ts` according to Intl, in microseconds. */
function intlNewYorkOffset(ts: number): number {
  const ms = Math.floor(ts / 1_000 / 1_000) * 1_000; // whole seconds: Intl shows no fractions here
  const part = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  const parts = formatter.formatToParts(new Date(ms));
  const local = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return (local - ms) * 1_000;
}

const YEAR_2000 = Date.UTC(2000, 0, 1) * 1_000;
const YEAR_2041 = Date.UTC(2041, 0, 1) * 1_000;

describe('New York UTC offset by rule (checked against Intl / IANA)', () => {
  it('matches Intl every 6 hours (at a drifting minute) from 2000 to 2040', () => {
    let checked = 0;
    const mismatches: string[] = [];
    for (let ts = YEAR_2000; ts < YEAR_2041; ts += 6 * MICROS_PER_HOUR + 7 * MICROS_PER_MINUTE) {
      if (newYorkUtcOffset(ts) !== intlNewYorkOffset(ts)) mismatches.push(new Date(ts / 1_000).toISOString());
      checked++;
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThan(55_000);
  });

  it('switches exactly twice a year, at the instants Intl switches, for every year 1987–2040', () => {
    for (let year = 1987; year <= 2040; year++) {
      // Scan the year hour by hour for changes of the rule-based offset…
      const transitions: number[] = [];
      const start = Date.UTC(year, 0, 1) * 1_000;
      for (let ts = start; ts < start + 366 * MICROS_PER_DAY; ts += MICROS_PER_HOUR) {
        if (newYorkUtcOffset(ts) !== newYorkUtcOffset(ts + MICROS_PER_HOUR)) transitions.push(ts + MICROS_PER_HOUR);
      }
      expect(transitions.length, `year ${year}`).toBe(2);
      for (const at of transitions) {
        // …each one is a true edge: 1 µs before and at the instant differ, and Intl agrees on both sides.
        expect(isNewYorkDaylightTime(at - 1)).not.toBe(isNewYorkDaylightTime(at));
        expect(newYorkUtcOffset(at - 1_000_000)).toBe(intlNewYorkOffset(at - 1_000_000));
        expect(newYorkUtcOffset(at)).toBe(intlNewYorkOffset(at));
      }
    }
  });

  it('known instants: 2024 springs forward at 07:00 UTC on 10 March, falls back at 06:00 UTC on 3 November', () => {
    const spring = Date.UTC(2024, 2, 10, 7) * 1_000;
    const fall = Date.UTC(2024, 10, 3, 6) * 1_000;
    expect(newYorkUtcOffset(spring - 1)).toBe(-5 * MICROS_PER_HOUR);
    expect(newYorkUtcOffset(spring)).toBe(-4 * MICROS_PER_HOUR);
    expect(newYorkUtcOffset(fall - 1)).toBe(-4 * MICROS_PER_HOUR);
    expect(newYorkUtcOffset(fall)).toBe(-5 * MICROS_PER_HOUR);
  });
});
