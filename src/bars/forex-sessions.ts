/**
 * The forex week: spot FX trades around the clock from Sunday 17:00 to Friday 17:00
 * America/New_York (Sydney opens as New York closes). Daily bars follow the market convention of
 * the 17:00 New York cut, so the week is five sessions, one per trading day Monday–Friday:
 * [17:00 New York the evening before, 17:00 New York that day). Monday's begins on Sunday
 * evening; nothing trades from Friday 17:00 to Sunday 17:00. Because the cut is at New York
 * time, the sessions follow New York's DST (22:00 UTC in winter, 21:00 UTC in summer).
 * No holidays: the interbank market does not close for any; thin days (25 Dec, 1 Jan) still trade.
 */
import type { Micros } from '../core/events.js';
import { MICROS_PER_DAY, MICROS_PER_HOUR } from '../core/time.js';
import { weekdayOfDay } from './civil-date.js';
import { newYorkUtcOffset } from './new-york-time.js';
import type { Session, SessionCalendar } from './sessions.js';

const CUT = 17 * MICROS_PER_HOUR;
const SATURDAY = 6;
const SUNDAY = 0;

/** UTC instant of 17:00 New York on local day `day`. DST changes at 02:00, far from 17:00. */
function cutOnLocalDay(day: number): Micros {
  // 22:00 UTC is 17:00 or 18:00 New York time on that day: same DST state as 17:00.
  const offset = newYorkUtcOffset(day * MICROS_PER_DAY + 22 * MICROS_PER_HOUR);
  return day * MICROS_PER_DAY + CUT - offset;
}

/** The session of trading day `day` (a New York date), or null on Saturday and Sunday. */
function sessionOfTradingDay(day: number): Session | null {
  const weekday = weekdayOfDay(day);
  if (weekday === SATURDAY || weekday === SUNDAY) return null;
  return { start: cutOnLocalDay(day - 1), end: cutOnLocalDay(day) };
}

/** Forex: Monday–Friday trading days cut at 17:00 New York; closed Friday 17:00 → Sunday 17:00. */
export function forexSessions(): SessionCalendar {
  return {
    name: 'forex',
    sessionAt(ts: Micros): Session | null {
      const local = ts + newYorkUtcOffset(ts);
      const day = Math.floor(local / MICROS_PER_DAY);
      // From 17:00 on, an instant belongs to the next day's session.
      const tradingDay = local - day * MICROS_PER_DAY >= CUT ? day + 1 : day;
      const session = sessionOfTradingDay(tradingDay);
      return session !== null && ts >= session.start && ts < session.end ? session : null;
    },
    nextSession(from: Micros): Session | null {
      const firstDay = Math.floor((from + newYorkUtcOffset(from)) / MICROS_PER_DAY);
      // A session starting at or after `from` belongs to trading day firstDay + 1 at the latest
      // on weekdays; a week covers every case, including Friday evening → Monday's session.
      for (let day = firstDay; day <= firstDay + 8; day++) {
        const session = sessionOfTradingDay(day);
        if (session !== null && session.start >= from) return session;
      }
      return null;
    },
  };
}
