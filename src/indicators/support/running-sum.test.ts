import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RunningSum } from './running-sum.js';

describe('RunningSum', () => {
  it('keeps the digits a plain running sum loses', () => {
    const sum = new RunningSum();
    let plain = 0;
    for (const x of [1e16, 1, 1, 1, 1, -1e16]) {
      sum.add(x);
      plain += x;
    }
    expect(sum.value).toBe(4);
    expect(plain).not.toBe(4);
  });

  it('a sliding window returns to exactly the window sum after huge values pass through', () => {
    const sum = new RunningSum();
    const window = [1e15, 3.25, 1e-3];
    for (const x of window) sum.add(x);
    sum.slide(0.5, 1e15); // the huge value leaves
    expect(sum.value).toBe(3.25 + 1e-3 + 0.5);
  });

  it('valueAfter(a, b) equals slide(a, b) then value, to the bit', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e9, max: 1e9, noNaN: true }), { minLength: 2, maxLength: 40 }),
        (values) => {
          const sum = new RunningSum();
          for (let i = 0; i + 1 < values.length; i += 2) {
            const a = values[i] as number;
            const b = values[i + 1] as number;
            const predicted = sum.valueAfter(a, b);
            sum.slide(a, b);
            expect(sum.value).toBe(predicted);
          }
        },
      ),
    );
  });
});
