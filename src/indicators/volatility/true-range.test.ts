import { describe, expect, it } from 'vitest';
import { indicatorContract } from '../../../test/contract/operator-contract.js';
import { randomBars } from '../../../test/indicators/synthetic-series.js';
import { TTR_DATASETS, expectMatchesTtr, loadBars, loadColumn, stream } from '../../../test/indicators/ttr-fixture.js';
import { ATR } from './atr.js';
import { NATR } from './natr.js';
import { TrueRange } from './true-range.js';

const bars = randomBars(300, 'true-range');

indicatorContract('tr', { create: () => new TrueRange(), inputs: bars });
indicatorContract('atr_14', { create: () => new ATR(14), inputs: bars });
indicatorContract('natr_14', { create: () => new NATR(14), inputs: bars });

describe('TrueRange / ATR / NATR against TTR::ATR', () => {
  for (const dataset of TTR_DATASETS) {
    const input = loadBars(dataset);
    it(`${dataset}: true range = ATR(HLC)[, "tr"]`, () => {
      expectMatchesTtr(stream(new TrueRange(), input), loadColumn(dataset, 'atr_14.csv', 'tr'), { label: 'tr' });
    });
    it(`${dataset}: ATR(HLC, 14)`, () => {
      const report = expectMatchesTtr(stream(new ATR(14), input), loadColumn(dataset, 'atr_14.csv', 'atr'), {
        label: 'atr_14',
      });
      expect(report.compared).toBeGreaterThan(1900);
    });
    it(`${dataset}: NATR(14) = 100 × TTR's ATR / close`, () => {
      const atr = loadColumn(dataset, 'atr_14.csv', 'atr');
      const expected = atr.map((v, i) => (v === null ? null : (100 * v) / (input[i] as { close: number }).close));
      expectMatchesTtr(stream(new NATR(14), input), expected, { label: 'natr_14' });
    });
  }
});

describe('TrueRange definition', () => {
  it('extends the range to the previous close across gaps', () => {
    const tr = new TrueRange();
    expect(tr.next({ high: 10, low: 9, close: 9.5 })).toBeNull();
    expect(tr.next({ high: 12, low: 11, close: 11.5 })).toBe(12 - 9.5); // gap up
    expect(tr.next({ high: 9, low: 8, close: 8.5 })).toBe(11.5 - 8); // gap down
    expect(tr.next({ high: 9, low: 8, close: 8.5 })).toBe(1); // inside
  });
});
