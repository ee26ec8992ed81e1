import { describe, expect, it } from 'vitest';
import { indicatorContract } from '../../../test/contract/operator-contract.js';
import { TTR_DATASETS, expectMatchesTtr, loadBars, loadColumn, stream } from '../../../test/indicators/ttr-fixture.js';
import { relativeDifference, walkCloses } from '../../../test/indicators/trend-series.js';
import { SMA, smaSpec } from './sma.js';

indicatorContract('sma_20', { create: () => new SMA(20), inputs: walkCloses(120) });
indicatorContract('sma_1', { create: () => new SMA(1), inputs: walkCloses(20) });

describe('SMA against TTR::SMA', () => {
  for (const dataset of TTR_DATASETS) {
    const closes = loadBars(dataset).map((bar) => bar.close);
    for (const period of [20, 5]) {
      it(`${dataset}: SMA(${period})`, () => {
        const report = expectMatchesTtr(stream(new SMA(period), closes), loadColumn(dataset, `sma_${period}.csv`), {
          label: `${dataset} sma_${period}`,
        });
        expect(report.compared).toBeGreaterThan(1000);
      });
    }
  }
});

describe('SMA over a long stream', () => {
  it('stays within 1e-12 of a batch mean over 100k inputs with a 1e6 level shift', () => {
    const closes = walkCloses(100_000, { levelShift: 1e6 });
    const sma = new SMA(20);
    let worst = 0;
    closes.forEach((x, i) => {
      const value = sma.next(x);
      if (i < 19) return;
      let sum = 0;
      for (let k = i - 19; k <= i; k++) sum += closes[k] as number;
      worst = Math.max(worst, relativeDifference(value as number, sum / 20));
    });
    expect(worst).toBeLessThan(1e-12);
  });

  it('rejects a bad period', () => {
    expect(() => new SMA(0)).toThrow(/period/);
    expect(() => new SMA(2.5)).toThrow(/period/);
  });

  it('catalog entry reads the close', () => {
    const indicator = smaSpec.create([2]);
    expect(indicator.next({ start: 0, open: 1, high: 9, low: 0, close: 2, volume: 1 })).toBeNull();
    expect(indicator.next({ start: 1, open: 1, high: 9, low: 0, close: 4, volume: 1 })).toBe(3);
  });
});
