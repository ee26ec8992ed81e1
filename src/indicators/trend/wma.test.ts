import { describe, expect, it } from 'vitest';
import { indicatorContract } from '../../../test/contract/operator-contract.js';
import { TTR_DATASETS, expectMatchesTtr, loadBars, loadColumn, stream } from '../../../test/indicators/ttr-fixture.js';
import { relativeDifference, walkCloses } from '../../../test/indicators/trend-series.js';
import { WMA } from './wma.js';

indicatorContract('wma_20', { create: () => new WMA(20), inputs: walkCloses(100) });

describe('WMA against TTR::WMA', () => {
  for (const dataset of TTR_DATASETS) {
    it(`${dataset}: WMA(20)`, () => {
      const closes = loadBars(dataset).map((bar) => bar.close);
      const report = expectMatchesTtr(stream(new WMA(20), closes), loadColumn(dataset, 'wma_20.csv'), {
        label: `${dataset} wma_20`,
      });
      expect(report.compared).toBeGreaterThan(1000);
    });
  }
});

describe('WMA over a long stream', () => {
  function worstAgainstDirectSum(closes: readonly number[], n: number, from: number): number {
    const wma = new WMA(n);
    let worst = 0;
    closes.forEach((x, i) => {
      const value = wma.next(x);
      if (i < Math.max(n - 1, from)) return;
      let weighted = 0;
      for (let k = 1; k <= n; k++) weighted += k * (closes[i - n + k] as number);
      worst = Math.max(worst, relativeDifference(value as number, weighted / ((n * (n + 1)) / 2)));
    });
    return worst;
  }

  it('the O(1) update stays within 1e-13 of a direct weighted sum over 100k inputs', () => {
    expect(worstAgainstDirectSum(walkCloses(100_000, { seed: 'wma-drift' }), 20, 0)).toBeLessThan(1e-13);
  });

  it('recovers full precision after a 1e6 level shift (re-anchoring; no lasting drift)', () => {
    const closes = walkCloses(100_000, { levelShift: 1e6, seed: 'wma-drift' });
    // While the window straddles the shift, errors are relative to the large values…
    expect(worstAgainstDirectSum(closes, 20, 0)).toBeLessThan(1e-9);
    // …and once the large values are 2n inputs gone, nothing of them remains.
    expect(worstAgainstDirectSum(closes, 20, Math.ceil((2 * 100_000) / 3) + 40)).toBeLessThan(1e-13);
  });
});
