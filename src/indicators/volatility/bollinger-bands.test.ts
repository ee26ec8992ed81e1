import { describe, expect, it } from 'vitest';
import { indicatorContract } from '../../../test/contract/operator-contract.js';
import { expectSeriesClose } from '../../../test/indicators/close-to.js';
import { randomWalk } from '../../../test/indicators/synthetic-series.js';
import {
  TTR_DATASETS,
  expectMatchesTtr,
  field,
  loadBars,
  loadReference,
  stream,
} from '../../../test/indicators/ttr-fixture.js';
import { BollingerBands } from './bollinger-bands.js';
import { typicalPrice } from './typical-price.js';

indicatorContract('bbands_20_2', { create: () => new BollingerBands(20, 2), inputs: randomWalk(200, 'bbands') });

describe('BollingerBands against TTR::BBands', () => {
  for (const dataset of TTR_DATASETS) {
    const bars = loadBars(dataset);
    const sources = { close: bars.map((b) => b.close), typical: bars.map(typicalPrice) };
    for (const source of ['close', 'typical'] as const) {
      it(`${dataset}: BBands(${source === 'close' ? 'cl' : 'HLC'}, 20, sd = 2)`, () => {
        const ttr = loadReference(dataset, `bbands_20_2_${source}.csv`);
        const out = stream(new BollingerBands(20, 2), sources[source]);
        expectMatchesTtr(field(out, 'lower'), ttr.dn ?? [], { label: 'lower' });
        expectMatchesTtr(field(out, 'middle'), ttr.mavg ?? [], { label: 'middle' });
        expectMatchesTtr(field(out, 'upper'), ttr.up ?? [], { label: 'upper' });
        expectMatchesTtr(field(out, 'percentB'), ttr.pctB ?? [], { label: 'percentB' });
        // TTR has no bandwidth; derive it from TTR's own bands.
        const bandwidth = (ttr.up ?? []).map((up, i) => {
          const dn = ttr.dn?.[i] ?? null;
          const mavg = ttr.mavg?.[i] ?? null;
          return up === null || dn === null || mavg === null ? null : (up - dn) / mavg;
        });
        expectMatchesTtr(field(out, 'bandwidth'), bandwidth, { label: 'bandwidth' });
      });
    }
  }
});

describe('BollingerBands options', () => {
  it('sample deviation matches a batch recomputation with n − 1', () => {
    const prices = randomWalk(300, 'bbands-sample');
    const out = stream(new BollingerBands(10, 2.5, { deviation: 'sample' }), prices);
    const expectedUpper = prices.map((_, i) => {
      if (i < 9) return null;
      const w = prices.slice(i - 9, i + 1);
      const mean = w.reduce((a, b) => a + b, 0) / 10;
      return mean + 2.5 * Math.sqrt(w.reduce((a, v) => a + (v - mean) ** 2, 0) / 9);
    });
    expectSeriesClose(field(out, 'upper'), expectedUpper, { relative: 1e-12 });
  });

  it('update() and the band fields give what next() gives, without an object per price', () => {
    const prices = randomWalk(200, 'bbands-update');
    const viaNext = stream(new BollingerBands(20, 2), prices);
    const bands = new BollingerBands(20, 2);
    prices.forEach((price, i) => {
      const ready = bands.update(price);
      expect(ready).toBe(viaNext[i] !== null);
      if (ready) {
        const { lower, middle, upper, percentB, bandwidth } = bands;
        expect({ lower, middle, upper, percentB, bandwidth }).toEqual(viaNext[i]);
      }
    });
  });

  it('a flat window has zero width and %B 0.5', () => {
    const bb = new BollingerBands(3, 2);
    let last = null;
    for (let i = 0; i < 5; i++) last = bb.next(0.1);
    expect(last).toEqual({ lower: 0.1, middle: 0.1, upper: 0.1, percentB: 0.5, bandwidth: 0 });
  });
});
