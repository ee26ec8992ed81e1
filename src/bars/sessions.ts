/**
 * Trading-session calendars. A daily (1d) bar is one regular session [open, close); a calendar
 * says which session, if any, contains an instant, and which session comes next (for filling
 * empty sessions with flat bars). Pure: local time is computed by rule, never with Intl or Date.
 */
import type { Micros } from '../core/events.js';
import { floorTo, MICROS_PER_DAY, MICROS_PER_HOUR, MICROS_PER_MINUTE } from '../core/time.js';
import { dateKeyOfDay, weekdayOfDay } from './civil-date.js';
import { newYorkUtcOffset } from './new-york-time.js';
import { isNyseHoliday, nyseEarlyCloseMinutes } from './nyse-holidays.js';

/** A regular trading session, the half-open interval [start, end) in UTC microseconds. */
export interface Session {
  readonly start: Micros;
  readonly end: Micros;
}

export interface SessionCalendar {
  /** Calendar name as used in instrument definitions, e.g. `nyse`, `24x7`. */
  readonly name: string;
  /** The regular session containing `ts`, or null outside sessions. */
  sessionAt(ts: Micros): Session | null;
  /**
   * The first session starting at or after `from`, or null if none within a year (only possible
   * with a holiday function that closes everything).
   */
  nextSession(from: Micros): Session | null;
}

export type CalendarName = 'nyse' | '24x7';

export interface NyseCalendarOptions {
  /**
   * Full-day closures by New York date `YYYY-MM-DD`. Weekends are closed already. The holiday
   * rule table will plug in here; without it every weekday is a trading day.
   */
  readonly isHoliday?: (dateKey: string) => boolean;
  /**
   * Early close for a New York date, as minutes after local midnight (13:00 → 780), or null for
   * the regular 16:00 close.
   */
  readonly earlyCloseMinutes?: (dateKey: string) => number | null;
}

const NYSE_OPEN = 9 * MICROS_PER_HOUR + 30 * MICROS_PER_MINUTE;
const NYSE_CLOSE = 16 * MICROS_PER_HOUR;
/** How far `nextSession` searches before giving up. */
const SEARCH_DAYS = 366;

/** NYSE regular sessions: Monday–Friday 09:30–16:00 America/New_York, DST by rule. */
export function nyseRegularSessions(options: NyseCalendarOptions = {}): SessionCalendar {
  const { isHoliday, earlyCloseMinutes } = options;

  /** The session on New York local day `day` (days since 1970-01-01), or null if closed. */
  function sessionOnLocalDay(day: number): Session | null {
    const weekday = weekdayOfDay(day);
    if (weekday === 0 || weekday === 6) return null;
    let close = NYSE_CLOSE;
    if (isHoliday !== undefined || earlyCloseMinutes !== undefined) {
      const key = dateKeyOfDay(day);
      if (isHoliday?.(key) === true) return null;
      const early = earlyCloseMinutes?.(key) ?? null;
      if (early !== null) close = Math.min(close, early * MICROS_PER_MINUTE);
    }
    // Clocks change on Sundays at 02:00, so one offset holds for a weekday's whole session;
    // 12:00 UTC is 07:00 or 08:00 New York time on that day.
    const offset = newYorkUtcOffset(day * MICROS_PER_DAY + 12 * MICROS_PER_HOUR);
    const midnight = day * MICROS_PER_DAY - offset;
    return { start: midnight + NYSE_OPEN, end: midnight + close };
  }

  return {
    name: 'nyse',
    sessionAt(ts: Micros): Session | null {
      const local = ts + newYorkUtcOffset(ts);
      const day = Math.floor(local / MICROS_PER_DAY);
      const timeOfDay = local - day * MICROS_PER_DAY;
      // Outside regular hours (most off-session calls) answers without touching the hooks.
      if (timeOfDay < NYSE_OPEN || timeOfDay >= NYSE_CLOSE) return null;
      const session = sessionOnLocalDay(day);
      return session !== null && ts < session.end ? session : null;
    },
    nextSession(from: Micros): Session | null {
      const firstDay = Math.floor((from + newYorkUtcOffset(from)) / MICROS_PER_DAY);
      for (let day = firstDay; day < firstDay + SEARCH_DAYS; day++) {
        const session = sessionOnLocalDay(day);
        if (session !== null && session.start >= from) return session;
      }
      return null;
    },
  };
}

/** Crypto and other 24/7 markets: every UTC day is one session, 00:00–24:00 UTC. */
export function utcDaySessions(): SessionCalendar {
  return {
    name: '24x7',
    sessionAt(ts: Micros): Session {
      const start = floorTo(ts, MICROS_PER_DAY);
      return { start, end: start + MICROS_PER_DAY };
    },
    nextSession(from: Micros): Session {
      const start = floorTo(from + MICROS_PER_DAY - 1, MICROS_PER_DAY);
      return { start, end: start + MICROS_PER_DAY };
    },
  };
}

/** The calendar for an instrument's `calendar` field. */
/**
 * The calendar an instrument names. `nyse` includes NYSE's holiday and early-close rules
 * (nyse-holidays.ts) unless other options are given.
 */
export function calendarFor(
  name: CalendarName,
  nyseOptions: NyseCalendarOptions = { isHoliday: isNyseHoliday, earlyCloseMinutes: nyseEarlyCloseMinutes },
): SessionCalendar {
  switch (name) {
    case 'nyse':
      return nyseRegularSessions(nyseOptions);
    case '24x7':
      return utcDaySessions();
    default:
      throw new Error(`unknown trading calendar "${String(name)}": use "nyse" or "24x7"`);
  }
}
