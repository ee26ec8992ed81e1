import { describe, expect, it } from 'vitest';
import { Random } from '../../core/random.js';
import type { VectorPoint } from '../detector.js';
import { DEFAULT_MEDIAN_SHIFT, MedianShiftDetector, type MedianShiftConfig } from './median-shift.js';

/** Oracle: medians and MADs by sorting copies (no shared code with the sorted windows). */
const mid = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const mad = (xs: readonly number[]): number => {
  const c = mid(xs);
  return 1.4826 * mid(xs.map((x) => Math.abs(x - c)));
};

const point = (ts: number, x: number): VectorPoint => ({ ts, values: [x], names: ['x'] });
const config = (changes: Partial<MedianShiftConfig>): MedianShiftConfig => ({
  ...DEFAULT_MEDIAN_SHIFT,
  shortWindow: 5,
  longWindow: 60,
  minLong: 30,
  ...changes,
});

/** Scores of a stream, score before learn (null while warming up). */
function run(detector: MedianShiftDetector, xs: readonly number[]): Array<number | null> {
  return xs.map((x, i) => {
    const raw = detector.score(point(i, x))?.raw ?? null;
    detector.learn(point(i, x));
    return raw;
  });
}

describe('MedianShiftDetector', () => {
  const random = new Random('median-shift');
  const xs = Array.from({ length: 300 }, () => 1 + 0.2 * random.studentT(4));

  it('scale medians: the robust z of the short median against the last longWindow short medians', () => {
    const c = config({ direction: 'both' });
    const scores = run(new MedianShiftDetector(c), xs);
    const medians: number[] = []; // short medians as the baseline learns them
    xs.forEach((x, i) => {
      const baseline = medians.slice(-c.longWindow);
      if (baseline.length < c.minLong) expect(scores[i]).toBeNull();
      else {
        const recent = mid([...xs.slice(Math.max(0, i - c.shortWindow + 1), i), x]);
        expect(scores[i]).toBeCloseTo((recent - mid(baseline)) / mad(baseline), 10);
      }
      if (i >= c.shortWindow - 1) medians.push(mid(xs.slice(i - c.shortWindow + 1, i + 1)));
    });
  });

  it('scale values: the normal z of the short median against the last longWindow values', () => {
    const c = config({ direction: 'both', scale: 'values' });
    const scores = run(new MedianShiftDetector(c), xs);
    xs.forEach((x, i) => {
      const baseline = xs.slice(Math.max(0, i - c.longWindow), i);
      if (baseline.length < c.minLong) expect(scores[i]).toBeNull();
      else {
        const recent = mid([...xs.slice(i - c.shortWindow + 1, i), x]);
        const se = (mad(baseline) * 1.2533) / Math.sqrt(c.shortWindow);
        expect(scores[i]).toBeCloseTo((recent - mid(baseline)) / se, 10);
      }
    });
  });

  it('flags a sustained tripling within a few values, ignores two extreme values, and stops soon after the end', () => {
    const detector = new MedianShiftDetector(config({}));
    const level = [...xs.slice(0, 200)];
    level[150] = 50; // a crash: two extreme values in a row
    level[151] = 40;
    const regime = xs.slice(200, 240).map((x) => 3 * x);
    const after = xs.slice(240, 300);
    const triggered = run(detector, [...level, ...regime, ...after]).map((raw) => raw !== null && raw >= 4);
    expect(triggered.slice(100, 200).some(Boolean)).toBe(false);
    const first = triggered.indexOf(true, 200);
    expect(first).toBeGreaterThanOrEqual(200);
    expect(first).toBeLessThan(200 + 5); // the short median needs three of five values in the regime
    expect(triggered.slice(240 + 3).some(Boolean)).toBe(false); // three values back, the median is back
  });

  it('keeps rises only with direction up, falls only with down', () => {
    const drop = [...xs.slice(0, 200), ...xs.slice(200, 230).map((x) => x / 3)];
    const up = run(new MedianShiftDetector(config({})), drop);
    const down = run(new MedianShiftDetector(config({ direction: 'down' })), drop);
    expect(Math.max(...up.slice(203).map((r) => r ?? 0))).toBe(0); // once the median is in the drop
    expect(Math.min(...down.slice(200).map((r) => r ?? 0))).toBeLessThan(-4);
  });

  it('restores a snapshot to the same scores', () => {
    const a = new MedianShiftDetector(config({}));
    run(a, xs.slice(0, 150));
    const b = new MedianShiftDetector(config({}));
    b.restore(structuredClone(a.snapshot()));
    expect(run(b, xs.slice(150))).toEqual(run(a, xs.slice(150)));
  });

  it('rejects impossible windows and options, naming the values', () => {
    expect(() => new MedianShiftDetector(config({ shortWindow: 1 }))).toThrow(/shortWindow must be an integer ≥ 2/);
    expect(() => new MedianShiftDetector(config({ longWindow: 5 }))).toThrow(
      /longWindow must be an integer > shortWindow/,
    );
    expect(() => new MedianShiftDetector(config({ minLong: 61 }))).toThrow(/minLong/);
    expect(() => new MedianShiftDetector(config({ direction: 'sideways' }))).toThrow(/up, down or both, got sideways/);
    expect(() => new MedianShiftDetector(config({ scale: 'mean' }))).toThrow(/medians or values, got mean/);
  });
});
