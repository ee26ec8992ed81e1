import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { median, medianAbsoluteDeviation } from './order-statistics.js';
import { SortedWindow, type SortedSequence } from './sorted-window.js';

const toArray = (s: SortedSequence): number[] => Array.from({ length: s.size }, (_, i) => s.get(i));

// Batch references: sort the window from scratch.
const sortedCopy = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);
function batchMedian(values: readonly number[]): number {
  const s = sortedCopy(values);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

// Small integers make ties (the hard case for ranks and medians) frequent. −0 becomes +0: the two
// are equal to a sort, so their order is arbitrary, and toEqual tells them apart.
const value = fc
  .oneof(fc.integer({ min: -5, max: 5 }), fc.double({ min: -1e6, max: 1e6, noNaN: true }))
  .map((x) => x + 0);

describe('SortedWindow', () => {
  it('keeps the last n values sorted, and view(x) equals the window after push(x)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.array(value, { maxLength: 60 }), (length, values) => {
        const window = new SortedWindow(length);
        values.forEach((x, i) => {
          const viewed = toArray(window.view(x));
          window.push(x);
          const expected = sortedCopy(values.slice(Math.max(0, i + 1 - length), i + 1));
          expect(toArray(window)).toEqual(expected);
          expect(viewed).toEqual(expected);
        });
      }),
    );
  });

  it('counts values below and equal to x', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: -1, max: 5 }),
        (values, x) => {
          const window = new SortedWindow(values.length);
          values.forEach((v) => window.push(v));
          expect(window.countLess(x)).toBe(values.filter((v) => v < x).length);
          expect(window.countEqual(x)).toBe(values.filter((v) => v === x).length);
        },
      ),
    );
  });

  it('snapshot and restore rebuild the same window', () => {
    const window = new SortedWindow(5);
    [3, 1, 4, 1, 5, 9, 2, 6].forEach((x) => window.push(x));
    const copy = new SortedWindow(5);
    copy.restore(JSON.parse(JSON.stringify(window.snapshot())));
    expect(toArray(copy)).toEqual([1, 2, 5, 6, 9]);
    window.push(7);
    copy.push(7);
    expect(toArray(copy)).toEqual(toArray(window));
  });
});

describe('order statistics', () => {
  it('median and MAD equal a sort-based batch computation, on the window and on views', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.array(value, { minLength: 1, maxLength: 50 }),
        (length, values) => {
          const window = new SortedWindow(length);
          values.forEach((x, i) => {
            const expectedWindow = values.slice(Math.max(0, i + 1 - length), i + 1);
            const center = batchMedian(expectedWindow);
            const expectedMad = batchMedian(expectedWindow.map((v) => Math.abs(v - center)));
            const view = window.view(x);
            expect(median(view)).toBe(center);
            expect(medianAbsoluteDeviation(view, center)).toBe(expectedMad);
            window.push(x);
            expect(median(window)).toBe(center);
            expect(medianAbsoluteDeviation(window, center)).toBe(expectedMad);
          });
        },
      ),
    );
  });

  it('MAD around any center is the median of the absolute deviations', () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 25 }), value, (values, center) => {
        const window = new SortedWindow(values.length);
        values.forEach((v) => window.push(v));
        expect(medianAbsoluteDeviation(window, center)).toBe(batchMedian(values.map((v) => Math.abs(v - center))));
      }),
    );
  });
});
