import { describe, expect, it } from 'vitest';
import { indicatorContract } from '../../../test/contract/operator-contract.js';
import { TTR_DATASETS, expectMatchesTtr, loadBars, loadColumn, stream } from '../../../test/indicators/ttr-fixture.js';
import { walkCloses } from '../../../test/indicators/trend-series.js';
import { Momentum } from './momentum.js';

indicatorContract('momentum_10', { create: () => new Momentum(10), inputs: walkCloses(40) });

describe('Momentum against TTR::momentum', () => {
  for (const dataset of TTR_DATASETS) {
    it(`${dataset}: momentum(cl, 10)`, () => {
      const closes = loadBars(dataset).map((bar) => bar.close);
      const report = expectMatchesTtr(stream(new Momentum(10), closes), loadColumn(dataset, 'momentum_10.csv'), {
        label: `${dataset} momentum_10`,
        tolerance: 0,
      });
      expect(report.compared).toBeGreaterThan(1900);
    });
  }
});
