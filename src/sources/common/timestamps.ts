/**
 * Provider timestamps → UTC integer microseconds (the tickwatch time unit).
 *
 * RFC-3339 strings are parsed by hand: `Date.parse` drops everything below the millisecond, and
 * Alpaca and Coinbase send micro- or nanoseconds. Digits below the microsecond are truncated
 * (not rounded), so two events in the same microsecond keep their order and no event moves
 * into the next microsecond.
 */
import type { Micros } from '../../core/events.js';

export class MalformedTimestampError extends Error {
  constructor(readonly text: unknown) {
    super(`malformed timestamp ${typeof text === 'string' ? JSON.stringify(text.slice(0, 40)) : typeof text}`);
    this.name = 'MalformedTimestampError';
  }
}

/** Unix milliseconds (integer or fractional) → µs. NaN for non-finite input. */
export function microsFromMillis(ms: number): Micros {
  return Number.isFinite(ms) ? Math.round(ms * 1_000) : Number.NaN;
}

/** Unix seconds (number, or a decimal string as Coinbase sends) → µs. NaN for bad input. */
export function microsFromSeconds(seconds: number | string): Micros {
  const value = typeof seconds === 'string' ? (/^\d+(\.\d+)?$/.test(seconds) ? Number(seconds) : Number.NaN) : seconds;
  return Number.isFinite(value) ? Math.round(value * 1_000_000) : Number.NaN;
}

/** Unix nanoseconds → µs (truncated). */
export function microsFromNanos(nanos: number): Micros {
  return Number.isFinite(nanos) ? Math.floor(nanos / 1_000) : Number.NaN;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

const POWERS_OF_TEN = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000];
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * One-entry cache of the last date-hour-minute prefix (`YYYY-MM-DDTHH:MM:`, 17 characters) and
 * its µs value: consecutive messages of a feed share it, so most calls skip the calendar maths.
 * Deterministic (the result never depends on what was cached), hence still a pure function.
 */
let cachedPrefix = '';
let cachedPrefixMicros = 0;

/** µs of `YYYY-MM-DDTHH:MM:` (UTC, before any offset), or NaN when invalid. */
function prefixMicros(text: string): number {
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const separator = text.charCodeAt(10);
  if (
    year < 0 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > (DAYS_IN_MONTH[month - 1] as number) ||
    (month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    text.charCodeAt(4) !== 45 ||
    text.charCodeAt(7) !== 45 ||
    (separator !== 84 && separator !== 116 && separator !== 32) ||
    text.charCodeAt(13) !== 58 ||
    text.charCodeAt(16) !== 58
  ) {
    return Number.NaN;
  }
  return (daysFromCivil(year, month, day) * 86_400 + hour * 3600 + minute * 60) * 1_000_000;
}

/**
 * Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` (RFC 3339; `t`, `z` and a space separator
 * accepted) to µs. Returns NaN when the text is not of that shape or a field is out of range.
 */
export function microsFromRfc3339OrNaN(text: string): Micros {
  if (typeof text !== 'string' || text.length < 20) return Number.NaN;
  let base: number;
  if (cachedPrefix.length === 17 && text.startsWith(cachedPrefix)) {
    base = cachedPrefixMicros;
  } else {
    base = prefixMicros(text);
    if (Number.isNaN(base)) return Number.NaN;
    cachedPrefix = text.slice(0, 17);
    cachedPrefixMicros = base;
  }
  const second = digits(text, 17, 2);
  if (second < 0 || second > 60) return Number.NaN; // a leap second folds into the next minute
  let index = 19;
  let fractionMicros = 0;
  if (text.charCodeAt(index) === 46) {
    index++;
    const fractionStart = index;
    // Up to six digits make the µs; further digits (ns) are checked and truncated.
    while (index < text.length) {
      const d = text.charCodeAt(index) - 48;
      if (d < 0 || d > 9) break;
      if (index - fractionStart < 6) fractionMicros = fractionMicros * 10 + d;
      index++;
    }
    const fractionDigits = index - fractionStart;
    if (fractionDigits === 0) return Number.NaN;
    if (fractionDigits < 6) fractionMicros *= POWERS_OF_TEN[6 - fractionDigits] as number;
  }
  let offsetMinutes = 0;
  const zone = text.charCodeAt(index);
  if (zone === 90 || zone === 122) {
    index++;
  } else if (zone === 43 || zone === 45) {
    const offsetHours = digits(text, index + 1, 2);
    const offsetMins = digits(text, index + 4, 2);
    if (offsetHours < 0 || offsetHours > 23 || offsetMins < 0 || offsetMins > 59 || text.charCodeAt(index + 3) !== 58) {
      return Number.NaN;
    }
    offsetMinutes = (zone === 45 ? -1 : 1) * (offsetHours * 60 + offsetMins);
    index += 6;
  } else {
    return Number.NaN;
  }
  if (index !== text.length) return Number.NaN;
  return base + (second - offsetMinutes * 60) * 1_000_000 + fractionMicros;
}

/** Like microsFromRfc3339OrNaN, but throws MalformedTimestampError. */
export function microsFromRfc3339(text: string): Micros {
  const micros = microsFromRfc3339OrNaN(text);
  if (Number.isNaN(micros)) throw new MalformedTimestampError(text);
  return micros;
}
