import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  civilFromDays,
  dateKeyOfDay,
  daysFromCivil,
  lastWeekdayOfMonth,
  nthWeekdayOfMonth,
  weekdayOfDay,
  yearOfDay,
} from './civil-date.js';

const MS_PER_DAY = 86_400_000;
// Oracle: the JS Date object (proleptic Gregorian, UTC) — allowed in tests, never in the core.
const days = fc.integer({ min: -800_000, max: 800_000 }); // about ±2190 years around 1970

describe('civil date arithmetic (checked against Date in UTC)', () => {
  it('civilFromDays, yearOfDay, weekdayOfDay and dateKeyOfDay agree with Date', () => {
    fc.assert(
      fc.property(days, (day) => {
        const date = new Date(day * MS_PER_DAY);
        expect(civilFromDays(day)).toEqual({
          year: date.getUTCFullYear(),
          month: date.getUTCMonth() + 1,
          day: date.getUTCDate(),
        });
        expect(yearOfDay(day)).toBe(date.getUTCFullYear());
        expect(weekdayOfDay(day)).toBe(date.getUTCDay());
        if (date.getUTCFullYear() >= 1000) expect(dateKeyOfDay(day)).toBe(date.toISOString().slice(0, 10));
      }),
      { numRuns: 2_000 },
    );
  });

  it('daysFromCivil inverts civilFromDays', () => {
    fc.assert(
      fc.property(days, (day) => {
        const { year, month, day: dayOfMonth } = civilFromDays(day);
        expect(daysFromCivil(year, month, dayOfMonth)).toBe(day);
      }),
      { numRuns: 2_000 },
    );
  });

  it('finds nth and last weekdays of a month', () => {
    // 2024-03: Fridays 1, 8, 15, 22, 29; Sundays 3, 10, 17, 24, 31.
    expect(nthWeekdayOfMonth(2024, 3, 0, 2)).toBe(daysFromCivil(2024, 3, 10));
    expect(nthWeekdayOfMonth(2024, 3, 5, 1)).toBe(daysFromCivil(2024, 3, 1));
    expect(lastWeekdayOfMonth(2024, 3, 0)).toBe(daysFromCivil(2024, 3, 31));
    expect(lastWeekdayOfMonth(2024, 12, 2)).toBe(daysFromCivil(2024, 12, 31));
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2100 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 6 }),
        (year, month, weekday) => {
          const first = nthWeekdayOfMonth(year, month, weekday, 1);
          const last = lastWeekdayOfMonth(year, month, weekday);
          for (const day of [first, last]) {
            expect(weekdayOfDay(day)).toBe(weekday);
            expect(civilFromDays(day).month).toBe(month);
          }
          expect(civilFromDays(first - 7).month).not.toBe(month);
          expect(civilFromDays(last + 7).month).not.toBe(month);
        },
      ),
    );
  });
});
