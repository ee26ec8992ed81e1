/**
 * NYSE's standing holiday and early-close rules, as hooks for the NYSE calendar
 * (`nyseRegularSessions({ isHoliday: isNyseHoliday, earlyCloseMinutes: nyseEarlyCloseMinutes })`),
 * so simulated stocks do not trade on Christmas. Unscheduled closures (weather, national
 * mourning) are not rules and are not modelled.
 */
import { daysFromCivil, lastWeekdayOfMonth, nthWeekdayOfMonth, weekdayOfDay } from './civil-date.js';

const MONDAY = 1;
const THURSDAY = 4;
const FRIDAY = 5;
const SATURDAY = 6;
const SUNDAY = 0;

function parseDateKey(dateKey: string): { year: number; month: number; day: number } {
  return { year: Number(dateKey.slice(0, 4)), month: Number(dateKey.slice(5, 7)), day: Number(dateKey.slice(8, 10)) };
}

/** A fixed-date holiday is observed on the Friday before a Saturday and the Monday after a Sunday. */
function isObservedFixedHoliday(year: number, month: number, day: number, holidayDay: number): boolean {
  const holiday = daysFromCivil(year, month, holidayDay);
  const weekday = weekdayOfDay(holiday);
  const observed = weekday === SATURDAY ? holiday - 1 : weekday === SUNDAY ? holiday + 1 : holiday;
  return daysFromCivil(year, month, day) === observed;
}

/** Western Easter Sunday as a day number (anonymous Gregorian computus). */
export function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  return daysFromCivil(year, month, ((h + l - 7 * m + 114) % 31) + 1);
}

/** True when the NYSE is closed all day on the New York date `YYYY-MM-DD` (weekends aside). */
export function isNyseHoliday(dateKey: string): boolean {
  const { year, month, day } = parseDateKey(dateKey);
  const date = daysFromCivil(year, month, day);
  switch (month) {
    case 1: // New Year's Day (a Saturday one is not moved to Friday: NYSE rule); Martin Luther King Jr. Day
      return (
        day === 1 || (day === 2 && weekdayOfDay(date) === MONDAY) || date === nthWeekdayOfMonth(year, 1, MONDAY, 3)
      );
    case 2: // Washington's Birthday
      return date === nthWeekdayOfMonth(year, 2, MONDAY, 3);
    case 3:
    case 4: // Good Friday
      return date === easterSunday(year) - 2;
    case 5: // Memorial Day
      return date === lastWeekdayOfMonth(year, 5, MONDAY);
    case 6: // Juneteenth, since 2022
      return year >= 2022 && isObservedFixedHoliday(year, 6, day, 19);
    case 7: // Independence Day
      return isObservedFixedHoliday(year, 7, day, 4);
    case 9: // Labor Day
      return date === nthWeekdayOfMonth(year, 9, MONDAY, 1);
    case 11: // Thanksgiving
      return date === nthWeekdayOfMonth(year, 11, THURSDAY, 4);
    case 12: // Christmas
      return isObservedFixedHoliday(year, 12, day, 25);
    default:
      return false;
  }
}

/** 13:00 closes (as minutes after midnight): 3 July and 24 December on Monday–Thursday, the day after Thanksgiving. */
export function nyseEarlyCloseMinutes(dateKey: string): number | null {
  const { year, month, day } = parseDateKey(dateKey);
  const date = daysFromCivil(year, month, day);
  const weekday = weekdayOfDay(date);
  const mondayToThursday = weekday >= MONDAY && weekday <= THURSDAY;
  if ((month === 7 && day === 3 && mondayToThursday) || (month === 12 && day === 24 && mondayToThursday)) return 780;
  if (month === 11 && weekday === FRIDAY && date === nthWeekdayOfMonth(year, 11, THURSDAY, 4) + 1) return 780;
  return null;
}
