import { describe, expect, it } from 'vitest';
import { indicatorContract } from '../../../test/contract/operator-contract.js';
import { randomBars } from '../../../test/indicators/synthetic-series.js';
import { TTR_DATASETS, expectMatchesTtr, loadBars, loadColumn, stream } from '../../../test/indicators/ttr-fixture.js';
import { AccumulationDistribution } from './accumulation-distribution.js';
import { closeLocationValue } from './close-location-value.js';
import { OBV } from './obv.js';
import { WilliamsAD } from './williams-ad.js';

const bars = randomBars(300, 'cumulative');

indicatorContract('obv', { create: () => new OBV(), inputs: bars });
indicatorContract('ad', { create: () => new AccumulationDistribution(), inputs: bars });
indicatorContract('williams_ad', { create: () => new WilliamsAD(), inputs: bars });

describe('OBV, accumulation/distribution, Williams A/D against TTR', () => {
  for (const dataset of TTR_DATASETS) {
    const input = loadBars(dataset);
    it(`${dataset}: CLV(HLC)`, () => {
      expectMatchesTtr(
        input.map((b) => closeLocationValue(b)),
        loadColumn(dataset, 'clv.csv'),
        { label: 'clv' },
      );
    });
    it(`${dataset}: OBV(cl, v)`, () => {
      expectMatchesTtr(stream(new OBV(), input), loadColumn(dataset, 'obv.csv'), { label: 'obv', tolerance: 0 });
    });
    it(`${dataset}: chaikinAD(HLC, v)`, () => {
      expectMatchesTtr(stream(new AccumulationDistribution(), input), loadColumn(dataset, 'chaikin_ad.csv'), {
        label: 'ad',
      });
    });
    it(`${dataset}: williamsAD(HLC)`, () => {
      expectMatchesTtr(stream(new WilliamsAD(), input), loadColumn(dataset, 'williams_ad.csv'), {
        label: 'williams_ad',
      });
    });
  }
});

describe('cumulative line definitions', () => {
  it('OBV starts at the first volume and adds signed volume on changes only', () => {
    const closes = [10, 11, 11, 10.5, 12];
    const volumes = [100, 200, 300, 400, 500];
    const out = stream(
      new OBV(),
      closes.map((close, i) => ({ close, volume: volumes[i] as number })),
    );
    expect(out).toEqual([100, 300, 300, -100, 400]);
  });

  it('CLV is 0 for a bar with no range, ±1 at the extremes', () => {
    expect(closeLocationValue({ high: 5, low: 5, close: 5 })).toBe(0);
    expect(closeLocationValue({ high: 6, low: 4, close: 6 })).toBe(1);
    expect(closeLocationValue({ high: 6, low: 4, close: 4 })).toBe(-1);
  });
});
