import { describe, expect, it } from 'vitest';
import { dateKeyOfDay, daysFromCivil, weekdayOfDay } from './civil-date.js';
import { easterSunday, isNyseHoliday, nyseEarlyCloseMinutes } from './nyse-holidays.js';

// Oracle: the NYSE's published holiday and early-close calendars for these years (nyse.com,
// "Holidays & Trading Hours"), minus the unscheduled 2025-01-09 closure (national day of mourning).
const PUBLISHED_HOLIDAYS: Record<number, string[]> = {
  2023: ['01-02', '01-16', '02-20', '04-07', '05-29', '06-19', '07-04', '09-04', '11-23', '12-25'],
  2024: ['01-01', '01-15', '02-19', '03-29', '05-27', '06-19', '07-04', '09-02', '11-28', '12-25'],
  2025: ['01-01', '01-20', '02-17', '04-18', '05-26', '06-19', '07-04', '09-01', '11-27', '12-25'],
  2026: ['01-01', '01-19', '02-16', '04-03', '05-25', '06-19', '07-03', '09-07', '11-26', '12-25'],
  2027: ['01-01', '01-18', '02-15', '03-26', '05-31', '06-18', '07-05', '09-06', '11-25', '12-24'],
};
const PUBLISHED_EARLY_CLOSES: Record<number, string[]> = {
  2023: ['07-03', '11-24'],
  2024: ['07-03', '11-29', '12-24'],
  2025: ['07-03', '11-28', '12-24'],
  2026: ['11-27', '12-24'],
  2027: ['11-26'],
};

function weekdaysOf(year: number): string[] {
  const keys: string[] = [];
  for (let day = daysFromCivil(year, 1, 1); day < daysFromCivil(year + 1, 1, 1); day++) {
    const weekday = weekdayOfDay(day);
    if (weekday !== 0 && weekday !== 6) keys.push(dateKeyOfDay(day));
  }
  return keys;
}

describe('NYSE holiday rules', () => {
  for (const year of Object.keys(PUBLISHED_HOLIDAYS).map(Number)) {
    it(`match the published ${year} holidays and early closes exactly`, () => {
      const weekdays = weekdaysOf(year);
      expect(weekdays.filter(isNyseHoliday).map((key) => key.slice(5))).toEqual(PUBLISHED_HOLIDAYS[year]);
      expect(weekdays.filter((key) => nyseEarlyCloseMinutes(key) !== null).map((key) => key.slice(5))).toEqual(
        PUBLISHED_EARLY_CLOSES[year],
      );
      for (const key of weekdays) expect([null, 780]).toContain(nyseEarlyCloseMinutes(key));
    });
  }

  it('finds Easter on the dates of published tables', () => {
    // Oracle: published Gregorian Easter dates.
    const easter: Array<[number, number, number]> = [
      [2000, 4, 23],
      [2008, 3, 23],
      [2019, 4, 21],
      [2024, 3, 31],
      [2025, 4, 20],
      [2038, 4, 25],
    ];
    for (const [year, month, day] of easter)
      expect(dateKeyOfDay(easterSunday(year))).toBe(dateKeyOfDay(daysFromCivil(year, month, day)));
  });

  it('closes 8–9 weekdays a year before Juneteenth and 9–10 after', () => {
    for (let year = 2000; year <= 2040; year++) {
      const count = weekdaysOf(year).filter(isNyseHoliday).length;
      // One fewer when New Year's Day falls on a Saturday: it is not made up on the Friday before.
      expect(count).toBeGreaterThanOrEqual(year >= 2022 ? 9 : 8);
      expect(count).toBeLessThanOrEqual(year >= 2022 ? 10 : 9);
    }
  });
});
