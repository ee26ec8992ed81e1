import { describe, expect, it } from 'vitest';
import { indicatorContract } from '../../../test/contract/operator-contract.js';
import { TTR_DATASETS, expectMatchesTtr, loadBars, loadColumn, stream } from '../../../test/indicators/ttr-fixture.js';
import { walkBars } from '../../../test/indicators/trend-series.js';
import { EVWMA } from './evwma.js';

indicatorContract('evwma_10', { create: () => new EVWMA(10), inputs: walkBars(50) });

describe('EVWMA against TTR::EVWMA', () => {
  for (const dataset of TTR_DATASETS) {
    it(`${dataset}: EVWMA(cl, v, 20)`, () => {
      const report = expectMatchesTtr(stream(new EVWMA(20), loadBars(dataset)), loadColumn(dataset, 'evwma_20.csv'), {
        label: `${dataset} evwma_20`,
      });
      expect(report.compared).toBeGreaterThan(1900);
    });
  }

  it('moves toward the close by the bar’s share of the window volume; no volume, no move', () => {
    const evwma = new EVWMA(2);
    expect(evwma.next({ close: 10, volume: 1 })).toBeNull();
    expect(evwma.next({ close: 12, volume: 1 })).toBe(12);
    expect(evwma.next({ close: 20, volume: 3 })).toBe(((4 - 3) * 12 + 3 * 20) / 4);
    const quiet = new EVWMA(1);
    quiet.next({ close: 5, volume: 0 });
    expect(quiet.next({ close: 7, volume: 0 })).toBe(5);
  });
});
