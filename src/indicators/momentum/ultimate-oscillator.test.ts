import { describe, expect, it } from 'vitest';
import { indicatorContract } from '../../../test/contract/operator-contract.js';
import { TTR_DATASETS, expectMatchesTtr, loadBars, loadColumn, stream } from '../../../test/indicators/ttr-fixture.js';
import { walkBars } from '../../../test/indicators/trend-series.js';
import type { HighLowClose } from '../types.js';
import { UltimateOscillator } from './ultimate-oscillator.js';

indicatorContract('ultimate_3_5_8', {
  create: () => new UltimateOscillator(3, 5, 8),
  inputs: walkBars(50, { flatEvery: 20, flatLength: 10 }),
});

/** Independent batch value at bar t: each window's Σ pressure / Σ range, 0.5 for a window without range. */
function batchUltimate(bars: readonly HighLowClose[], t: number): number {
  const ratio = (n: number): number => {
    let pressure = 0;
    let range = 0;
    for (let k = t - n + 1; k <= t; k++) {
      const bar = bars[k] as HighLowClose;
      const previousClose = (bars[k - 1] as HighLowClose).close;
      pressure += bar.close - Math.min(bar.low, previousClose);
      range += Math.max(bar.high, previousClose) - Math.min(bar.low, previousClose);
    }
    return range > 0 ? pressure / range : 0.5;
  };
  return (100 * (4 * ratio(7) + 2 * ratio(14) + ratio(28))) / 7;
}

describe('Ultimate oscillator against TTR::ultimateOscillator', () => {
  for (const dataset of TTR_DATASETS) {
    it(`${dataset}: ultimateOscillator(HLC, c(7, 14, 28), c(4, 2, 1))`, () => {
      const bars = loadBars(dataset);
      const report = expectMatchesTtr(
        stream(new UltimateOscillator(7, 14, 28), bars),
        loadColumn(dataset, 'ultimate_7_14_28.csv'),
        {
          label: `${dataset} ultimate_7_14_28`,
          // The simulated halt leaves the 7-bar window without range: TTR 0/0 = NaN, tickwatch 0.5 for that window.
          whereTtrIsNaN: (t) => batchUltimate(bars, t),
        },
      );
      expect(report.firstActual).toBe(28);
      if (dataset === 'sim') expect(report.neutral).toBeGreaterThan(0);
    });
  }

  it('a window without range counts as the middle', () => {
    const flat = { high: 3, low: 3, close: 3 };
    expect(stream(new UltimateOscillator(1, 2, 3), [flat, flat, flat, flat]).at(-1)).toBe(50);
  });
});
