import { describe, expect, it } from 'vitest';
import { indicatorContract } from '../../../test/contract/operator-contract.js';
import { TTR_DATASETS, expectMatchesTtr, loadBars, loadColumn, stream } from '../../../test/indicators/ttr-fixture.js';
import { walkBars } from '../../../test/indicators/trend-series.js';
import { CCI } from './cci.js';

indicatorContract('cci_20', { create: () => new CCI(20), inputs: walkBars(80, { flatEvery: 40, flatLength: 22 }) });

describe('CCI against TTR::CCI', () => {
  for (const dataset of TTR_DATASETS) {
    it(`${dataset}: CCI(HLC, 20)`, () => {
      const report = expectMatchesTtr(stream(new CCI(20), loadBars(dataset)), loadColumn(dataset, 'cci_20.csv'), {
        label: `${dataset} cci_20`,
      });
      expect(report.compared).toBeGreaterThan(1900);
    });
  }

  it('a window without deviation gives 0 (TTR: NaN)', () => {
    const cci = new CCI(3);
    const flat = { high: 2, low: 2, close: 2 };
    expect(stream(cci, [flat, flat, flat]).at(-1)).toBe(0);
  });
});
