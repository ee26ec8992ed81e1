/**
 * Times in queries and bodies: an ISO-8601 string, or an integer epoch in milliseconds or in
 * microseconds. Integers are told apart by size, which is unambiguous for every date from
 * 1973-03-03T09:46:40Z (1e14 µs = 1e11 ms) on:
 *   - below 1e11: refused (it would be seconds, or a millisecond date before 1973 — say which
 *     with an ISO string), except 0 (the epoch);
 *   - 1e11 ≤ n < 1e14: milliseconds (1973 … 5138);
 *   - 1e14 ≤ n < 2^53: microseconds (1973 … 2255).
 * Output times are integer microseconds with an ISO-8601 twin (`ts` and `tsIso`).
 */
import { z } from 'zod';
import type { Micros } from '../core/events.js';
import { microsFromIso, parseTimeframe } from '../core/time.js';

const MILLIS_FROM = 1e11;
const MICROS_FROM = 1e14;

export const TIME_FORMAT_HINT =
  'an ISO-8601 time (2024-01-02T14:30:00Z), epoch milliseconds (1704205800000) or epoch microseconds (1704205800000000)';

/** Parses a time; throws an Error whose message says what is accepted. */
export function parseTimeInput(value: string | number): Micros {
  const text = String(value).trim();
  if (/^-?\d+$/.test(text)) {
    const n = Number(text);
    if (n === 0) return 0;
    if (n < 0 || !Number.isSafeInteger(n)) throw new Error(`"${text}" is out of range: use ${TIME_FORMAT_HINT}`);
    if (n < MILLIS_FROM) {
      throw new Error(
        `"${text}" is ambiguous (epoch seconds?): send milliseconds (${n * 1000}) or microseconds, or an ISO-8601 time`,
      );
    }
    return n < MICROS_FROM ? n * 1000 : n;
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) throw new Error(`"${text}" is not a time: use ${TIME_FORMAT_HINT}`);
  // A date-time without an offset would be read in the server's local zone: refuse to guess.
  if (/[T ]\d{2}:\d{2}/.test(text) && !/(Z|[+-]\d{2}:?\d{2})$/i.test(text)) {
    throw new Error(
      `"${text}" has no time zone: add Z for UTC (e.g. 2024-01-02T14:30:00Z) or an offset like +01:00 (written %2B01:00 in a URL)`,
    );
  }
  const micros = microsFromIso(text);
  if (!Number.isSafeInteger(micros)) throw new Error(`"${text}" is not a time: use ${TIME_FORMAT_HINT}`);
  return micros;
}

/** A zod field accepting any of the time forms above (strings in queries, strings or numbers in bodies). */
export const timeInput = z
  .union([z.string(), z.number()])
  .transform((value, context) => {
    try {
      return parseTimeInput(value);
    } catch (error) {
      context.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  })
  .describe(TIME_FORMAT_HINT);

const UNIT_WORDS: Readonly<Record<string, 's' | 'm' | 'h' | 'd'>> = {
  s: 's',
  sec: 's',
  secs: 's',
  second: 's',
  seconds: 's',
  m: 'm',
  min: 'm',
  mins: 'm',
  minute: 'm',
  minutes: 'm',
  h: 'h',
  hr: 'h',
  hour: 'h',
  hours: 'h',
  d: 'd',
  day: 'd',
  days: 'd',
};

/** `1min`, `5min`, `1hour`, `1h`, `1m`, `1d`, `30sec` → tickwatch's label (`1m`, `5m`, `1h`, …). */
export function normaliseTimeframe(text: string): string {
  const match = /^\s*(\d+)\s*([a-z]+)\s*$/i.exec(text);
  const unit = match ? UNIT_WORDS[match[2]!.toLowerCase()] : undefined;
  if (!match || unit === undefined) {
    throw new Error(`"${text}" is not a timeframe: use e.g. 1m (or 1min), 5m, 15m, 1h, 1d`);
  }
  // Month-like "M" is not a thing here: `1M` means one minute like `1m`.
  const label = `${Number(match[1])}${unit}`;
  parseTimeframe(label);
  return label;
}

/** A zod field for a timeframe in either spelling, checked against the built timeframes. */
export function timeframeInput(built: readonly string[]) {
  return z
    .string()
    .transform((value, context) => {
      let label: string;
      try {
        label = normaliseTimeframe(value);
      } catch (error) {
        context.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
      if (built.length > 0 && !built.includes(label)) {
        context.addIssue({
          code: 'custom',
          message: `timeframe ${label} is not built by this server: use one of ${built.join(', ')}`,
        });
        return z.NEVER;
      }
      return label;
    })
    .describe(
      `a timeframe: ${built.length > 0 ? built.join(', ') : '1m, 5m, 1h, …'} (1min, 5min, 1hour also accepted)`,
    );
}
