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
import { walkCloses } from '../../../test/indicators/trend-series.js';
import { RateOfChange } from './rate-of-change.js';

indicatorContract('roc_10', { create: () => new RateOfChange(10), inputs: walkCloses(40) });
indicatorContract('roc_3_continuous', { create: () => new RateOfChange(3, 'continuous'), inputs: walkCloses(20) });

describe('ROC against TTR::ROC', () => {
  for (const dataset of TTR_DATASETS) {
    const closes = loadBars(dataset).map((bar) => bar.close);
    it(`${dataset}: discrete, continuous and percent (= 100 × discrete)`, () => {
      const discrete = loadColumn(dataset, 'roc_10_discrete.csv');
      expectMatchesTtr(stream(new RateOfChange(10, 'discrete'), closes), discrete, {
        label: `${dataset} roc discrete`,
      });
      expectMatchesTtr(
        stream(new RateOfChange(10, 'continuous'), closes),
        loadColumn(dataset, 'roc_10_continuous.csv'),
        {
          label: `${dataset} roc continuous`,
        },
      );
      const report = expectMatchesTtr(stream(new RateOfChange(10), closes), scaled(discrete, 100), {
        label: `${dataset} roc percent`,
      });
      expect(report.firstActual).toBe(10);
    });
  }

  it('names the non-default types', () => {
    expect(new RateOfChange(10).name).toBe('roc_10');
    expect(new RateOfChange(10, 'continuous').name).toBe('roc_10_continuous');
  });
});
