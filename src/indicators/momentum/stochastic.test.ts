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
import { walkBars } from '../../../test/indicators/trend-series.js';
import { Stochastic } from './stochastic.js';

indicatorContract('stoch_14_3_3', {
  create: () => new Stochastic(14, 3, 3),
  inputs: walkBars(80, { flatEvery: 40, flatLength: 16 }),
});
indicatorContract('stoch_5_1_3', { create: () => new Stochastic(5, 1, 3), inputs: walkBars(40) });

describe('Stochastic against TTR::stoch(HLC, 14, 3, 3)', () => {
  for (const dataset of TTR_DATASETS) {
    const bars = loadBars(dataset);
    const ttr = loadReference(dataset, 'stoch_14_3_3.csv');
    it(`${dataset}: fraction scale — fastK, fastD, slowD exactly as TTR's`, () => {
      const fast = stream(new Stochastic(14, 1, 3, { scale: 'fraction' }), bars);
      const slow = stream(new Stochastic(14, 3, 3, { scale: 'fraction' }), bars);
      // tickwatch emits %K with %D: fast %K from input 15 (TTR's fastK from 13), fast %D = TTR's fastD.
      expectMatchesTtr(field(fast, 'k'), ttr.fastK ?? [], { label: `${dataset} stoch fastK`, warmUpOffset: 2 });
      expectMatchesTtr(field(fast, 'd'), ttr.fastD ?? [], { label: `${dataset} stoch fastD` });
      expectMatchesTtr(field(slow, 'k'), ttr.fastD ?? [], {
        label: `${dataset} stoch slow %K = fastD`,
        warmUpOffset: 2,
      });
      expectMatchesTtr(field(slow, 'd'), ttr.slowD ?? [], { label: `${dataset} stoch slowD` });
    });

    it(`${dataset}: the default percent scale is TTR's × 100`, () => {
      const slow = stream(new Stochastic(14, 3, 3), bars);
      expectMatchesTtr(field(slow, 'k'), scaled(ttr.fastD ?? [], 100), {
        label: `${dataset} stoch %K percent`,
        warmUpOffset: 2,
      });
      const report = expectMatchesTtr(field(slow, 'd'), scaled(ttr.slowD ?? [], 100), {
        label: `${dataset} stoch %D percent`,
      });
      expect(report.compared).toBeGreaterThan(1900);
    });
  }
});

describe('Stochastic edge cases', () => {
  it('a range of zero gives the middle (50%)', () => {
    const stochastic = new Stochastic(3, 1, 1);
    const flat = { high: 7, low: 7, close: 7 };
    expect(stream(stochastic, [flat, flat, flat]).at(-1)).toEqual({ k: 50, d: 50 });
  });

  it('close at the high is 100, at the low 0', () => {
    const bars = [
      { high: 10, low: 5, close: 6 },
      { high: 12, low: 6, close: 12 },
    ];
    expect(stream(new Stochastic(2, 1, 1), bars).at(-1)).toEqual({ k: 100, d: 100 });
    expect(stream(new Stochastic(2, 1, 1), [...bars, { high: 11, low: 4, close: 4 }]).at(-1)).toEqual({ k: 0, d: 0 });
  });
});
