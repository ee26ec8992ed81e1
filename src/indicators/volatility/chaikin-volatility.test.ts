import { describe, it } from 'vitest';
import { indicatorContract } from '../../../test/contract/operator-contract.js';
import { randomBars } from '../../../test/indicators/synthetic-series.js';
import {
  TTR_DATASETS,
  expectMatchesTtr,
  loadBars,
  loadColumn,
  scaled,
  stream,
} from '../../../test/indicators/ttr-fixture.js';
import { ChaikinVolatility } from './chaikin-volatility.js';

indicatorContract('chaikin_volatility_10', {
  create: () => new ChaikinVolatility(10),
  inputs: randomBars(200, 'chaikin-vol'),
});

describe('ChaikinVolatility against TTR::chaikinVolatility', () => {
  for (const dataset of TTR_DATASETS) {
    const input = loadBars(dataset);
    const ttr = loadColumn(dataset, 'chaikin_volatility_10.csv');
    it(`${dataset}: fraction (TTR's convention)`, () => {
      expectMatchesTtr(stream(new ChaikinVolatility(10, { percent: false }), input), ttr, { label: 'fraction' });
    });
    it(`${dataset}: percent (the default)`, () => {
      expectMatchesTtr(stream(new ChaikinVolatility(10), input), scaled(ttr, 100), { label: 'percent' });
    });
  }
});
