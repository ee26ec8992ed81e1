import { describe, expect, it } from 'vitest';
import { indicatorContract } from '../../../test/contract/operator-contract.js';
import {
  TTR_DATASETS,
  expectMatchesTtr,
  field,
  loadBars,
  loadReference,
  scaled,
  stream,
} from '../../../test/indicators/ttr-fixture.js';
import { walkCloses } from '../../../test/indicators/trend-series.js';
import { StochasticRSI } from './stochastic-rsi.js';

indicatorContract('stochrsi_14_14_3_3', {
  create: () => new StochasticRSI(),
  inputs: walkCloses(100, { flatEvery: 50, flatLength: 20 }),
});

describe('Stochastic RSI against TTR::stoch(RSI(cl, 14), 14, 3, 3)', () => {
  for (const dataset of TTR_DATASETS) {
    it(`${dataset}: %K = fastD, %D = slowD (× 100)`, () => {
      const closes = loadBars(dataset).map((bar) => bar.close);
      const ttr = loadReference(dataset, 'stochrsi_14_14_3_3.csv');
      const fraction = stream(new StochasticRSI(14, 14, 3, 3, { scale: 'fraction' }), closes);
      expectMatchesTtr(field(fraction, 'k'), ttr.fastD ?? [], { label: `${dataset} stochrsi k`, warmUpOffset: 2 });
      expectMatchesTtr(field(fraction, 'd'), ttr.slowD ?? [], { label: `${dataset} stochrsi d` });
      const percent = stream(new StochasticRSI(), closes);
      const report = expectMatchesTtr(field(percent, 'd'), scaled(ttr.slowD ?? [], 100), {
        label: `${dataset} stochrsi d percent`,
      });
      expect(report.firstActual).toBe(14 + 13 + 2 + 2);
    });
  }
});
