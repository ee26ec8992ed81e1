import { describe, expect, it } from 'vitest';
import { indicatorContract } from '../../../test/contract/operator-contract.js';
import { loadBars, stream } from '../../../test/indicators/ttr-fixture.js';
import { walkBars } from '../../../test/indicators/trend-series.js';
import type { HighLowClose } from '../types.js';
import { Ichimoku } from './ichimoku.js';

/** Mid-range of bars [end − period + 1, end] by a direct scan. */
function midRange(bars: readonly HighLowClose[], end: number, period: number): number {
  let high = -Infinity;
  let low = Infinity;
  for (let k = end - period + 1; k <= end; k++) {
    high = Math.max(high, (bars[k] as HighLowClose).high);
    low = Math.min(low, (bars[k] as HighLowClose).low);
  }
  return (high + low) / 2;
}

indicatorContract('ichimoku_3_5_8_4', {
  create: () => new Ichimoku(3, 5, 8, 4),
  inputs: walkBars(60, { flatEvery: 20, flatLength: 6 }),
});

describe('Ichimoku against a batch recomputation (TTR has no Ichimoku)', () => {
  it('all five lines on the simulated intraday series', () => {
    const bars = loadBars('sim');
    const out = stream(new Ichimoku(9, 26, 52, 26), bars);
    out.forEach((value, t) => {
      if (t < 77) {
        expect(value).toBeNull();
        return;
      }
      expect(value).toEqual({
        tenkan: midRange(bars, t, 9),
        kijun: midRange(bars, t, 26),
        senkouA: (midRange(bars, t - 26, 9) + midRange(bars, t - 26, 26)) / 2,
        senkouB: midRange(bars, t - 26, 52),
        chikou: (bars[t] as HighLowClose).close,
      });
    });
  });

  it('exposes the cloud ahead (leading spans) computed from the latest bar', () => {
    const bars = loadBars('ttrc').slice(0, 200);
    const ichimoku = new Ichimoku();
    bars.forEach((bar) => ichimoku.next(bar));
    const t = bars.length - 1;
    expect(ichimoku.leadingSenkouA).toBe((midRange(bars, t, 9) + midRange(bars, t, 26)) / 2);
    expect(ichimoku.leadingSenkouB).toBe(midRange(bars, t, 52));
  });
});
