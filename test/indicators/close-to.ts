/**
 * Comparison of a streamed series with a reference series (a batch recomputation or an oracle):
 * null where the reference is null (warm-up), and within a relative tolerance elsewhere.
 */
import { expect } from 'vitest';

export interface Tolerance {
  /** Allowed |actual − expected| / |expected|. */
  readonly relative?: number;
  /** Allowed |actual − expected| when that is looser (for values that can be exactly 0). */
  readonly absolute?: number;
}

/** Worst relative error (after the absolute allowance) of `actual` against `expected`; asserts nulls line up. */
export function expectSeriesClose(
  actual: ReadonlyArray<number | null>,
  expected: ReadonlyArray<number | null>,
  tolerance: Tolerance = {},
  label = 'series',
): void {
  const relative = tolerance.relative ?? 1e-9;
  const absolute = tolerance.absolute ?? 0;
  expect(actual.length, `${label}: length`).toBe(expected.length);
  let compared = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] ?? null;
    const a = actual[i] ?? null;
    if (e === null) {
      expect(a, `${label}[${i}] should be warming up`).toBeNull();
      continue;
    }
    expect(a, `${label}[${i}] should have a value`).not.toBeNull();
    const error = Math.abs((a as number) - e);
    if (error > absolute && error > relative * Math.abs(e)) {
      expect.fail(`${label}[${i}]: got ${a}, expected ${e} (relative error ${error / Math.abs(e)})`);
    }
    compared++;
  }
  expect(compared, `${label}: compared no values`).toBeGreaterThan(0);
}
