/** Time helpers for integer-microsecond timestamps. Pure: no clock is read here. */
import type { Micros } from './events.js';

export const MICROS_PER_MILLI = 1_000;
export const MICROS_PER_SECOND = 1_000_000;
export const MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND;
export const MICROS_PER_HOUR = 60 * MICROS_PER_MINUTE;
export const MICROS_PER_DAY = 24 * MICROS_PER_HOUR;

/** A parsed timeframe. `session` timeframes (1d) follow the instrument's trading session. */
export interface Timeframe {
  readonly label: string;
  /** Length in microseconds; for `1d` the nominal 24 h (sessions decide real bounds). */
  readonly micros: Micros;
  readonly kind: 'intraday' | 'daily';
}

const TIMEFRAME_PATTERN = /^([1-9][0-9]*)(s|m|h|d)$/;
const UNIT_MICROS = { s: MICROS_PER_SECOND, m: MICROS_PER_MINUTE, h: MICROS_PER_HOUR, d: MICROS_PER_DAY } as const;

/**
 * Parses `1s`, `30s`, `1m`, `5m`, `15m`, `1h`, `4h`, `1d`. Intraday timeframes must divide a day
 * evenly so that windows align to midnight UTC; the only daily timeframe is `1d`.
 */
export function parseTimeframe(label: string): Timeframe {
  const match = TIMEFRAME_PATTERN.exec(label);
  if (!match) {
    throw new Error(`invalid timeframe "${label}": use a number and a unit s, m, h or d, e.g. 1s, 5m, 1h, 1d`);
  }
  const count = Number(match[1]);
  const unit = match[2] as keyof typeof UNIT_MICROS;
  if (unit === 'd') {
    if (count !== 1) throw new Error(`invalid timeframe "${label}": only 1d is supported for daily bars`);
    return { label, micros: MICROS_PER_DAY, kind: 'daily' };
  }
  const micros = count * UNIT_MICROS[unit];
  if (MICROS_PER_DAY % micros !== 0) {
    throw new Error(
      `invalid timeframe "${label}": intraday timeframes must divide 24h evenly (e.g. 1m, 5m, 15m, 1h, 4h)`,
    );
  }
  return { label, micros, kind: 'intraday' };
}

/** Start of the window of length `width` containing `ts` (aligned to the epoch). */
export function floorTo(ts: Micros, width: Micros): Micros {
  return ts - (((ts % width) + width) % width);
}

/** Converts milliseconds (e.g. from Date) to microseconds. */
export function millisToMicros(ms: number): Micros {
  return Math.round(ms * MICROS_PER_MILLI);
}

/** ISO-8601 string (UTC, microsecond precision) for a microsecond timestamp. */
export function isoFromMicros(ts: Micros): string {
  const ms = Math.floor(ts / MICROS_PER_MILLI);
  const micros = ts - ms * MICROS_PER_MILLI;
  const iso = new Date(ms).toISOString(); // 2024-01-02T03:04:05.678Z
  return micros === 0 ? iso : `${iso.slice(0, -1)}${String(micros).padStart(3, '0')}Z`;
}

/** Parses an ISO-8601 date/time (or a bare YYYY-MM-DD, taken as UTC midnight) to microseconds. */
export function microsFromIso(text: string): Micros {
  const fraction = /\.(\d+)/.exec(text);
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new Error(`invalid date/time "${text}": use ISO-8601, e.g. 2024-01-02T14:30:00Z`);
  let extra = 0;
  if (fraction?.[1] && fraction[1].length > 3) {
    extra = Number(fraction[1].slice(3, 6).padEnd(3, '0'));
  }
  return ms * MICROS_PER_MILLI + extra;
}
