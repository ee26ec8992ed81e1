import { describe, expect, it } from 'vitest';
import { indicatorContract } from '../../../test/contract/operator-contract.js';
import {
  TTR_DATASETS,
  expectMatchesTtr,
  loadBars,
  loadColumn,
  scaled,
  stream,
} from '../../../test/indicators/ttr-fixture.js';
import { walkBars } from '../../../test/indicators/trend-series.js';
import { WilliamsR } from './williams-r.js';

indicatorContract('willr_14', {
  create: () => new WilliamsR(14),
  inputs: walkBars(60, { flatEvery: 25, flatLength: 16 }),
});

describe('Williams %R against TTR::WPR', () => {
  for (const dataset of TTR_DATASETS) {
    const bars = loadBars(dataset);
    const ttr = loadColumn(dataset, 'wpr_14.csv');
    it(`${dataset}: fraction scale equals WPR; the default is −100 × WPR`, () => {
      expectMatchesTtr(stream(new WilliamsR(14, { scale: 'fraction' }), bars), ttr, {
        label: `${dataset} wpr fraction`,
      });
      const report = expectMatchesTtr(stream(new WilliamsR(14), bars), scaled(ttr, -100), {
        label: `${dataset} willr`,
      });
      expect(report.compared).toBeGreaterThan(1900);
    });
  }

  it('the close at the high is 0, at the low −100, an empty range −50', () => {
    expect(new WilliamsR(1).next({ high: 5, low: 4, close: 5 })).toBe(-0);
    expect(new WilliamsR(1).next({ high: 5, low: 4, close: 4 })).toBe(-100);
    expect(new WilliamsR(1).next({ high: 5, low: 5, close: 5 })).toBe(-50);
  });
});
