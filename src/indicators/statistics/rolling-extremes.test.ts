import { describe, it } from 'vitest';
import { indicatorContract } from '../../../test/contract/operator-contract.js';
import { expectSeriesClose } from '../../../test/indicators/close-to.js';
import { randomWalk } from '../../../test/indicators/synthetic-series.js';
import { RollingMax } from './rolling-max.js';
import { RollingMin } from './rolling-min.js';
import { TTR_DATASETS, expectMatchesTtr, loadBars, loadColumn, stream } from '../../../test/indicators/ttr-fixture.js';

// Independent batch recomputation: scan each window.
function batchExtreme(
  values: readonly number[],
  period: number,
  pick: (...v: number[]) => number,
): Array<number | null> {
  return values.map((_, i) => (i + 1 < period ? null : pick(...values.slice(i + 1 - period, i + 1))));
}

const prices = randomWalk(400, 'extremes', 20);

indicatorContract('max_14', { create: () => new RollingMax(14), inputs: prices });
indicatorContract('min_14', { create: () => new RollingMin(14), inputs: prices });
indicatorContract('max_1', { create: () => new RollingMax(1), inputs: prices.slice(0, 20) });

describe('RollingMax / RollingMin', () => {
  it('match a scan of each window', () => {
    for (const period of [1, 2, 14, 50]) {
      const max = new RollingMax(period);
      const min = new RollingMin(period);
      expectSeriesClose(
        prices.map((x) => max.next(x)),
        batchExtreme(prices, period, Math.max),
        { relative: 0 },
        `max ${period}`,
      );
      expectSeriesClose(
        prices.map((x) => min.next(x)),
        batchExtreme(prices, period, Math.min),
        { relative: 0 },
        `min ${period}`,
      );
    }
  });
});

describe('RollingMax / RollingMin against TTR (runMax/runMin inside DonchianChannel(HL, 20))', () => {
  for (const dataset of TTR_DATASETS) {
    const bars = loadBars(dataset);
    it(`${dataset}: highest high and lowest low of 20 bars`, () => {
      const high = stream(
        new RollingMax(20),
        bars.map((b) => b.high),
      );
      const low = stream(
        new RollingMin(20),
        bars.map((b) => b.low),
      );
      expectMatchesTtr(high, loadColumn(dataset, 'donchian_20.csv', 'high'), { label: 'max', tolerance: 0 });
      expectMatchesTtr(low, loadColumn(dataset, 'donchian_20.csv', 'low'), { label: 'min', tolerance: 0 });
    });
  }
});
