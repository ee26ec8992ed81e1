/**
 * Trading-session calendars. A daily (1d) bar is one session [open, close); a calendar
 * says which session, if any, contains an instant, and which session comes next (for filling
 * empty sessions with flat bars). Pure: local time is computed by rule, never with Intl or Date.
 */
import { CALENDAR_NAMES, type CalendarName, type Micros } from '../core/events.js';
import { floorTo, MICROS_PER_DAY, MICROS_PER_HOUR, MICROS_PER_MINUTE } from '../core/time.js';
import { dateKeyOfDay, weekdayOfDay } from './civil-date.js';
import { forexSessions } from './forex-sessions.js';
import { newYorkUtcOffset } from './new-york-time.js';
import { isNyseHoliday, nyseEarlyCloseMinutes } from './nyse-holidays.js';

/** A regular trading session, the half-open interval [start, end) in UTC microseconds. */
export interface Session {
  readonly start: Micros;
  readonly end: Micros;
}

export interface SessionCalendar {
  /** Calendar name as used in instrument definitions: one of CALENDAR_NAMES. */
  readonly name: string;
  /** The regular session containing `ts`, or null outside sessions. */
  sessionAt(ts: Micros): Session | null;
  /**
   * The first session starting at or after `from`, or null if none within a year (only possible
   * with a holiday function that closes everything).
   */
  nextSession(from: Micros): Session | null;
}

export { CALENDAR_NAMES, type CalendarName };

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

/** Local session hours of one NYSE calendar, as µs after New York midnight. */
interface NyseHours {
  readonly name: CalendarName;
  readonly open: Micros;
  readonly close: Micros;
  /** How long trading goes on after an early close (the post-market of an early-close day). */
  readonly afterEarlyClose: Micros;
}

const REGULAR: NyseHours = {
  name: 'nyse',
  open: 9 * MICROS_PER_HOUR + 30 * MICROS_PER_MINUTE,
  close: 16 * MICROS_PER_HOUR,
  afterEarlyClose: 0,
};
/**
 * Pre-market 04:00–09:30 + regular + post-market 16:00–20:00 (FEEDS.md §8). On an early-close day
 * (13:00) NYSE's late trading session ends at 17:00: the 4 hours after the close, as on other days.
 */
const EXTENDED: NyseHours = {
  name: 'nyse-extended',
  open: 4 * MICROS_PER_HOUR,
  close: 20 * MICROS_PER_HOUR,
  afterEarlyClose: 4 * MICROS_PER_HOUR,
};
/** How far `nextSession` searches before giving up. */
const SEARCH_DAYS = 366;

/** NYSE regular sessions: Monday–Friday 09:30–16:00 America/New_York, DST by rule. */
export function nyseRegularSessions(options: NyseCalendarOptions = {}): SessionCalendar {
  return nyseSessions(REGULAR, options);
}

/**
 * NYSE with pre- and post-market: Monday–Friday 04:00–20:00 America/New_York (one session per
 * day, so a 1d bar covers the extended day); an early close at 13:00 ends the day at 17:00.
 */
export function nyseExtendedSessions(options: NyseCalendarOptions = {}): SessionCalendar {
  return nyseSessions(EXTENDED, options);
}

function nyseSessions(hours: NyseHours, options: NyseCalendarOptions): SessionCalendar {
  const { isHoliday, earlyCloseMinutes } = options;
  const { open, close: regularClose, afterEarlyClose } = hours;

  /** The session on New York local day `day` (days since 1970-01-01), or null if closed. */
  function sessionOnLocalDay(day: number): Session | null {
    const weekday = weekdayOfDay(day);
    if (weekday === 0 || weekday === 6) return null;
    let close = regularClose;
    if (isHoliday !== undefined || earlyCloseMinutes !== undefined) {
      const key = dateKeyOfDay(day);
      if (isHoliday?.(key) === true) return null;
      const early = earlyCloseMinutes?.(key) ?? null;
      if (early !== null) close = Math.min(close, early * MICROS_PER_MINUTE + afterEarlyClose);
    }
    // Clocks change on Sundays at 02:00, so one offset holds for a weekday's whole session
    // (even 04:00–20:00); 12:00 UTC is 07:00 or 08:00 New York time on that day.
    const offset = newYorkUtcOffset(day * MICROS_PER_DAY + 12 * MICROS_PER_HOUR);
    const midnight = day * MICROS_PER_DAY - offset;
    return { start: midnight + open, end: midnight + close };
  }

  return {
    name: hours.name,
    sessionAt(ts: Micros): Session | null {
      const local = ts + newYorkUtcOffset(ts);
      const day = Math.floor(local / MICROS_PER_DAY);
      const timeOfDay = local - day * MICROS_PER_DAY;
      // Outside the day's hours (most off-session calls) answers without touching the hooks.
      if (timeOfDay < open || timeOfDay >= regularClose) return null;
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

/**
 * The calendar an instrument names. `nyse` and `nyse-extended` include NYSE's holiday and
 * early-close rules (nyse-holidays.ts) unless other options are given.
 */
export function calendarFor(
  name: CalendarName,
  nyseOptions: NyseCalendarOptions = { isHoliday: isNyseHoliday, earlyCloseMinutes: nyseEarlyCloseMinutes },
): SessionCalendar {
  switch (name) {
    case 'nyse':
      return nyseRegularSessions(nyseOptions);
    case 'nyse-extended':
      return nyseExtendedSessions(nyseOptions);
    case 'forex':
      return forexSessions();
    case '24x7':
      return utcDaySessions();
    default:
      throw new Error(
        `unknown trading calendar "${String(name)}": use one of ${CALENDAR_NAMES.map((n) => `"${n}"`).join(', ')}`,
      );
  }
}
