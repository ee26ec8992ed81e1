import { describe, expect, it } from 'vitest';
import { indicatorContract } from '../../../test/contract/operator-contract.js';
import { TTR_DATASETS, expectMatchesTtr, loadBars, loadColumn, stream } from '../../../test/indicators/ttr-fixture.js';
import { walkCloses } from '../../../test/indicators/trend-series.js';
import { HMA } from './hma.js';

indicatorContract('hma_9', { create: () => new HMA(9), inputs: walkCloses(60) });

describe('HMA against TTR::HMA', () => {
  for (const dataset of TTR_DATASETS) {
    const closes = loadBars(dataset).map((bar) => bar.close);
    for (const period of [20, 9]) {
      it(`${dataset}: HMA(${period})`, () => {
        const report = expectMatchesTtr(stream(new HMA(period), closes), loadColumn(dataset, `hma_${period}.csv`), {
          label: `${dataset} hma_${period}`,
        });
        expect(report.compared).toBeGreaterThan(1000);
      });
    }
  }
});
