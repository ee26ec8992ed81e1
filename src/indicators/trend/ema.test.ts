import { describe, expect, it } from 'vitest';
import { indicatorContract } from '../../../test/contract/operator-contract.js';
import { TTR_DATASETS, expectMatchesTtr, loadBars, loadColumn, stream } from '../../../test/indicators/ttr-fixture.js';
import { walkCloses } from '../../../test/indicators/trend-series.js';
import { EMA } from './ema.js';

indicatorContract('ema_20', { create: () => new EMA(20), inputs: walkCloses(120) });
indicatorContract('ema_14_wilder', { create: () => new EMA(14, { wilder: true }), inputs: walkCloses(80) });

describe('EMA against TTR::EMA', () => {
  for (const dataset of TTR_DATASETS) {
    const closes = loadBars(dataset).map((bar) => bar.close);
    for (const period of [20, 12]) {
      it(`${dataset}: EMA(${period})`, () => {
        const report = expectMatchesTtr(stream(new EMA(period), closes), loadColumn(dataset, `ema_${period}.csv`), {
          label: `${dataset} ema_${period}`,
        });
        expect(report.compared).toBeGreaterThan(1000);
      });
    }
    it(`${dataset}: EMA(14, wilder = TRUE)`, () => {
      expectMatchesTtr(stream(new EMA(14, { wilder: true }), closes), loadColumn(dataset, 'ema_14_wilder.csv'), {
        label: `${dataset} ema_14_wilder`,
      });
    });
  }
});

describe('EMA definition', () => {
  it('seeds with the simple mean, then applies alpha = 2/(n+1)', () => {
    const ema = new EMA(3);
    expect(ema.next(1)).toBeNull();
    expect(ema.next(2)).toBeNull();
    expect(ema.next(6)).toBeCloseTo(3, 15);
    expect(ema.next(7)).toBeCloseTo(3 + 0.5 * (7 - 3), 15);
  });
});
