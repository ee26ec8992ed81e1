import { describe, expect, it } from 'vitest';
import { indicatorContract } from '../../../test/contract/operator-contract.js';
import { TTR_DATASETS, expectMatchesTtr, loadBars, loadColumn, stream } from '../../../test/indicators/ttr-fixture.js';
import { walkCloses } from '../../../test/indicators/trend-series.js';
import { DEMA } from './dema.js';

indicatorContract('dema_10', { create: () => new DEMA(10), inputs: walkCloses(80) });

describe('DEMA against TTR::DEMA', () => {
  for (const dataset of TTR_DATASETS) {
    it(`${dataset}: DEMA(20)`, () => {
      const closes = loadBars(dataset).map((bar) => bar.close);
      const report = expectMatchesTtr(stream(new DEMA(20), closes), loadColumn(dataset, 'dema_20.csv'), {
        label: `${dataset} dema_20`,
      });
      expect(report.firstActual).toBe(38);
    });
  }
});
