import { describe, expect, it } from 'vitest';
import { indicatorContract } from '../../../test/contract/operator-contract.js';
import { loadBars } from '../../../test/indicators/ttr-fixture.js';
import { relativeDifference, walkCloses } from '../../../test/indicators/trend-series.js';
import { KAMA } from './kama.js';

/** Independent batch KAMA: the efficiency ratio re-summed over the window at every step. */
function batchKama(prices: readonly number[], n: number, fast: number, slow: number): Array<number | null> {
  const f = 2 / (fast + 1);
  const s = 2 / (slow + 1);
  const out: Array<number | null> = prices.map(() => null);
  let kama = prices[n - 1] as number;
  for (let t = n; t < prices.length; t++) {
    let volatility = 0;
    for (let k = t - n + 1; k <= t; k++) volatility += Math.abs((prices[k] as number) - (prices[k - 1] as number));
    const change = Math.abs((prices[t] as number) - (prices[t - n] as number));
    const er = volatility === 0 ? 0 : change / volatility;
    const sc = (er * (f - s) + s) ** 2;
    kama = kama + sc * ((prices[t] as number) - kama);
    out[t] = kama;
  }
  return out;
}

function worstDifference(actual: ReadonlyArray<number | null>, expected: ReadonlyArray<number | null>): number {
  let worst = 0;
  expected.forEach((e, i) => {
    const a = actual[i];
    if (e === null || a === null || a === undefined) {
      expect(a ?? null, `input ${i}: warm-up`).toBe(e);
      return;
    }
    worst = Math.max(worst, relativeDifference(a, e));
  });
  return worst;
}

indicatorContract('kama_10_2_30', {
  create: () => new KAMA(10, 2, 30),
  inputs: walkCloses(80, { flatEvery: 30, flatLength: 12 }),
});

describe('KAMA against a batch recomputation (TTR has no KAMA)', () => {
  it('matches on the simulated intraday series (with its halted stretch)', () => {
    const closes = loadBars('sim').map((bar) => bar.close);
    const kama = new KAMA(10, 2, 30);
    expect(
      worstDifference(
        closes.map((x) => kama.next(x)),
        batchKama(closes, 10, 2, 30),
      ),
    ).toBeLessThan(1e-12);
  });

  it('matches over 100k inputs with a 1e6 level shift (no drift in the running volatility)', () => {
    const closes = walkCloses(100_000, { levelShift: 1e6, seed: 'kama-drift' });
    const kama = new KAMA(10, 2, 30);
    expect(
      worstDifference(
        closes.map((x) => kama.next(x)),
        batchKama(closes, 10, 2, 30),
      ),
    ).toBeLessThan(1e-9);
  });

  it('follows a perfect trend at the fast rate and ignores pure noise', () => {
    const trend = new KAMA(3, 2, 30);
    [1, 2, 3].forEach((x) => trend.next(x));
    // ER = 1 → sc = (2/3)² → 3 + 4/9·(4 − 3)
    expect(trend.next(4)).toBeCloseTo(3 + 4 / 9, 14);
    const noise = new KAMA(2, 2, 30);
    [1, 2].forEach((x) => noise.next(x));
    // 1 → 2 → 1: change 0, ER = 0 → slowest rate (2/31)²
    expect(noise.next(1)).toBeCloseTo(2 + (2 / 31) ** 2 * (1 - 2), 14);
  });
});
