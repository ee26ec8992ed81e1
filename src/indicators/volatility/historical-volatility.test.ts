import { describe, expect, it } from 'vitest';
import { indicatorContract } from '../../../test/contract/operator-contract.js';
import { randomBars, randomWalk } from '../../../test/indicators/synthetic-series.js';
import { TTR_DATASETS, expectMatchesTtr, loadBars, loadColumn, stream } from '../../../test/indicators/ttr-fixture.js';
import { HistoricalVolatility } from './historical-volatility.js';
import { RangeVolatility, type RangeEstimator } from './range-volatility.js';
import { YangZhangVolatility } from './yang-zhang-volatility.js';

const bars = randomBars(300, 'volatility');

indicatorContract('hv_20_252', { create: () => new HistoricalVolatility(20, 252), inputs: randomWalk(200, 'hv') });
for (const estimator of ['parkinson', 'garman-klass', 'rogers-satchell'] as const) {
  indicatorContract(`${estimator}_20`, { create: () => new RangeVolatility(estimator, 20), inputs: bars });
}
indicatorContract('yang_zhang_20', { create: () => new YangZhangVolatility(20), inputs: bars });

const ttrFile: Record<RangeEstimator, string> = {
  parkinson: 'volatility_20_parkinson.csv',
  'garman-klass': 'volatility_20_garman_klass.csv',
  'rogers-satchell': 'volatility_20_rogers_satchell.csv',
};

describe('volatility estimators against TTR::volatility(N = 252)', () => {
  for (const dataset of TTR_DATASETS) {
    const input = loadBars(dataset);
    it(`${dataset}: close-to-close; TTR's n = 20 prices is 19 returns here`, () => {
      const out = stream(
        new HistoricalVolatility(19, 252),
        input.map((b) => b.close),
      );
      const report = expectMatchesTtr(out, loadColumn(dataset, 'volatility_20_close.csv'), { label: 'close' });
      expect(report.compared).toBeGreaterThan(1900);
    });
    for (const estimator of ['parkinson', 'garman-klass', 'rogers-satchell'] as const) {
      it(`${dataset}: ${estimator}`, () => {
        expectMatchesTtr(
          stream(new RangeVolatility(estimator, 20, 252), input),
          loadColumn(dataset, ttrFile[estimator]),
          {
            label: estimator,
          },
        );
      });
    }
    it(`${dataset}: yang-zhang`, () => {
      expectMatchesTtr(
        stream(new YangZhangVolatility(20, 252), input),
        loadColumn(dataset, 'volatility_20_yang_zhang.csv'),
        {
          label: 'yang-zhang',
        },
      );
    });
  }
});

describe('HistoricalVolatility definition', () => {
  it('annualises the sample deviation of log returns', () => {
    const closes = [100, 101, 99, 102];
    const r = closes.slice(1).map((c, i) => Math.log(c / (closes[i] as number)));
    const mean = r.reduce((a, b) => a + b, 0) / 3;
    const sd = Math.sqrt(r.reduce((a, v) => a + (v - mean) ** 2, 0) / 2);
    const out = stream(new HistoricalVolatility(3, 252), closes);
    expect(out.slice(0, 3)).toEqual([null, null, null]);
    expect(out[3]).toBeCloseTo(Math.sqrt(252) * sd, 12);
  });
});
