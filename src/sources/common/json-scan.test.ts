import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDecimalOrNaN } from './decimal.js';
import {
  AsciiInterner,
  decimalAt,
  integerText,
  JsonFields,
  KIND_FALSE,
  KIND_NONE,
  KIND_NULL,
  KIND_NUMBER,
  KIND_OBJECT,
  KIND_STRING,
  KIND_TRUE,
  safeIntegerAt,
  scanObject,
} from './json-scan.js';

const bytesOf = (text: string): Buffer => Buffer.from(text, 'utf8');

/** The KIND_* JSON.parse's value corresponds to. */
function kindOf(value: unknown): number {
  if (value === undefined) return KIND_NONE;
  if (typeof value === 'string') return KIND_STRING;
  if (typeof value === 'number') return KIND_NUMBER;
  if (value === true) return KIND_TRUE;
  if (value === false) return KIND_FALSE;
  if (value === null) return KIND_NULL;
  return KIND_OBJECT;
}

describe('decimalAt (exact, same double as parseDecimalOrNaN)', () => {
  const decimalText = fc
    .tuple(
      fc.constantFrom('', '-', '+'),
      fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 18 }),
      fc.option(fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 24 })),
    )
    .map(([sign, whole, fraction]) => `${sign}${whole}${fraction === null ? '' : `.${fraction}`}`);

  it('property: equals parseDecimalOrNaN whenever it gives a number; NaN only outside the fast case', () => {
    fc.assert(
      fc.property(decimalText, (text) => {
        const fast = decimalAt(bytesOf(text), 0, text.length);
        const general = parseDecimalOrNaN(text);
        if (Number.isNaN(fast)) {
          // Either not a decimal at all, or too many digits for the exact division.
          const digits = text.replace(/[^0-9]/g, '').replace(/^0+/, '');
          expect(Number.isNaN(general) || digits.length >= 16 || (text.split('.')[1]?.length ?? 0) > 22).toBe(true);
        } else {
          expect(Object.is(fast, general)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('parses venue-style strings to the double Number() gives', () => {
    for (const text of [
      '46921.01000000',
      '0.00010000',
      '0.1',
      '2301.45',
      '5.',
      '.5',
      '-0.0',
      '+1',
      '9007199254740991',
    ]) {
      expect(Object.is(decimalAt(bytesOf(text), 0, text.length), Number(text))).toBe(true);
    }
  });

  it('rejects what parseDecimal rejects', () => {
    for (const text of ['', '-', '.', '1e3', '0x10', '1.2.3', ' 1', 'Infinity', '1_000']) {
      expect(decimalAt(bytesOf(text), 0, text.length)).toBeNaN();
    }
  });
});

describe('safeIntegerAt / integerText', () => {
  it('property: plain integers read as JSON.parse reads them, and print back as String(value)', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), (value) => {
        const text = String(value);
        const bytes = bytesOf(text);
        expect(safeIntegerAt(bytes, 0, text.length)).toBe(JSON.parse(text));
        expect(integerText(bytes, 0, text.length)).toBe(String(value));
      }),
    );
  });

  it('gives NaN above 2^53 − 1 and for signs, fractions and exponents', () => {
    for (const text of ['9007199254740992', '-1', '1.5', '1e3', '']) {
      expect(safeIntegerAt(bytesOf(text), 0, text.length)).toBeNaN();
    }
  });
});

describe('scanObject (strict subset of JSON, agrees with JSON.parse)', () => {
  const keys = ['a', 'b', 'type', 'price', 'size', 'data'];
  const inner = new JsonFields(keys);
  const fields = new JsonFields(keys, { data: inner });

  function expectAgrees(text: string): void {
    const bytes = bytesOf(text);
    const end = scanObject(bytes, 0, fields);
    if (end !== bytes.length) return; // rejected: the caller takes the general path
    const parsed = JSON.parse(text) as Record<string, unknown>; // accepted ⇒ valid JSON
    for (const key of keys) {
      const slot = fields.slot(key);
      expect(fields.kind[slot]).toBe(kindOf(parsed[key]));
      if (fields.kind[slot] === KIND_STRING) {
        expect(bytes.toString('utf8', fields.start[slot], fields.end[slot])).toBe(parsed[key]);
      }
      if (fields.kind[slot] === KIND_NUMBER) {
        expect(Number(bytes.toString('utf8', fields.start[slot], fields.end[slot]))).toBe(parsed[key]);
      }
    }
    const data = parsed.data;
    if (typeof data === 'object' && data !== null && !Array.isArray(data)) {
      for (const key of keys) expect(inner.kind[inner.slot(key)]).toBe(kindOf((data as Record<string, unknown>)[key]));
    }
  }

  it('property: compact JSON objects are either accepted with the same values or left to JSON.parse', () => {
    const value = fc.oneof(
      fc.string(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
    );
    const flat = fc.dictionary(fc.constantFrom(...keys, 'other', 'e'), value);
    const frame = fc
      .record({ a: value, data: flat }, { requiredKeys: [] })
      .chain((head) => flat.map((rest) => ({ ...rest, ...head })));
    fc.assert(
      fc.property(frame, (object) => expectAgrees(JSON.stringify(object))),
      { numRuns: 1000 },
    );
  });

  it('property: whatever it accepts from arbitrary text, JSON.parse accepts too', () => {
    const text = fc.oneof(
      fc.string(),
      fc.json(),
      // Mutations of a valid frame: truncations and single-byte edits.
      fc
        .tuple(fc.nat(60), fc.nat(60), fc.constantFrom(...'{}[]",:\\ -.0e1tfn\u0000'))
        .map(
          ([at, cut, c]) =>
            `{"type":"match","price":"1.5","size":"2","a":true,"data":{"b":null,"c":-1.5e3}}`
              .slice(0, 80 - cut)
              .slice(0, at) +
            c +
            `{"type":"match","price":"1.5","size":"2","a":true,"data":{"b":null,"c":-1.5e3}}`.slice(at + 1, 80 - cut),
        ),
    );
    fc.assert(
      fc.property(text, (candidate) => {
        const bytes = bytesOf(candidate);
        if (scanObject(bytes, 0, null) === bytes.length) expect(() => JSON.parse(candidate) as unknown).not.toThrow();
        expectAgrees(candidate);
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps the last of duplicate keys, as JSON.parse does', () => {
    const text = '{"a":1,"a":"x"}';
    scanObject(bytesOf(text), 0, fields);
    expect(fields.kind[fields.slot('a')]).toBe(KIND_STRING);
  });

  it('leaves whitespace, escapes, non-ASCII, arrays and deep nesting to the general path', () => {
    for (const text of [
      '{ "a":1}',
      '{"a":1} ',
      '{"a":"\\n"}',
      '{"a":"é"}',
      '{"a":[1]}',
      '{"a":{"a":{"a":{"a":{"a":{}}}}}}',
      '{"a":01}',
      '{"a":1,}',
      '{"a":tru}',
    ]) {
      const bytes = bytesOf(text);
      expect(scanObject(bytes, 0, null), text).not.toBe(bytes.length);
    }
  });

  it('rejects keys that are not plain ASCII at construction', () => {
    expect(() => new JsonFields(['a"b'])).toThrow(/plain ASCII/);
    expect(() => fields.slot('missing')).toThrow(/not a wanted key/);
  });
});

describe('AsciiInterner', () => {
  it('returns the same text for the same bytes, across many symbols and collisions', () => {
    const interner = new AsciiInterner();
    const symbols = Array.from({ length: 600 }, (_, i) => `SYM${i}-USD`);
    for (let round = 0; round < 2; round++) {
      for (const symbol of symbols) {
        const bytes = bytesOf(`"${symbol}"`);
        expect(interner.get(bytes, 1, bytes.length - 1)).toBe(symbol);
      }
    }
    const long = 'X'.repeat(40);
    expect(interner.get(bytesOf(long), 0, 40)).toBe(long);
  });
});
