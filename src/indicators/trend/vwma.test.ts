import { describe, expect, it } from 'vitest';
import { indicatorContract } from '../../../test/contract/operator-contract.js';
import { TTR_DATASETS, expectMatchesTtr, loadBars, loadColumn, stream } from '../../../test/indicators/ttr-fixture.js';
import { walkBars } from '../../../test/indicators/trend-series.js';
import { VWMA } from './vwma.js';

indicatorContract('vwma_10', { create: () => new VWMA(10), inputs: walkBars(60) });

describe('VWMA against TTR::VWMA', () => {
  for (const dataset of TTR_DATASETS) {
    it(`${dataset}: VWMA(20)`, () => {
      const report = expectMatchesTtr(stream(new VWMA(20), loadBars(dataset)), loadColumn(dataset, 'vwma_20.csv'), {
        label: `${dataset} vwma_20`,
      });
      expect(report.compared).toBeGreaterThan(1000);
    });
  }
});

describe('VWMA edge cases', () => {
  it('weights by volume', () => {
    const vwma = new VWMA(2);
    vwma.next({ close: 10, volume: 1 });
    expect(vwma.next({ close: 20, volume: 3 })).toBe(17.5);
  });

  it('a window without volume gives the plain mean of its closes (TTR: NaN)', () => {
    const vwma = new VWMA(2);
    vwma.next({ close: 10, volume: 5 });
    vwma.next({ close: 11, volume: 0 });
    expect(vwma.next({ close: 13, volume: 0 })).toBe(12);
  });
});
