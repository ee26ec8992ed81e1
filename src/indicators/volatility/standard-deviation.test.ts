import { describe, it } from 'vitest';
import { indicatorContract } from '../../../test/contract/operator-contract.js';
import { expectSeriesClose } from '../../../test/indicators/close-to.js';
import { randomWalk } from '../../../test/indicators/synthetic-series.js';
import { TTR_DATASETS, expectMatchesTtr, loadBars, loadColumn, stream } from '../../../test/indicators/ttr-fixture.js';
import { StandardDeviation } from './standard-deviation.js';

// Independent batch recomputation: two-pass deviation of each window.
function batchSD(values: readonly number[], period: number, ddof: number): Array<number | null> {
  return values.map((_, i) => {
    if (i + 1 < period) return null;
    const w = values.slice(i + 1 - period, i + 1);
    const mean = w.reduce((a, b) => a + b, 0) / period;
    return Math.sqrt(w.reduce((a, v) => a + (v - mean) ** 2, 0) / (period - ddof));
  });
}

indicatorContract('stddev_20', { create: () => new StandardDeviation(20), inputs: randomWalk(200, 'sd') });

describe('StandardDeviation', () => {
  for (const dataset of TTR_DATASETS) {
    const closes = loadBars(dataset).map((b) => b.close);
    it(`${dataset}: matches TTR runSD(cl, 20), sample and population`, () => {
      expectMatchesTtr(stream(new StandardDeviation(20), closes), loadColumn(dataset, 'runsd_20_sample.csv'), {
        label: 'sample',
      });
      expectMatchesTtr(
        stream(new StandardDeviation(20, { deviation: 'population' }), closes),
        loadColumn(dataset, 'runsd_20_population.csv'),
        { label: 'population' },
      );
    });
  }

  it('stays on a two-pass batch recomputation over a 100k-point series', () => {
    const long = randomWalk(100_000, 'sd-long');
    const streamed = stream(new StandardDeviation(30), long);
    expectSeriesClose(streamed.slice(-2000), batchSD(long, 30, 1).slice(-2000), { relative: 1e-9 });
  });
});
