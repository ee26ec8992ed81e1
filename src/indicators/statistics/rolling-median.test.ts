import { describe, it } from 'vitest';
import { indicatorContract } from '../../../test/contract/operator-contract.js';
import { expectSeriesClose } from '../../../test/indicators/close-to.js';
import { randomWalk } from '../../../test/indicators/synthetic-series.js';
import { RollingMAD } from './rolling-mad.js';
import { RollingMedian } from './rolling-median.js';
import { TTR_DATASETS, expectMatchesTtr, loadBars, loadColumn, stream } from '../../../test/indicators/ttr-fixture.js';

// Independent batch recomputation: sort each window.
function sortedMedian(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}
function batch(values: readonly number[], period: number, stat: (w: number[]) => number): Array<number | null> {
  return values.map((_, i) => (i + 1 < period ? null : stat(values.slice(i + 1 - period, i + 1))));
}
const batchMad = (w: number[]): number => {
  const center = sortedMedian(w);
  return 1.4826 * sortedMedian(w.map((v) => Math.abs(v - center)));
};

const prices = randomWalk(400, 'median', 10);

indicatorContract('median_20', { create: () => new RollingMedian(20), inputs: prices });
indicatorContract('median_7', { create: () => new RollingMedian(7), inputs: prices });
indicatorContract('mad_20', { create: () => new RollingMAD(20), inputs: prices });
indicatorContract('mad_7', { create: () => new RollingMAD(7), inputs: prices });

describe('RollingMedian / RollingMAD', () => {
  it('match a sort of each window, for even and odd windows', () => {
    for (const period of [1, 2, 7, 20]) {
      const median = new RollingMedian(period);
      const mad = new RollingMAD(period);
      expectSeriesClose(
        prices.map((x) => median.next(x)),
        batch(prices, period, sortedMedian),
        { relative: 0 },
        `median ${period}`,
      );
      expectSeriesClose(
        prices.map((x) => mad.next(x)),
        batch(prices, period, batchMad),
        { relative: 0 },
        `mad ${period}`,
      );
    }
  });

  it('scales the raw MAD by the given factor', () => {
    const raw = new RollingMAD(9, { scale: 1 });
    const expected = batch(prices, 9, (w) => sortedMedian(w.map((v) => Math.abs(v - sortedMedian(w)))));
    expectSeriesClose(
      prices.map((x) => raw.next(x)),
      expected,
      { relative: 0 },
    );
  });
});

describe('RollingMedian / RollingMAD against TTR::runMedian, runMAD', () => {
  for (const dataset of TTR_DATASETS) {
    const closes = loadBars(dataset).map((b) => b.close);
    it(`${dataset}: runMedian(cl, 20) and runMAD(cl, 20)`, () => {
      expectMatchesTtr(stream(new RollingMedian(20), closes), loadColumn(dataset, 'runmedian_20.csv'), {
        label: 'median',
      });
      expectMatchesTtr(stream(new RollingMAD(20), closes), loadColumn(dataset, 'runmad_20.csv'), { label: 'mad' });
    });
  }
});
