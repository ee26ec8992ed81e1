import { describe, expect, it } from 'vitest';
import { indicatorContract } from '../../../test/contract/operator-contract.js';
import { TTR_DATASETS, expectMatchesTtr, loadBars, loadColumn, stream } from '../../../test/indicators/ttr-fixture.js';
import { walkCloses } from '../../../test/indicators/trend-series.js';
import { RSI } from './rsi.js';

indicatorContract('rsi_14', { create: () => new RSI(14), inputs: walkCloses(80, { flatEvery: 30, flatLength: 20 }) });

describe('RSI against TTR::RSI', () => {
  for (const dataset of TTR_DATASETS) {
    const closes = loadBars(dataset).map((bar) => bar.close);
    for (const period of [14, 2]) {
      it(`${dataset}: RSI(${period})`, () => {
        // Should TTR ever divide 0 by 0 (no gain and no loss in its averages), tickwatch says 50.
        const report = expectMatchesTtr(stream(new RSI(period), closes), loadColumn(dataset, `rsi_${period}.csv`), {
          label: `${dataset} rsi_${period}`,
          whereTtrIsNaN: 50,
        });
        expect(report.compared).toBeGreaterThan(1900);
      });
    }
  }
});

describe('RSI definition', () => {
  it('is 100 after only gains, 0 after only losses, 50 with no change', () => {
    const rising = new RSI(3);
    expect(stream(rising, [1, 2, 3, 4]).at(-1)).toBe(100);
    expect(stream(new RSI(3), [4, 3, 2, 1]).at(-1)).toBe(0);
    expect(stream(new RSI(3), [2, 2, 2, 2]).at(-1)).toBe(50);
  });
});
