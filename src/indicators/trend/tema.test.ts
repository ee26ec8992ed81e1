import { describe, expect, it } from 'vitest';
import { indicatorContract } from '../../../test/contract/operator-contract.js';
import { TTR_DATASETS, expectMatchesTtr, loadBars, loadColumn, stream } from '../../../test/indicators/ttr-fixture.js';
import { walkCloses } from '../../../test/indicators/trend-series.js';
import { TEMA } from './tema.js';

indicatorContract('tema_10', { create: () => new TEMA(10), inputs: walkCloses(100) });

describe('TEMA against TTR (3·EMA − 3·EMA(EMA) + EMA(EMA(EMA)) with TTR::EMA)', () => {
  for (const dataset of TTR_DATASETS) {
    it(`${dataset}: TEMA(20)`, () => {
      const closes = loadBars(dataset).map((bar) => bar.close);
      const report = expectMatchesTtr(stream(new TEMA(20), closes), loadColumn(dataset, 'tema_20.csv'), {
        label: `${dataset} tema_20`,
      });
      expect(report.firstActual).toBe(57);
    });
  }
});
