/**
 * A strict, allocation-free scanner for the small flat JSON objects crypto venues send one per
 * WebSocket frame. It exists because `JSON.parse` of one ~200-byte frame costs about 1 µs (it
 * builds a whole object graph, keys and all), which alone caps a parser at ~1 M messages/s.
 *
 * The scanner walks the UTF-8 bytes once and records, for a fixed set of wanted keys, where each
 * value starts and ends and what kind it is. It accepts only a strict subset of JSON: no
 * whitespace, no escapes, ASCII strings, no arrays, nesting ≤ 4. Anything else makes it give up
 * (return -1), and the caller falls back to `JSON.parse` — so every frame it accepts is valid
 * JSON, and every frame it rejects still gets the full, general treatment. Duplicate keys keep
 * the last value, as `JSON.parse` does. Parsers test the two paths against each other.
 */

export const KIND_NONE = 0;
export const KIND_STRING = 1;
export const KIND_NUMBER = 2;
export const KIND_TRUE = 3;
export const KIND_FALSE = 4;
export const KIND_NULL = 5;
export const KIND_OBJECT = 6;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const LEFT_BRACE = 0x7b;
const RIGHT_BRACE = 0x7d;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const MAX_DEPTH = 4;

const TRUE_BYTES = [0x74, 0x72, 0x75, 0x65];
const FALSE_BYTES = [0x66, 0x61, 0x6c, 0x73, 0x65];
const NULL_BYTES = [0x6e, 0x75, 0x6c, 0x6c];

/** The wanted keys of one object level, and the value spans found for them by the last scan. */
export class JsonFields {
  /** KIND_* of each wanted key's value; KIND_NONE when the key was absent. */
  readonly kind: Uint8Array;
  /** Value span [start, end) in the frame; for strings, the content between the quotes. */
  readonly start: Int32Array;
  readonly end: Int32Array;
  /** Tables for object values of wanted keys (e.g. `data` of a combined stream), by slot. */
  readonly nested: (JsonFields | undefined)[];
  private readonly keys: readonly Uint8Array[];
  /** Slot of each one-character key by its byte (-1: not wanted): Binance keys are one letter. */
  private readonly singleByte = new Int8Array(128).fill(-1);
  /** Slot of a longer key by keyHash (-1: none, -2: two keys share the bucket, search them all). */
  private readonly buckets = new Int8Array(256).fill(-1);
  private readonly nestedTables: readonly JsonFields[];

  constructor(keys: readonly string[], nested: Readonly<Record<string, JsonFields>> = {}) {
    if (keys.length > 64) throw new Error('JsonFields: at most 64 keys');
    this.kind = new Uint8Array(keys.length);
    this.start = new Int32Array(keys.length);
    this.end = new Int32Array(keys.length);
    this.keys = keys.map((key) => {
      if (!/^[\x20-\x21\x23-\x5b\x5d-\x7e]+$/.test(key)) throw new Error(`JsonFields: key ${key} must be plain ASCII`);
      return Uint8Array.from(key, (c) => c.charCodeAt(0));
    });
    keys.forEach((key, slot) => {
      if (key.length === 1) this.singleByte[key.charCodeAt(0)] = slot;
    });
    this.nested = keys.map((key) => nested[key]);
    this.nestedTables = Object.values(nested);
    keys.forEach((key, slot) => {
      if (key.length < 2) return;
      const bucket = keyHash(key.length, key.charCodeAt(0), key.charCodeAt(key.length - 1));
      this.buckets[bucket] = this.buckets[bucket] === -1 ? slot : -2;
    });
  }

  /** The slot of a wanted key (for callers to keep as constants). */
  slot(key: string): number {
    const slot = this.keys.findIndex(
      (bytes) => bytes.length === key.length && bytes.every((b, i) => b === key.charCodeAt(i)),
    );
    if (slot < 0) throw new Error(`JsonFields: ${key} is not a wanted key`);
    return slot;
  }

  clear(): void {
    const kind = this.kind;
    for (let slot = 0; slot < kind.length; slot++) kind[slot] = KIND_NONE;
    const nested = this.nestedTables;
    for (let i = 0; i < nested.length; i++) (nested[i] as JsonFields).clear();
  }

  /** Slot of the key in bytes [start, end), or -1. */
  slotOf(bytes: Uint8Array, start: number, end: number): number {
    const length = end - start;
    if (length === 1) {
      const c = bytes[start] as number;
      return c < 128 ? (this.singleByte[c] as number) : -1;
    }
    const bucket = this.buckets[keyHash(length, bytes[start] as number, bytes[end - 1] as number)] as number;
    if (bucket === -1) return -1;
    const keys = this.keys;
    if (bucket >= 0) {
      const key = keys[bucket] as Uint8Array;
      if (key.length !== length) return -1;
      for (let i = 0; i < length; i++) if (key[i] !== bytes[start + i]) return -1;
      return bucket;
    }
    outer: for (let slot = 0; slot < keys.length; slot++) {
      const key = keys[slot] as Uint8Array;
      if (key.length !== length) continue;
      for (let i = 0; i < length; i++) if (key[i] !== bytes[start + i]) continue outer;
      return slot;
    }
    return -1;
  }
}

/** Bucket of a key of two or more characters: length, first and last byte. */
function keyHash(length: number, first: number, last: number): number {
  return (length * 17 + first * 5 + last) & 255;
}

/** Byte classes inside a string: 0 plain, 1 closing quote, 2 not for the fast path (control, backslash, non-ASCII). */
const STRING_BYTE = (() => {
  const table = new Uint8Array(256).fill(2);
  for (let c = 0x20; c < 0x80; c++) table[c] = 0;
  table[QUOTE] = 1;
  table[BACKSLASH] = 2;
  return table;
})();

/** Index of the closing quote of a string whose content starts at `pos`, or -1 (escape, control, non-ASCII, end). */
function stringEnd(bytes: Uint8Array, pos: number): number {
  const length = bytes.length;
  for (; pos < length; pos++) {
    // One table load per byte instead of four comparisons (≈ 10 % of a scan).
    const kind = STRING_BYTE[bytes[pos] as number] as number;
    if (kind !== 0) return kind === 1 ? pos : -1;
  }
  return -1;
}

function isDigit(c: number): boolean {
  return c >= DIGIT_0 && c <= DIGIT_9;
}

/** End of a JSON number starting at `pos` (strict grammar), or -1. */
function numberEnd(bytes: Uint8Array, pos: number): number {
  const length = bytes.length;
  if (pos < length && bytes[pos] === MINUS) pos++;
  if (pos >= length) return -1;
  if (bytes[pos] === DIGIT_0) pos++;
  else if (isDigit(bytes[pos] as number)) while (pos < length && isDigit(bytes[pos] as number)) pos++;
  else return -1;
  if (pos < length && bytes[pos] === DOT) {
    pos++;
    const digits = pos;
    while (pos < length && isDigit(bytes[pos] as number)) pos++;
    if (pos === digits) return -1;
  }
  if (pos < length && (bytes[pos] === 0x65 || bytes[pos] === 0x45)) {
    pos++;
    if (pos < length && (bytes[pos] === PLUS || bytes[pos] === MINUS)) pos++;
    const digits = pos;
    while (pos < length && isDigit(bytes[pos] as number)) pos++;
    if (pos === digits) return -1;
  }
  return pos;
}

function literalEnd(bytes: Uint8Array, pos: number, literal: readonly number[]): number {
  if (pos + literal.length > bytes.length) return -1;
  for (let i = 0; i < literal.length; i++) if (bytes[pos + i] !== literal[i]) return -1;
  return pos + literal.length;
}

/**
 * Scans the object starting at `pos`, filling `fields` (null: validate and skip). Returns the
 * index just past its closing brace, or -1 when the input is outside the accepted subset.
 */
export function scanObject(bytes: Uint8Array, pos: number, fields: JsonFields | null, depth = 0): number {
  const length = bytes.length;
  if (pos >= length || bytes[pos] !== LEFT_BRACE) return -1;
  fields?.clear();
  pos++;
  if (pos < length && bytes[pos] === RIGHT_BRACE) return pos + 1;
  for (;;) {
    if (pos >= length || bytes[pos] !== QUOTE) return -1;
    const keyEnd = stringEnd(bytes, pos + 1);
    if (keyEnd < 0 || keyEnd + 1 >= length || bytes[keyEnd + 1] !== COLON) return -1;
    const slot = fields === null ? -1 : fields.slotOf(bytes, pos + 1, keyEnd);
    pos = keyEnd + 2;
    if (pos >= length) return -1;
    const c = bytes[pos] as number;
    let kind: number;
    let valueStart = pos;
    let valueEnd: number;
    if (c === QUOTE) {
      valueStart = pos + 1;
      valueEnd = stringEnd(bytes, valueStart);
      if (valueEnd < 0) return -1;
      pos = valueEnd + 1;
      kind = KIND_STRING;
    } else if (c === LEFT_BRACE) {
      if (depth >= MAX_DEPTH) return -1;
      const nested = slot >= 0 ? (fields as JsonFields).nested[slot] : undefined;
      valueEnd = scanObject(bytes, pos, nested ?? null, depth + 1);
      if (valueEnd < 0) return -1;
      pos = valueEnd;
      kind = KIND_OBJECT;
    } else if (c === 0x74) {
      valueEnd = pos = literalEnd(bytes, pos, TRUE_BYTES);
      kind = KIND_TRUE;
    } else if (c === 0x66) {
      valueEnd = pos = literalEnd(bytes, pos, FALSE_BYTES);
      kind = KIND_FALSE;
    } else if (c === 0x6e) {
      valueEnd = pos = literalEnd(bytes, pos, NULL_BYTES);
      kind = KIND_NULL;
    } else {
      valueEnd = pos = numberEnd(bytes, pos);
      kind = KIND_NUMBER;
    }
    if (pos < 0) return -1;
    if (slot >= 0) {
      const table = fields as JsonFields;
      table.kind[slot] = kind;
      table.start[slot] = valueStart;
      table.end[slot] = valueEnd;
    }
    if (pos >= length) return -1;
    const next = bytes[pos];
    if (next === COMMA) pos++;
    else if (next === RIGHT_BRACE) return pos + 1;
    else return -1;
  }
}

/**
 * The text of a plain non-negative JSON integer, equal to `String(value)`: the scanner's number
 * grammar has no leading zeros and safeIntegerAt admits no sign, fraction or exponent.
 */
export function integerText(bytes: Uint8Array, start: number, end: number): string {
  return asciiString(bytes, start, end);
}

/**
 * The value of a plain non-negative JSON integer in [start, end) (no sign, fraction or exponent,
 * at most 2^53 − 1), else NaN. Exactly what `JSON.parse` gives for such text.
 */
export function safeIntegerAt(bytes: Uint8Array, start: number, end: number): number {
  if (end <= start || end - start > 16) return Number.NaN;
  let value = 0;
  for (let i = start; i < end; i++) {
    const d = (bytes[i] as number) - DIGIT_0;
    if (d < 0 || d > 9) return Number.NaN;
    value = value * 10 + d;
  }
  return value <= Number.MAX_SAFE_INTEGER ? value : Number.NaN;
}

const EXACT_POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * A decimal string's content in [start, end) → the nearest double, the same as
 * `parseDecimalOrNaN` (decimal.ts) on that text; NaN when the text is not a decimal or is
 * outside the fast case. Fast case: all digits form an integer m ≤ 2^53 − 1 and there are
 * f ≤ 22 fraction digits, so m and 10^f are exact doubles and the IEEE division m / 10^f is
 * correctly rounded — the same double `Number(text)` returns (Clinger's fast path). Callers
 * treat NaN as "use the general path", so a long mantissa is never an error here.
 */
export function decimalAt(bytes: Uint8Array, start: number, end: number): number {
  if (end <= start || end - start > 64) return Number.NaN;
  let i = start;
  const first = bytes[i];
  const negative = first === MINUS;
  if (negative || first === PLUS) i++;
  let mantissa = 0;
  let digits = 0;
  let fractionDigits = -1;
  for (; i < end; i++) {
    const c = bytes[i] as number;
    if (c >= DIGIT_0 && c <= DIGIT_9) {
      mantissa = mantissa * 10 + (c - DIGIT_0);
      digits++;
      if (fractionDigits >= 0) fractionDigits++;
    } else if (c === DOT && fractionDigits < 0) {
      fractionDigits = 0;
    } else {
      return Number.NaN;
    }
  }
  // Once above 2^53 − 1 the running value stays above it, so this also catches inexact steps.
  if (digits === 0 || mantissa > Number.MAX_SAFE_INTEGER || fractionDigits > 22) return Number.NaN;
  const value = fractionDigits > 0 ? mantissa / (EXACT_POWERS_OF_TEN[fractionDigits] as number) : mantissa;
  return negative ? -value : value;
}

/** True when bytes [start, end) spell `text` (ASCII). */
export function bytesEqual(bytes: Uint8Array, start: number, end: number, text: string): boolean {
  if (end - start !== text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[start + i] !== text.charCodeAt(i)) return false;
  return true;
}

/** ASCII bytes [start, end) as a string (the scanner only accepts ASCII strings). */
export function asciiString(bytes: Uint8Array, start: number, end: number): string {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // latin1Slice is what toString('latin1', …) calls after its argument checks; half the cost.
  return (buffer as unknown as LatinSlicer).latin1Slice(start, end);
}

interface LatinSlicer {
  latin1Slice(start: number, end: number): string;
}

const INTERN_SLOTS = 1024;
const INTERN_WAYS = 4;
const INTERN_MAX_LENGTH = 32;

/**
 * Reuses the string of a recently seen symbol instead of creating a new one per message:
 * a feed repeats a handful of symbols. Bounded (1024 slots of ≤ 32 bytes, a symbol may sit in
 * any of 4 neighbouring slots; when all 4 are taken one is replaced), and the result never
 * depends on what was cached.
 */
export class AsciiInterner {
  private readonly strings: string[] = new Array<string>(INTERN_SLOTS).fill('');
  private readonly lengths = new Uint8Array(INTERN_SLOTS);
  private readonly bytes = new Uint8Array(INTERN_SLOTS * INTERN_MAX_LENGTH);

  get(bytes: Uint8Array, start: number, end: number): string {
    const length = end - start;
    if (length > INTERN_MAX_LENGTH || length === 0) return asciiString(bytes, start, end);
    // FNV-1a over every byte: pairs like BTCUSDT and BNBUSDT differ only in the middle.
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ (bytes[i] as number), 0x01000193);
    const first = (hash ^ (hash >>> 16)) & (INTERN_SLOTS - 1);
    const cached = this.bytes;
    let free = -1;
    for (let way = 0; way < INTERN_WAYS; way++) {
      const slot = (first + way) & (INTERN_SLOTS - 1);
      const slotLength = this.lengths[slot] as number;
      if (slotLength === length) {
        const base = slot * INTERN_MAX_LENGTH;
        let i = 0;
        while (i < length && cached[base + i] === bytes[start + i]) i++;
        if (i === length) return this.strings[slot] as string;
      } else if (slotLength === 0 && free < 0) {
        free = slot;
      }
    }
    const slot = free >= 0 ? free : (first + ((hash >>> 24) & (INTERN_WAYS - 1))) & (INTERN_SLOTS - 1);
    const text = asciiString(bytes, start, end);
    const base = slot * INTERN_MAX_LENGTH;
    for (let i = 0; i < length; i++) cached[base + i] = bytes[start + i] as number;
    this.lengths[slot] = length;
    this.strings[slot] = text;
    return text;
  }
}
