import { describe, expect, it } from 'vitest';
import { indicatorContract } from '../../../test/contract/operator-contract.js';
import {
  TTR_DATASETS,
  expectMatchesTtr,
  field,
  loadBars,
  loadReference,
  stream,
} from '../../../test/indicators/ttr-fixture.js';
import { walkBars } from '../../../test/indicators/trend-series.js';
import { ADX } from './adx.js';

indicatorContract('adx_5', { create: () => new ADX(5), inputs: walkBars(60, { flatEvery: 25, flatLength: 4 }) });

describe('ADX against TTR::ADX', () => {
  for (const dataset of TTR_DATASETS) {
    it(`${dataset}: ADX(14)`, () => {
      const out = stream(new ADX(14), loadBars(dataset));
      const ttr = loadReference(dataset, 'adx_14.csv');
      // TTR's DIp/DIn/DX start at input 14, its ADX at 27; tickwatch emits all four from 27.
      expectMatchesTtr(field(out, 'dip'), ttr.DIp ?? [], { label: `${dataset} adx dip`, warmUpOffset: 13 });
      expectMatchesTtr(field(out, 'din'), ttr.DIn ?? [], { label: `${dataset} adx din`, warmUpOffset: 13 });
      expectMatchesTtr(field(out, 'dx'), ttr.DX ?? [], { label: `${dataset} adx dx`, warmUpOffset: 13 });
      const report = expectMatchesTtr(field(out, 'adx'), ttr.ADX ?? [], { label: `${dataset} adx adx` });
      expect(report.compared).toBeGreaterThan(1000);
    });
  }
});

describe('ADX edge cases', () => {
  it('a market that never moves has DI = DX = ADX = 0 (TTR: NaN)', () => {
    const adx = new ADX(3);
    const flat = { high: 5, low: 5, close: 5 };
    const out = Array.from({ length: 8 }, () => adx.next(flat));
    expect(out[5]).toEqual({ dip: 0, din: 0, dx: 0, adx: 0 });
  });
});
