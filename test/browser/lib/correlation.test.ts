/** Client-side correlation (web/src/lib/correlation.ts) against a direct computation and constructed breaks. */
import { describe, expect, it } from 'vitest';
import { correlationMatrix, pearson } from '../../../web/src/lib/correlation.js';

function series(symbol: string, returns: readonly number[], startAt = 0) {
  const bars = [{ start: startAt, close: 100 }];
  for (const r of returns)
    bars.push({ start: bars[bars.length - 1]!.start + 60, close: bars[bars.length - 1]!.close * Math.exp(r) });
  return { symbol, bars };
}

/** Deterministic pseudo-random returns (a linear congruential generator). */
function noise(count: number, seed: number): number[] {
  let state = seed;
  return Array.from({ length: count }, () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return (state / 2147483648 - 0.5) * 0.01;
  });
}

describe('pearson', () => {
  it('is 1 for a perfect linear relation, -1 for an inverse one, null without variance', () => {
    expect(pearson([1, 2, 3, 4], [2, 4, 6, 8])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3, 4], [8, 6, 4, 2])).toBeCloseTo(-1, 12);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(pearson([1, 2], [1, 2])).toBeNull();
  });

  it('matches the textbook formula on irregular data', () => {
    const x = [0.3, -1.2, 2.5, 0.7, -0.4, 1.9];
    const y = [0.1, -0.8, 1.7, 1.1, -0.9, 1.2];
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const mx = mean(x);
    const my = mean(y);
    const cov = x.reduce((s, xi, i) => s + (xi - mx) * (y[i]! - my), 0);
    const sx = Math.sqrt(x.reduce((s, xi) => s + (xi - mx) ** 2, 0));
    const sy = Math.sqrt(y.reduce((s, yi) => s + (yi - my) ** 2, 0));
    expect(pearson(x, y)).toBeCloseTo(cov / (sx * sy), 12);
  });
});

describe('correlationMatrix', () => {
  it('aligns returns on common bar starts and flags a break between windows', () => {
    const window = 30;
    const base = noise(2 * window, 7);
    // B follows A for the earlier window, then moves against it: a correlation break.
    const b = base.map((r, i) => (i < window ? r : -r));
    // C is A shifted by an extra leading bar: alignment by time must still pair the same moments.
    const result = correlationMatrix([series('A', base), series('B', b), series('C', [0.001, ...base], -60)], window);
    expect(result.symbols).toEqual(['A', 'B', 'C']);
    const cell = (i: number, j: number) => result.cells[i * 3 + j]!;
    expect(cell(0, 0)).toEqual({ current: 1, previous: 1, isBreak: false });
    expect(cell(0, 1).current).toBeCloseTo(-1, 9);
    expect(cell(0, 1).previous).toBeCloseTo(1, 9);
    expect(cell(0, 1).isBreak).toBe(true);
    expect(cell(1, 0).isBreak).toBe(true);
    expect(cell(0, 2).current).toBeCloseTo(1, 9);
    expect(cell(0, 2).isBreak).toBe(false);
  });

  it('leaves a pair empty when it has too few common bars', () => {
    const result = correlationMatrix([series('A', noise(10, 1)), series('B', noise(10, 2), 10_000)], 5);
    expect(result.cells[1]).toEqual({ current: null, previous: null, isBreak: false });
  });
});
