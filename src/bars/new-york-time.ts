/**
 * America/New_York local time by rule, without a time-zone database: US Eastern Time is UTC-5,
 * and UTC-4 while daylight saving time is in force. DST starts and ends at 02:00 local time:
 *  - since 2007 (Energy Policy Act of 2005): second Sunday of March → first Sunday of November;
 *  - 1987–2006: first Sunday of April → last Sunday of October;
 *  - 1967–1986: last Sunday of April → last Sunday of October (the 1974–75 energy-crisis
 *    exceptions are not modelled; no tick data of interest is that old).
 * Checked against Intl (the IANA database) in new-york-time.test.ts.
 */
import type { Micros } from '../core/events.js';
import { MICROS_PER_DAY, MICROS_PER_HOUR } from '../core/time.js';
import { lastWeekdayOfMonth, nthWeekdayOfMonth, yearOfDay } from './civil-date.js';

const SUNDAY = 0;
const STANDARD_OFFSET = -5 * MICROS_PER_HOUR;
const DAYLIGHT_OFFSET = -4 * MICROS_PER_HOUR;

/** Day number on which DST starts in `year`. */
function daylightStartDay(year: number): number {
  if (year >= 2007) return nthWeekdayOfMonth(year, 3, SUNDAY, 2);
  if (year >= 1987) return nthWeekdayOfMonth(year, 4, SUNDAY, 1);
  return lastWeekdayOfMonth(year, 4, SUNDAY);
}

/** Day number on which DST ends in `year`. */
function daylightEndDay(year: number): number {
  if (year >= 2007) return nthWeekdayOfMonth(year, 11, SUNDAY, 1);
  return lastWeekdayOfMonth(year, 10, SUNDAY);
}

/** True when daylight saving time is in force in New York at the instant `ts`. */
export function isNewYorkDaylightTime(ts: Micros): boolean {
  // Both transitions fall in March–November, so the UTC year is the local year around them.
  const year = yearOfDay(Math.floor(ts / MICROS_PER_DAY));
  // 02:00 EST = 07:00 UTC (spring forward); 02:00 EDT = 06:00 UTC (fall back).
  const start = daylightStartDay(year) * MICROS_PER_DAY + 7 * MICROS_PER_HOUR;
  const end = daylightEndDay(year) * MICROS_PER_DAY + 6 * MICROS_PER_HOUR;
  return ts >= start && ts < end;
}

/** New York's offset from UTC at the instant `ts` (local = ts + offset): -5 h or -4 h. */
export function newYorkUtcOffset(ts: Micros): Micros {
  return isNewYorkDaylightTime(ts) ? DAYLIGHT_OFFSET : STANDARD_OFFSET;
}
