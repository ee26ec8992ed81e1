import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  daysFromCivil,
  MalformedTimestampError,
  microsFromMillis,
  microsFromNanos,
  microsFromRfc3339,
  microsFromRfc3339OrNaN,
  microsFromSeconds,
} from './timestamps.js';

describe('timestamps', () => {
  it('converts ms, s and ns to integer µs', () => {
    expect(microsFromMillis(1536036818784)).toBe(1536036818784000);
    expect(microsFromSeconds(1700000000)).toBe(1700000000000000);
    expect(microsFromSeconds('1700000000')).toBe(1700000000000000);
    expect(microsFromSeconds('17e8')).toBeNaN();
    expect(microsFromNanos(1_700_000_000_000_000_000)).toBe(1_700_000_000_000_000); // exactly representable
    expect(microsFromNanos(1_999)).toBe(1); // truncated
    expect(microsFromMillis(Number.NaN)).toBeNaN();
  });

  it('parses RFC-3339 with nanoseconds, truncating below the µs', () => {
    expect(microsFromRfc3339('2021-02-22T15:51:44.208000000Z')).toBe(Date.UTC(2021, 1, 22, 15, 51, 44, 208) * 1000);
    expect(microsFromRfc3339('2021-02-22T15:51:44.208123999Z')).toBe(
      Date.UTC(2021, 1, 22, 15, 51, 44, 208) * 1000 + 123,
    );
    expect(microsFromRfc3339('2024-03-01T00:00:00Z')).toBe(Date.UTC(2024, 2, 1) * 1000);
    expect(microsFromRfc3339('2024-03-01T00:00:00.5+01:00')).toBe((Date.UTC(2024, 1, 29, 23) + 500) * 1000);
    expect(microsFromRfc3339('2024-03-01T00:00:00.000001-05:30')).toBe(Date.UTC(2024, 2, 1, 5, 30) * 1000 + 1);
  });

  it('rejects malformed or out-of-range text', () => {
    for (const bad of [
      '',
      '2021-02-22',
      '2021-02-22T15:51:44',
      '2021-13-01T00:00:00Z',
      '2021-02-30T00:00:00Z',
      '2023-02-29T00:00:00Z',
      '2021-02-22T24:00:00Z',
      '2021-02-22T15:51:44.Z',
      '2021-02-22T15:51:44ZX',
      '2021/02/22T15:51:44Z',
      '2021-02-22T15:51:44+0100',
    ]) {
      expect(microsFromRfc3339OrNaN(bad), bad).toBeNaN();
    }
    expect(() => microsFromRfc3339('nope')).toThrow(MalformedTimestampError);
  });

  it('matches Date.parse at ms precision over random instants (oracle: the JS Date parser)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.integer({ min: 0, max: 999_999 }), (ms, subMs) => {
        const iso = new Date(ms).toISOString(); // ...sss Z
        const text = `${iso.slice(0, -1)}${String(subMs).padStart(6, '0')}Z`; // 9 fraction digits
        expect(microsFromRfc3339(text)).toBe(ms * 1000 + Math.floor(subMs / 1000));
      }),
      { numRuns: 300 },
    );
  });

  it('the prefix cache never changes a result: consecutive instants, invalid text between them', () => {
    // Consecutive timestamps share the cached date-hour-minute prefix; oracle: the JS Date parser.
    for (let ms = Date.UTC(2024, 1, 29, 23, 58); ms < Date.UTC(2024, 2, 1, 0, 2); ms += 7_919) {
      const iso = new Date(ms).toISOString();
      expect(microsFromRfc3339(iso)).toBe(ms * 1000);
      expect(microsFromRfc3339OrNaN(`${iso.slice(0, 17)}61Z`)).toBeNaN(); // cached prefix, bad seconds
      expect(microsFromRfc3339OrNaN(`${iso.slice(0, 16)}Z`)).toBeNaN();
    }
  });

  it('daysFromCivil agrees with Date.UTC', () => {
    for (const [y, m, d] of [
      [1970, 1, 1],
      [2000, 2, 29],
      [1969, 12, 31],
      [2100, 3, 1],
    ] as const) {
      expect(daysFromCivil(y, m, d)).toBe(Date.UTC(y, m - 1, d) / 86_400_000);
    }
  });
});
