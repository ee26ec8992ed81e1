import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDecimalString, MalformedDecimalError, numberOrDecimal, parseDecimal, parseDecimalOrNaN } from './decimal.js';

describe('parseDecimal', () => {
  it('parses provider decimal strings to the nearest double', () => {
    expect(parseDecimal('64123.45000000')).toBe(64123.45);
    expect(parseDecimal('0.00100000')).toBe(0.001);
    expect(parseDecimal('-1.5')).toBe(-1.5);
    expect(parseDecimal('42')).toBe(42);
    expect(parseDecimal('.5')).toBe(0.5);
    expect(parseDecimal('5.')).toBe(5);
  });

  it('rejects what Number() would wrongly accept', () => {
    for (const bad of ['', ' 1', '1 ', '0x10', '1e3', 'Infinity', 'NaN', '1.2.3', '-', '.', '+-1', '1,5']) {
      expect(() => parseDecimal(bad), bad).toThrow(MalformedDecimalError);
      expect(parseDecimalOrNaN(bad)).toBeNaN();
    }
    expect(() => parseDecimal(12)).toThrow(MalformedDecimalError);
    expect(() => parseDecimal(null)).toThrow(/malformed decimal/);
  });

  it('agrees with the double a source literal gives (oracle: JSON.parse of the same digits)', () => {
    // JSON.parse of a number token is an independent, correctly rounded decimal→double conversion.
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 9 }), fc.integer({ min: 0, max: 99_999_999 }), (whole, frac) => {
        const text = `${whole}.${String(frac).padStart(8, '0')}`;
        expect(parseDecimal(text)).toBe(JSON.parse(text) as number);
      }),
      { numRuns: 300 },
    );
  });

  it('numberOrDecimal takes finite JSON numbers as sent', () => {
    expect(numberOrDecimal(1.25)).toBe(1.25);
    expect(numberOrDecimal('1.25')).toBe(1.25);
    expect(numberOrDecimal(Number.POSITIVE_INFINITY)).toBeNaN();
    expect(numberOrDecimal({})).toBeNaN();
    expect(isDecimalString('1'.repeat(65))).toBe(false);
  });
});
