import { describe, expect, it } from 'vitest';
import { MICROS_PER_DAY, MICROS_PER_HOUR, microsFromIso } from '../core/time.js';
import { calendarFor, nyseRegularSessions, utcDaySessions } from './sessions.js';

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

describe('calendarFor', () => {
  it('maps instrument calendar names to calendars', () => {
    expect(calendarFor('nyse').name).toBe('nyse');
    expect(calendarFor('24x7').name).toBe('24x7');
    expect(() => calendarFor('lse' as 'nyse')).toThrow(/unknown trading calendar "lse"/);
  });
});
