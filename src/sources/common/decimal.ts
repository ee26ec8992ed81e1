/**
 * Exact parsing of prices and sizes that providers send as decimal strings ("64123.45000000").
 *
 * `Number(text)` is correctly rounded: ECMAScript's StringToNumber returns the double nearest to
 * the decimal value, the same double a float literal in source code would give. So there is no
 * float surprise beyond the unavoidable one of storing a decimal in binary (0.1 is the double
 * nearest 0.1, and prints back as "0.1"). What `Number()` does wrong is accept too much: "",
 * " 1", "0x10", "1e3", "Infinity" all give numbers. This module validates the shape first.
 */

/** Why a decimal string was rejected (stable, shown in counters and errors). */
export class MalformedDecimalError extends Error {
  constructor(readonly text: unknown) {
    super(`malformed decimal ${describeValue(text)}: expected digits with an optional sign and one decimal point`);
    this.name = 'MalformedDecimalError';
  }
}

const DIGIT_0 = 48;
const DIGIT_9 = 57;
const DOT = 46;
const MINUS = 45;
const PLUS = 43;

/** True when `text` is `[+-]?digits[.digits]` (or `.5` / `5.`), with at least one digit. */
export function isDecimalString(text: string): boolean {
  const length = text.length;
  if (length === 0 || length > 64) return false;
  let index = 0;
  const first = text.charCodeAt(0);
  if (first === MINUS || first === PLUS) index = 1;
  let digits = 0;
  let dots = 0;
  for (; index < length; index++) {
    const code = text.charCodeAt(index);
    if (code >= DIGIT_0 && code <= DIGIT_9) digits++;
    else if (code === DOT && dots === 0) dots++;
    else return false;
  }
  return digits > 0;
}

/** Parses a decimal string to the nearest double; throws MalformedDecimalError on anything else. */
export function parseDecimal(text: unknown): number {
  if (typeof text !== 'string' || !isDecimalString(text)) throw new MalformedDecimalError(text);
  return Number(text);
}

/** Like parseDecimal, but returns NaN instead of throwing (for hot paths that count rejects). */
export function parseDecimalOrNaN(text: unknown): number {
  if (typeof text !== 'string' || !isDecimalString(text)) return Number.NaN;
  return Number(text);
}

/** Accepts a JSON number as sent, or a decimal string; NaN for anything else. */
export function numberOrDecimal(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : Number.NaN;
  return parseDecimalOrNaN(value);
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return typeof value;
}
