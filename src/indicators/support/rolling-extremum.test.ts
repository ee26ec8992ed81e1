import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RollingExtremum } from './rolling-extremum.js';

/** Brute force over the window: the extremum and its age, ties resolved as asked. */
function scan(
  values: readonly number[],
  end: number,
  window: number,
  kind: 'max' | 'min',
  ties: 'newest' | 'oldest',
): { value: number; age: number } {
  let best = Number.NaN;
  let at = -1;
  for (let k = Math.max(0, end - window + 1); k <= end; k++) {
    const v = values[k] as number;
    const better = at < 0 || (kind === 'max' ? v > best : v < best) || (ties === 'newest' && v === best);
    if (better) {
      best = v;
      at = k;
    }
  }
  return { value: best, age: end - at };
}

describe('RollingExtremum', () => {
  it('value, age, peek and peekAge equal a scan of the window (random data with many ties)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 9 }),
        fc.constantFrom('max' as const, 'min' as const),
        fc.constantFrom('newest' as const, 'oldest' as const),
        (values, window, kind, ties) => {
          const rolling = new RollingExtremum(window, kind, ties);
          values.forEach((x, i) => {
            const expected = scan(values, i, window, kind, ties);
            expect(rolling.peek(x)).toBe(expected.value);
            expect(rolling.peekAge(x)).toBe(expected.age);
            rolling.push(x);
            expect(rolling.value).toBe(expected.value);
            expect(rolling.age).toBe(expected.age);
          });
        },
      ),
    );
  });

  it('snapshot → JSON → restore continues identically', () => {
    const values = [5, 1, 5, 3, 9, 9, 2, 8, 1, 7, 7, 0];
    const a = new RollingExtremum(4, 'max');
    values.slice(0, 6).forEach((x) => a.push(x));
    const b = new RollingExtremum(4, 'max');
    b.restore(JSON.parse(JSON.stringify(a.snapshot())) as ReturnType<RollingExtremum['snapshot']>);
    for (const x of values.slice(6)) {
      a.push(x);
      b.push(x);
      expect([b.value, b.age]).toEqual([a.value, a.age]);
    }
  });
});
