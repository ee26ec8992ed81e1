import { describe, expect, it } from 'vitest';
import { indicatorContract } from '../../../test/contract/operator-contract.js';
import { loadBars, stream } from '../../../test/indicators/ttr-fixture.js';
import { walkBars } from '../../../test/indicators/trend-series.js';
import type { HighLowClose } from '../types.js';
import { Supertrend } from './supertrend.js';

/** Independent batch Supertrend over whole arrays (TradingView's ta.supertrend rules). */
function batchSupertrend(
  bars: readonly HighLowClose[],
  period: number,
  multiplier: number,
): Array<{ value: number; direction: number } | null> {
  const n = bars.length;
  const tr: number[] = new Array<number>(n).fill(Number.NaN);
  for (let i = 1; i < n; i++) {
    const bar = bars[i] as HighLowClose;
    const previousClose = (bars[i - 1] as HighLowClose).close;
    tr[i] = Math.max(bar.high, previousClose) - Math.min(bar.low, previousClose);
  }
  const atr: number[] = new Array<number>(n).fill(Number.NaN);
  let seed = 0;
  for (let i = 1; i <= period; i++) seed += (tr[i] as number) / period;
  atr[period] = seed;
  for (let i = period + 1; i < n; i++)
    atr[i] = (tr[i] as number) * (1 / period) + (atr[i - 1] as number) * (1 - 1 / period);
  const out: Array<{ value: number; direction: number } | null> = [];
  let upper = 0;
  let lower = 0;
  let direction = 0;
  for (let i = 0; i < n; i++) {
    if (i < period) {
      out.push(null);
      continue;
    }
    const bar = bars[i] as HighLowClose;
    const hl2 = (bar.high + bar.low) / 2;
    let up = hl2 + multiplier * (atr[i] as number);
    let dn = hl2 - multiplier * (atr[i] as number);
    if (i === period) {
      direction = -1;
    } else {
      const previousClose = (bars[i - 1] as HighLowClose).close;
      dn = dn > lower || previousClose < lower ? dn : lower;
      up = up < upper || previousClose > upper ? up : upper;
      direction = direction === -1 ? (bar.close > up ? 1 : -1) : bar.close < dn ? -1 : 1;
    }
    upper = up;
    lower = dn;
    out.push({ value: direction === 1 ? dn : up, direction });
  }
  return out;
}

indicatorContract('supertrend_5_2', {
  create: () => new Supertrend(5, 2),
  inputs: walkBars(80, { flatEvery: 30, flatLength: 8 }),
});

describe('Supertrend against a batch recomputation (TTR has no Supertrend)', () => {
  for (const dataset of ['ttrc', 'sim'] as const) {
    it(`${dataset}: Supertrend(10, 3)`, () => {
      const bars = loadBars(dataset);
      const out = stream(new Supertrend(10, 3), bars);
      expect(out).toEqual(batchSupertrend(bars, 10, 3));
      const flips = out.filter((v, i) => i > 10 && v !== null && v.direction !== out[i - 1]?.direction).length;
      expect(flips).toBeGreaterThan(10);
    });
  }

  it('the line is below the close in an uptrend and above it in a downtrend', () => {
    for (const value of stream(new Supertrend(10, 3), loadBars('sim')).entries()) {
      const [i, v] = value;
      if (v === null) continue;
      const close = (loadBars('sim')[i] as HighLowClose).close;
      if (v.direction === 1) expect(v.value).toBeLessThanOrEqual(close);
      else expect(v.value).toBeGreaterThanOrEqual(close);
    }
  });
});
