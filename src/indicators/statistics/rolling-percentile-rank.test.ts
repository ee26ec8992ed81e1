import { describe, expect, it } from 'vitest';
import { indicatorContract } from '../../../test/contract/operator-contract.js';
import { expectSeriesClose } from '../../../test/indicators/close-to.js';
import { randomWalk } from '../../../test/indicators/synthetic-series.js';
import { RollingPercentileRank } from './rolling-percentile-rank.js';
import { TTR_DATASETS, expectMatchesTtr, loadBars, loadColumn, stream } from '../../../test/indicators/ttr-fixture.js';

// Independent batch recomputation: count the window by brute force.
function batchRank(values: readonly number[], period: number, equalWeight: number): Array<number | null> {
  return values.map((x, i) => {
    if (i + 1 < period) return null;
    const window = values.slice(i + 1 - period, i + 1);
    const less = window.filter((v) => v < x).length;
    const equal = window.filter((v) => v === x).length;
    return (less + equalWeight * equal) / period;
  });
}

// A walk on a coarse tick so that equal values are common.
const prices = randomWalk(500, 'rank', 10);

indicatorContract('percentrank_20', { create: () => new RollingPercentileRank(20), inputs: prices });

describe('RollingPercentileRank', () => {
  it('matches a brute-force count, for several equal-value weights', () => {
    for (const equalWeight of [0, 0.5, 1]) {
      const rank = new RollingPercentileRank(20, { equalWeight });
      expectSeriesClose(
        prices.map((x) => rank.next(x)),
        batchRank(prices, 20, equalWeight),
        { relative: 0, absolute: 1e-15 },
        `equalWeight ${equalWeight}`,
      );
    }
  });

  it('ranks the extremes of a window at the ends of [0, 1]', () => {
    const rank = new RollingPercentileRank(4, { equalWeight: 1 });
    const out = [1, 2, 3, 4, 5, 0].map((x) => rank.next(x));
    expect(out).toEqual([null, null, null, 1, 1, 0.25]);
  });

  it('rejects an equal-value weight outside [0, 1]', () => {
    expect(() => new RollingPercentileRank(10, { equalWeight: 2 })).toThrow(/equalWeight/);
  });
});

describe('RollingPercentileRank against TTR::runPercentRank', () => {
  for (const dataset of TTR_DATASETS) {
    const closes = loadBars(dataset).map((b) => b.close);
    for (const period of [20, 260]) {
      it(`${dataset}: runPercentRank(cl, ${period})`, () => {
        expectMatchesTtr(
          stream(new RollingPercentileRank(period), closes),
          loadColumn(dataset, `percent_rank_${period}.csv`),
          {
            label: `percentrank_${period}`,
            tolerance: 0,
          },
        );
      });
    }
  }
});
