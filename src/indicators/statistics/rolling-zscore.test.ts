import { describe, expect, it } from 'vitest';
import { indicatorContract } from '../../../test/contract/operator-contract.js';
import { expectSeriesClose } from '../../../test/indicators/close-to.js';
import { randomWalk } from '../../../test/indicators/synthetic-series.js';
import { RollingZScore } from './rolling-zscore.js';
import { TTR_DATASETS, expectMatchesTtr, loadBars, loadColumn, stream } from '../../../test/indicators/ttr-fixture.js';

// Independent batch recomputation: two-pass mean and deviation of each window.
function batchZScore(values: readonly number[], period: number, ddof: 0 | 1): Array<number | null> {
  return values.map((x, i) => {
    if (i + 1 < period) return null;
    const window = values.slice(i + 1 - period, i + 1);
    const mean = window.reduce((a, b) => a + b, 0) / period;
    const sd = Math.sqrt(window.reduce((a, v) => a + (v - mean) ** 2, 0) / (period - ddof));
    return sd === 0 ? 0 : (x - mean) / sd;
  });
}

const prices = randomWalk(400, 'zscore');

indicatorContract('zscore_20', { create: () => new RollingZScore(20), inputs: prices });

describe('RollingZScore', () => {
  it('matches a batch recomputation, sample and population deviation', () => {
    const sample = new RollingZScore(20);
    const population = new RollingZScore(20, { deviation: 'population' });
    expectSeriesClose(
      prices.map((x) => sample.next(x)),
      batchZScore(prices, 20, 1),
      { relative: 1e-9, absolute: 1e-9 },
    );
    expectSeriesClose(
      prices.map((x) => population.next(x)),
      batchZScore(prices, 20, 0),
      { relative: 1e-9, absolute: 1e-9 },
    );
  });

  it('stays on the batch values over a 100k-point series (no drift)', () => {
    const long = randomWalk(100_000, 'zscore-long');
    const z = new RollingZScore(50);
    const streamed = long.map((x) => z.next(x));
    const tail = 1000;
    expectSeriesClose(streamed.slice(-tail), batchZScore(long, 50, 1).slice(-tail), { relative: 1e-9, absolute: 1e-9 });
  });

  it('gives 0 on a flat window instead of NaN or a huge number from rounding noise', () => {
    const z = new RollingZScore(5);
    const out = [0.1, 0.1, 0.1, 0.1, 0.1, 0.1].map((x) => z.next(x));
    expect(out.slice(4)).toEqual([0, 0]);
  });

  it('rejects a period below 2', () => {
    expect(() => new RollingZScore(1)).toThrow(/≥ 2/);
  });
});

describe('RollingZScore against TTR: (cl - runMean(cl, 20)) / runSD(cl, 20, sample)', () => {
  for (const dataset of TTR_DATASETS) {
    const closes = loadBars(dataset).map((b) => b.close);
    it(`${dataset}: sample and population deviation`, () => {
      expectMatchesTtr(stream(new RollingZScore(20), closes), loadColumn(dataset, 'zscore_20_sample.csv'), {
        label: 'sample',
      });
      expectMatchesTtr(
        stream(new RollingZScore(20, { deviation: 'population' }), closes),
        loadColumn(dataset, 'zscore_20_population.csv'),
        { label: 'population' },
      );
    });
  }
});
