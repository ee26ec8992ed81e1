/**
 * NYSE regular sessions (09:30–16:00 America/New_York, 13:00 on early-close days), computed with
 * plain date arithmetic: US daylight saving time (second Sunday of March to first Sunday of
 * November, rules since 2007) and the exchange's standing holiday rules. Pure: no Date, no
 * time-zone database. Unscheduled closures (weather, national mourning) are not modelled.
 */
import type { Micros } from '../../core/events.js';
import { MICROS_PER_DAY, MICROS_PER_HOUR, MICROS_PER_MINUTE } from '../../core/time.js';

export interface TradingSession {
  readonly open: Micros;
  readonly close: Micros;
}

/** The session containing `ts`, or else the next one to open. */
export function nyseSessionAtOrAfter(ts: Micros): TradingSession {
  const firstDay = Math.floor(ts / MICROS_PER_DAY);
  // A session lies within its UTC date (13:30–21:00 UTC at the latest), and no gap between
  // sessions is longer than a four-day weekend: a fortnight ahead is plenty.
  for (let day = firstDay; day < firstDay + 14; day++) {
    const session = nyseSessionOnDay(day);
    if (session && session.close > ts) return session;
  }
  throw new Error(`no NYSE session found within 14 days of ${ts}`);
}

/** The session on the given day (days since 1970-01-01), or null when the exchange is closed. */
export function nyseSessionOnDay(day: number): TradingSession | null {
  const weekday = weekdayOf(day);
  if (weekday === 0 || weekday === 6) return null;
  const { year, month, dayOfMonth } = civilFromDays(day);
  if (isNyseHoliday(year, month, dayOfMonth, weekday)) return null;
  const utcOffsetHours = isUsEasternDaylightTime(year, month, dayOfMonth) ? 4 : 5;
  const open = day * MICROS_PER_DAY + (9 + utcOffsetHours) * MICROS_PER_HOUR + 30 * MICROS_PER_MINUTE;
  const closeHour = isNyseEarlyClose(year, month, dayOfMonth, weekday) ? 13 : 16;
  return { open, close: day * MICROS_PER_DAY + (closeHour + utcOffsetHours) * MICROS_PER_HOUR };
}

/** Days since 1970-01-01 → civil date (Howard Hinnant's algorithm). Month is 1–12. */
export function civilFromDays(days: number): { year: number; month: number; dayOfMonth: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const dayOfMonth = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, dayOfMonth };
}

/** Civil date → days since 1970-01-01 (inverse of civilFromDays). */
export function daysFromCivil(year: number, month: number, dayOfMonth: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + dayOfMonth - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** 0 = Sunday … 6 = Saturday. 1970-01-01 was a Thursday. */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** Day of month of the n-th (1-based) given weekday in a month. */
function nthWeekday(year: number, month: number, weekday: number, n: number): number {
  const first = weekdayOf(daysFromCivil(year, month, 1));
  return 1 + ((weekday - first + 7) % 7) + 7 * (n - 1);
}

function lastWeekday(year: number, month: number, weekday: number, daysInMonth: number): number {
  const last = weekdayOf(daysFromCivil(year, month, daysInMonth));
  return daysInMonth - ((last - weekday + 7) % 7);
}

/** Eastern daylight time on that civil date (weekday sessions never straddle the 02:00 switch). */
export function isUsEasternDaylightTime(year: number, month: number, dayOfMonth: number): boolean {
  if (month > 3 && month < 11) return true;
  if (month === 3) return dayOfMonth >= nthWeekday(year, 3, 0, 2);
  if (month === 11) return dayOfMonth < nthWeekday(year, 11, 0, 1);
  return false;
}

/** Fixed-date holidays move to Friday when on a Saturday and to Monday when on a Sunday. */
function isObserved(
  month: number,
  dayOfMonth: number,
  weekday: number,
  holidayMonth: number,
  holidayDay: number,
): boolean {
  if (month === holidayMonth && dayOfMonth === holidayDay) return true;
  if (weekday === 5 && month === holidayMonth && dayOfMonth === holidayDay - 1) return true;
  if (weekday === 1 && month === holidayMonth && dayOfMonth === holidayDay + 1) return true;
  return false;
}

/** Western Easter Sunday (anonymous Gregorian computus): [month, day]. */
function easterSunday(year: number): [number, number] {
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
  return [month, ((h + l - 7 * m + 114) % 31) + 1];
}

/** NYSE full-day holidays for a weekday date. */
export function isNyseHoliday(year: number, month: number, dayOfMonth: number, weekday: number): boolean {
  // New Year's Day: a Saturday holiday is not observed on the Friday before (NYSE rule).
  if (month === 1 && (dayOfMonth === 1 || (dayOfMonth === 2 && weekday === 1))) return true;
  if (month === 1 && weekday === 1 && dayOfMonth === nthWeekday(year, 1, 1, 3)) return true; // Martin Luther King Jr.
  if (month === 2 && weekday === 1 && dayOfMonth === nthWeekday(year, 2, 1, 3)) return true; // Washington's Birthday
  if (month === 5 && weekday === 1 && dayOfMonth === lastWeekday(year, 5, 1, 31)) return true; // Memorial Day
  if (year >= 2022 && isObserved(month, dayOfMonth, weekday, 6, 19)) return true; // Juneteenth
  if (isObserved(month, dayOfMonth, weekday, 7, 4)) return true; // Independence Day
  if (month === 9 && weekday === 1 && dayOfMonth === nthWeekday(year, 9, 1, 1)) return true; // Labor Day
  if (month === 11 && weekday === 4 && dayOfMonth === nthWeekday(year, 11, 4, 4)) return true; // Thanksgiving
  if (isObserved(month, dayOfMonth, weekday, 12, 25)) return true; // Christmas
  if (weekday === 5) {
    const good = daysFromCivil(year, ...easterSunday(year)) - 2;
    if (daysFromCivil(year, month, dayOfMonth) === good) return true; // Good Friday
  }
  return false;
}

/** 13:00 closes: 3 July and 24 December when they fall Monday–Thursday, the day after Thanksgiving. */
export function isNyseEarlyClose(year: number, month: number, dayOfMonth: number, weekday: number): boolean {
  if (month === 7 && dayOfMonth === 3 && weekday >= 1 && weekday <= 4) return true;
  if (month === 12 && dayOfMonth === 24 && weekday >= 1 && weekday <= 4) return true;
  return month === 11 && weekday === 5 && dayOfMonth === nthWeekday(year, 11, 4, 4) + 1;
}
