/**
 * Naive US/Eastern wall-clock strings (Alpha Vantage, FMP) → UTC µs, with US daylight saving:
 * since 2007 from the second Sunday of March to the first Sunday of November, 1987–2006 from
 * the first Sunday of April to the last Sunday of October, both switching at 02:00 local.
 * Pure arithmetic (no Intl), so it is fast and deterministic.
 *
 * Wall times that do not exist (02:00–02:59 on the spring-forward day) are read as daylight
 * time; the repeated hour on the fall-back day (01:00–01:59) as its first, daylight occurrence.
 * Market data never falls in either window (sessions are 04:00–20:00).
 */
import type { Micros } from '../../core/events.js';
import { daysFromCivil } from '../common/timestamps.js';

const HOUR = 3_600;
const DAY = 86_400;

/** Day-of-week of a day number (days since 1970-01-01, a Thursday): 0 = Sunday. */
function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** Day number of the n-th Sunday (1-based) of a month; n = -1 for the last one. */
function nthSunday(year: number, month: number, n: number): number {
  if (n > 0) {
    const first = daysFromCivil(year, month, 1);
    return first + ((7 - weekday(first)) % 7) + (n - 1) * 7;
  }
  const last = daysFromCivil(year, month + 1, 1) - 1;
  return last - weekday(last);
}

/** [start, end) of daylight time in local wall-clock seconds since the epoch, for `year`. */
function daylightWindow(year: number): [number, number] {
  if (year >= 2007) return [nthSunday(year, 3, 2) * DAY + 2 * HOUR, nthSunday(year, 11, 1) * DAY + 2 * HOUR];
  return [nthSunday(year, 4, 1) * DAY + 2 * HOUR, nthSunday(year, 10, -1) * DAY + 2 * HOUR];
}

/** UTC offset of New York (seconds to ADD to local wall time to get UTC): 4 h in summer, 5 h in winter. */
function offsetForWall(year: number, wallSeconds: number): number {
  if (year < 1987) return 5 * HOUR; // older rules are not needed for market data here
  const [start, end] = daylightWindow(year);
  return wallSeconds >= start && wallSeconds < end ? 4 * HOUR : 5 * HOUR;
}

function field(text: string, start: number, length: number): number {
  let value = 0;
  for (let i = start; i < start + length; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/**
 * `YYYY-MM-DD HH:MM:SS`, `YYYY-MM-DD HH:MM` or `YYYY-MM-DD` (midnight) in New York time → UTC µs;
 * NaN when the text is not of that shape.
 */
export function easternWallToMicros(text: string): Micros {
  if (typeof text !== 'string' || (text.length !== 10 && text.length !== 16 && text.length !== 19)) return Number.NaN;
  const year = field(text, 0, 4);
  const month = field(text, 5, 2);
  const day = field(text, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || text[4] !== '-' || text[7] !== '-')
    return Number.NaN;
  let hour = 0;
  let minute = 0;
  let second = 0;
  if (text.length > 10) {
    hour = field(text, 11, 2);
    minute = field(text, 14, 2);
    second = text.length === 19 ? field(text, 17, 2) : 0;
    if ((text[10] !== ' ' && text[10] !== 'T') || text[13] !== ':' || (text.length === 19 && text[16] !== ':')) {
      return Number.NaN;
    }
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return Number.NaN;
  }
  const dayNumber = daysFromCivil(year, month, day);
  // Reject 2024-02-30 and the like: the day must round-trip within its month.
  if (daysFromCivil(year, month, 1) + day - 1 !== dayNumber || day > daysInMonth(year, month)) return Number.NaN;
  const wall = dayNumber * DAY + hour * HOUR + minute * 60 + second;
  return (wall + offsetForWall(year, wall)) * 1_000_000;
}

function daysInMonth(year: number, month: number): number {
  return daysFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) - daysFromCivil(year, month, 1);
}

/** The New York calendar date (`YYYY-MM-DD`) of a UTC instant, and the UTC µs of that date's midnight. */
export function easternDateOf(micros: Micros): { date: string; midnight: Micros } {
  const seconds = Math.floor(micros / 1_000_000);
  // Try daylight first: the offset that makes the wall time consistent with its own rule wins.
  let wall = seconds - 4 * HOUR;
  let year = new Date(wall * 1000).getUTCFullYear();
  if (offsetForWall(year, wall) !== 4 * HOUR) {
    wall = seconds - 5 * HOUR;
    year = new Date(wall * 1000).getUTCFullYear();
  }
  const date = new Date(Math.floor(wall / DAY) * DAY * 1000).toISOString().slice(0, 10);
  return { date, midnight: easternWallToMicros(date) };
}

/**
 * UTC µs of the New York midnight that ends the calendar day of `micros`: where a daily bar ends
 * and the next day-window starts (23 or 25 h after the day's midnight on the switch days).
 */
export function nextEasternMidnight(micros: Micros): Micros {
  // 36 h after the day's midnight is always inside the next day, whatever the switch.
  return easternDateOf(easternDateOf(micros).midnight + 36 * 3_600_000_000).midnight;
}
