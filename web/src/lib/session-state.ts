/**
 * Whether a symbol's market is open now. The API does not expose instrument calendars yet, so
 * the calendar is derived from the symbol: pairs such as `BTC-USD` trade 24/7 (crypto), anything
 * else follows NYSE regular hours (09:30–16:00 America/New_York, weekdays, with NYSE's holiday
 * and early-close rules from src/bars).
 */
import { isNyseHoliday, nyseEarlyCloseMinutes } from '../../../src/bars/nyse-holidays.js';

export type SessionState = 'open' | 'closed' | '24h';

export function calendarOf(symbol: string): 'nyse' | '24x7' {
  return /^[A-Z0-9]+-[A-Z0-9]+$/.test(symbol) ? '24x7' : 'nyse';
}

const newYork = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  weekday: 'short',
  hourCycle: 'h23',
});

const OPEN_MINUTE = 9 * 60 + 30;
const CLOSE_MINUTE = 16 * 60;

/** Session state of `symbol` at `epochMillis`. */
export function sessionState(symbol: string, epochMillis: number): SessionState {
  if (calendarOf(symbol) === '24x7') return '24h';
  const parts: Record<string, string> = {};
  for (const part of newYork.formatToParts(new Date(epochMillis))) parts[part.type] = part.value;
  if (parts['weekday'] === 'Sat' || parts['weekday'] === 'Sun') return 'closed';
  const dateKey = `${parts['year']}-${parts['month']}-${parts['day']}`;
  if (isNyseHoliday(dateKey)) return 'closed';
  const minute = Number(parts['hour']) * 60 + Number(parts['minute']);
  const close = nyseEarlyCloseMinutes(dateKey) ?? CLOSE_MINUTE;
  return minute >= OPEN_MINUTE && minute < close ? 'open' : 'closed';
}
