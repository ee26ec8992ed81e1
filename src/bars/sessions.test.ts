import { describe, expect, it } from 'vitest';
import { MICROS_PER_DAY, MICROS_PER_HOUR, microsFromIso } from '../core/time.js';
import { forexSessions } from './forex-sessions.js';
import { CALENDAR_NAMES, calendarFor, nyseExtendedSessions, nyseRegularSessions, utcDaySessions } from './sessions.js';

// Oracle for New York wall time: Intl with the IANA database (tests only).
const formatter = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
});

function newYorkWallClock(ms: number): string {
  const parts = formatter.formatToParts(new Date(ms));
  const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

/** The UTC instant (µs) at which New York wall clocks show `hour:minute` on a date, found with Intl. */
function newYorkInstant(year: number, month: number, day: number, hour: number, minute: number): number {
  const want = `${year}-${month}-${day} ${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
  for (const offsetHours of [4, 5]) {
    const ms = Date.UTC(year, month - 1, day, hour + offsetHours, minute);
    if (newYorkWallClock(ms) === want) return ms * 1_000;
  }
  throw new Error(`no instant shows ${want} in New York`);
}

describe('NYSE regular sessions', () => {
  const nyse = nyseRegularSessions();

  it('every weekday 2000–2040 is 09:30–16:00 New York time by Intl; weekends have no session', () => {
    const mismatches: string[] = [];
    let weekdays = 0;
    for (let ms = Date.UTC(2000, 0, 1); ms < Date.UTC(2041, 0, 1); ms += 86_400_000) {
      const date = new Date(ms);
      const [year, month, day] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
      const noonNewYork = ms * 1_000 + 17 * MICROS_PER_HOUR; // 12:00 or 13:00 local
      if (date.getUTCDay() === 0 || date.getUTCDay() === 6) {
        if (nyse.sessionAt(noonNewYork) !== null) mismatches.push(`${date.toISOString()} weekend has a session`);
        continue;
      }
      weekdays++;
      const open = newYorkInstant(year, month, day, 9, 30);
      const close = newYorkInstant(year, month, day, 16, 0);
      const session = nyse.sessionAt(noonNewYork);
      if (session?.start !== open || session.end !== close) {
        mismatches.push(`${date.toISOString()}: got ${JSON.stringify(session)}, Intl says ${open}–${close}`);
      }
      // Edges of the half-open interval.
      if (nyse.sessionAt(open)?.start !== open || nyse.sessionAt(close - 1)?.end !== close)
        mismatches.push(`${date.toISOString()} edges`);
      if (nyse.sessionAt(open - 1) !== null || nyse.sessionAt(close) !== null)
        mismatches.push(`${date.toISOString()} outside`);
    }
    expect(mismatches).toEqual([]);
    expect(weekdays).toBeGreaterThan(10_000); // the loop really checked 41 years of weekdays
  });

  it('around the 2024 spring-forward weekend the open moves from 14:30 to 13:30 UTC (checked with Intl too)', () => {
    const friday = nyse.sessionAt(microsFromIso('2024-03-08T15:00:00Z'));
    const monday = nyse.sessionAt(microsFromIso('2024-03-11T15:00:00Z'));
    expect(friday).toEqual({
      start: microsFromIso('2024-03-08T14:30:00Z'),
      end: microsFromIso('2024-03-08T21:00:00Z'),
    });
    expect(monday).toEqual({
      start: microsFromIso('2024-03-11T13:30:00Z'),
      end: microsFromIso('2024-03-11T20:00:00Z'),
    });
    expect(monday?.start).toBe(newYorkInstant(2024, 3, 11, 9, 30));
    // 13:45 UTC on Monday is 09:45 EDT (in session); on Friday it was 08:45 EST (pre-market).
    expect(nyse.sessionAt(microsFromIso('2024-03-11T13:45:00Z'))).toEqual(monday);
    expect(nyse.sessionAt(microsFromIso('2024-03-08T13:45:00Z'))).toBeNull();
  });

  it('leaves a hook for holidays and early closes, keyed by New York date', () => {
    const seen: string[] = [];
    const calendar = nyseRegularSessions({
      isHoliday: (key) => {
        seen.push(key);
        return key === '2024-07-04';
      },
      earlyCloseMinutes: (key) => (key === '2024-07-03' ? 13 * 60 : null),
    });
    expect(calendar.sessionAt(microsFromIso('2024-07-04T15:00:00Z'))).toBeNull();
    expect(seen).toContain('2024-07-04');
    const early = calendar.sessionAt(microsFromIso('2024-07-03T15:00:00Z'));
    expect(early).toEqual({ start: microsFromIso('2024-07-03T13:30:00Z'), end: microsFromIso('2024-07-03T17:00:00Z') });
    expect(calendar.sessionAt(microsFromIso('2024-07-03T17:00:00Z'))).toBeNull(); // 13:00 EDT, closed early
    expect(calendar.nextSession(microsFromIso('2024-07-03T17:00:00Z'))?.start).toBe(
      microsFromIso('2024-07-05T13:30:00Z'),
    );
  });

  it('nextSession: the first session starting at or after a time', () => {
    const fridayOpen = microsFromIso('2024-03-08T14:30:00Z');
    expect(nyse.nextSession(fridayOpen)?.start).toBe(fridayOpen);
    expect(nyse.nextSession(fridayOpen + 1)?.start).toBe(microsFromIso('2024-03-11T13:30:00Z'));
    expect(nyse.nextSession(microsFromIso('2024-03-10T03:00:00Z'))?.start).toBe(microsFromIso('2024-03-11T13:30:00Z'));
    expect(nyseRegularSessions({ isHoliday: () => true }).nextSession(fridayOpen)).toBeNull();
  });
});

describe('UTC-day sessions (24/7 markets)', () => {
  const utc = utcDaySessions();

  it('every instant is in the UTC day containing it', () => {
    const ts = microsFromIso('2024-03-10T07:00:00.000001Z');
    expect(utc.sessionAt(ts)).toEqual({
      start: microsFromIso('2024-03-10T00:00:00Z'),
      end: microsFromIso('2024-03-11T00:00:00Z'),
    });
    expect(utc.sessionAt(microsFromIso('2024-03-11T00:00:00Z'))?.start).toBe(microsFromIso('2024-03-11T00:00:00Z'));
    expect(utc.sessionAt(-1)).toEqual({ start: -MICROS_PER_DAY, end: 0 });
  });

  it('nextSession starts at the next midnight, or at `from` itself when it is a midnight', () => {
    const midnight = microsFromIso('2024-03-10T00:00:00Z');
    expect(utc.nextSession(midnight)?.start).toBe(midnight);
    expect(utc.nextSession(midnight + 1)?.start).toBe(midnight + MICROS_PER_DAY);
  });
});

describe('NYSE extended sessions (pre- and post-market)', () => {
  const extended = nyseExtendedSessions();

  it('every weekday 2000–2040 is 04:00–20:00 New York time by Intl; weekends have none', () => {
    const mismatches: string[] = [];
    let weekdays = 0;
    for (let ms = Date.UTC(2000, 0, 1); ms < Date.UTC(2041, 0, 1); ms += 86_400_000) {
      const date = new Date(ms);
      const [year, month, day] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
      const noonNewYork = ms * 1_000 + 17 * MICROS_PER_HOUR;
      if (date.getUTCDay() === 0 || date.getUTCDay() === 6) {
        if (extended.sessionAt(noonNewYork) !== null) mismatches.push(`${date.toISOString()} weekend has a session`);
        continue;
      }
      weekdays++;
      const open = newYorkInstant(year, month, day, 4, 0);
      const close = newYorkInstant(year, month, day, 20, 0);
      const session = extended.sessionAt(noonNewYork);
      if (session?.start !== open || session.end !== close) {
        mismatches.push(`${date.toISOString()}: got ${JSON.stringify(session)}, Intl says ${open}–${close}`);
      }
      if (extended.sessionAt(open)?.start !== open || extended.sessionAt(close - 1)?.end !== close)
        mismatches.push(`${date.toISOString()} edges`);
      if (extended.sessionAt(open - 1) !== null || extended.sessionAt(close) !== null)
        mismatches.push(`${date.toISOString()} outside`);
    }
    expect(mismatches).toEqual([]);
    expect(weekdays).toBeGreaterThan(10_000);
  });

  it('with the NYSE rule table: holidays closed, early-close days end at 17:00 (late session), DST weeks too', () => {
    const nyseExtended = calendarFor('nyse-extended');
    expect(nyseExtended.name).toBe('nyse-extended');
    for (const [y, m, d] of [
      [2023, 7, 4],
      [2024, 12, 25],
      [2025, 1, 1],
      [2026, 7, 3], // July 4 is a Saturday: observed Friday
    ] as const) {
      expect(nyseExtended.sessionAt(newYorkInstant(y, m, d, 12, 0)), `${y}-${m}-${d}`).toBeNull();
      expect(nyseExtended.sessionAt(newYorkInstant(y, m, d, 5, 0)), `${y}-${m}-${d} pre-market`).toBeNull();
    }
    for (const [y, m, d] of [
      [2023, 7, 3],
      [2023, 11, 24],
      [2024, 11, 29],
      [2024, 12, 24],
      [2025, 7, 3],
    ] as const) {
      const session = nyseExtended.sessionAt(newYorkInstant(y, m, d, 14, 0));
      expect(session, `${y}-${m}-${d}`).toEqual({
        start: newYorkInstant(y, m, d, 4, 0),
        end: newYorkInstant(y, m, d, 17, 0),
      });
      expect(nyseExtended.sessionAt(newYorkInstant(y, m, d, 17, 0))).toBeNull();
      // The regular calendar closes at 13:00 on the same day.
      expect(calendarFor('nyse').sessionAt(newYorkInstant(y, m, d, 12, 59))?.end).toBe(newYorkInstant(y, m, d, 13, 0));
    }
    // Spring forward 2024-03-10: Friday pre-market opens 09:00 UTC, Monday's 08:00 UTC.
    expect(nyseExtended.sessionAt(microsFromIso('2024-03-08T09:00:00Z'))?.start).toBe(
      microsFromIso('2024-03-08T09:00:00Z'),
    );
    expect(nyseExtended.sessionAt(microsFromIso('2024-03-11T08:00:00Z'))?.start).toBe(
      microsFromIso('2024-03-11T08:00:00Z'),
    );
    expect(nyseExtended.sessionAt(microsFromIso('2024-03-08T08:30:00Z'))).toBeNull();
    // Fall back 2024-11-03: Friday's post-market ends 00:00 UTC, Monday's 01:00 UTC.
    expect(nyseExtended.sessionAt(microsFromIso('2024-11-01T23:59:59Z'))?.end).toBe(
      microsFromIso('2024-11-02T00:00:00Z'),
    );
    expect(nyseExtended.sessionAt(microsFromIso('2024-11-05T00:30:00Z'))?.end).toBe(
      microsFromIso('2024-11-05T01:00:00Z'),
    );
  });

  it('nextSession skips weekends and holidays', () => {
    const nyseExtended = calendarFor('nyse-extended');
    // After Wednesday 2024-07-03's close (17:00 EDT), the next session is Friday 07-05 04:00.
    expect(nyseExtended.nextSession(newYorkInstant(2024, 7, 3, 17, 0))?.start).toBe(newYorkInstant(2024, 7, 5, 4, 0));
    expect(nyseExtended.nextSession(newYorkInstant(2024, 3, 8, 20, 0))?.start).toBe(newYorkInstant(2024, 3, 11, 4, 0));
  });
});

describe('forex sessions (Sunday 17:00 → Friday 17:00 New York, daily cut at 17:00)', () => {
  const forex = forexSessions();

  it('every trading day 2000–2040 runs 17:00 → 17:00 New York by Intl; Friday 17:00 → Sunday 17:00 is closed', () => {
    const mismatches: string[] = [];
    let tradingDays = 0;
    for (let ms = Date.UTC(2000, 0, 3); ms < Date.UTC(2041, 0, 1); ms += 86_400_000) {
      const date = new Date(ms);
      const weekday = date.getUTCDay();
      const [year, month, day] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
      const noon = newYorkInstant(year, month, day, 12, 0);
      if (weekday === 6) {
        if (forex.sessionAt(noon) !== null) mismatches.push(`${date.toISOString()} Saturday has a session`);
        continue;
      }
      if (weekday === 0) {
        const evening = newYorkInstant(year, month, day, 17, 0);
        if (forex.sessionAt(noon) !== null || forex.sessionAt(evening - 1) !== null)
          mismatches.push(`${date.toISOString()} Sunday before 17:00 has a session`);
        if (forex.sessionAt(evening)?.start !== evening) mismatches.push(`${date.toISOString()} Sunday 17:00`);
        continue;
      }
      tradingDays++;
      const previous = new Date(ms - 86_400_000);
      const start = newYorkInstant(previous.getUTCFullYear(), previous.getUTCMonth() + 1, previous.getUTCDate(), 17, 0);
      const end = newYorkInstant(year, month, day, 17, 0);
      const session = forex.sessionAt(noon);
      if (session?.start !== start || session.end !== end) {
        mismatches.push(`${date.toISOString()}: got ${JSON.stringify(session)}, Intl says ${start}–${end}`);
      }
      if (forex.sessionAt(start)?.end !== end || forex.sessionAt(end - 1)?.start !== start)
        mismatches.push(`${date.toISOString()} edges`);
      if (weekday === 5 && forex.sessionAt(end) !== null)
        mismatches.push(`${date.toISOString()} open after Friday 17:00`);
      if (weekday !== 5 && forex.sessionAt(end)?.start !== end) mismatches.push(`${date.toISOString()} not contiguous`);
    }
    expect(mismatches).toEqual([]);
    expect(tradingDays).toBeGreaterThan(10_000);
  });

  it('follows New York DST: the week opens 22:00 UTC in winter, 21:00 UTC in summer', () => {
    // Spring forward on Sunday 2024-03-10 at 02:00: that evening's open is already EDT.
    expect(forex.sessionAt(microsFromIso('2024-03-08T21:59:59Z'))?.end).toBe(microsFromIso('2024-03-08T22:00:00Z'));
    expect(forex.sessionAt(microsFromIso('2024-03-10T20:59:59Z'))).toBeNull();
    expect(forex.sessionAt(microsFromIso('2024-03-10T21:00:00Z'))).toEqual({
      start: microsFromIso('2024-03-10T21:00:00Z'),
      end: microsFromIso('2024-03-11T21:00:00Z'),
    });
    // Fall back on Sunday 2024-11-03: Friday closed 21:00 UTC (EDT), Sunday opens 22:00 UTC (EST).
    expect(forex.sessionAt(microsFromIso('2024-11-01T21:00:00Z'))).toBeNull();
    expect(forex.sessionAt(microsFromIso('2024-11-03T21:30:00Z'))).toBeNull();
    expect(forex.sessionAt(microsFromIso('2024-11-03T22:00:00Z'))?.end).toBe(microsFromIso('2024-11-04T22:00:00Z'));
  });

  it('nextSession: the next trading day, or Sunday evening after the Friday close', () => {
    const fridayClose = microsFromIso('2024-01-12T22:00:00Z');
    expect(forex.nextSession(fridayClose)?.start).toBe(microsFromIso('2024-01-14T22:00:00Z'));
    expect(forex.nextSession(microsFromIso('2024-01-10T12:00:00Z'))?.start).toBe(microsFromIso('2024-01-10T22:00:00Z'));
    const sundayOpen = microsFromIso('2024-01-14T22:00:00Z');
    expect(forex.nextSession(sundayOpen)?.start).toBe(sundayOpen);
    expect(calendarFor('forex').name).toBe('forex');
  });
});

describe('calendarFor', () => {
  it('maps instrument calendar names to calendars', () => {
    for (const name of CALENDAR_NAMES) expect(calendarFor(name).name).toBe(name);
    expect(() => calendarFor('lse' as 'nyse')).toThrow(
      'unknown trading calendar "lse": use one of "nyse", "nyse-extended", "forex", "24x7"',
    );
  });
});
