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
import { Aroon } from './aroon.js';

indicatorContract('aroon_10', { create: () => new Aroon(10), inputs: walkBars(80, { flatEvery: 30, flatLength: 12 }) });

describe('Aroon against TTR::aroon', () => {
  for (const dataset of TTR_DATASETS) {
    it(`${dataset}: aroon(HL, 25) — from input 25 (TTR has one extra value from a partial window)`, () => {
      const out = stream(new Aroon(25), loadBars(dataset));
      const ttr = loadReference(dataset, 'aroon_25.csv');
      expectMatchesTtr(field(out, 'up'), ttr.aroonUp ?? [], { label: `${dataset} aroon up`, warmUpOffset: 1 });
      expectMatchesTtr(field(out, 'down'), ttr.aroonDn ?? [], { label: `${dataset} aroon down`, warmUpOffset: 1 });
      const report = expectMatchesTtr(field(out, 'oscillator'), ttr.oscillator ?? [], {
        label: `${dataset} aroon oscillator`,
        warmUpOffset: 1,
      });
      expect(report.compared).toBeGreaterThan(1000);
    });
  }
});

describe('Aroon definition', () => {
  it('counts bars since the extreme over n+1 bars; equal highs count the latest', () => {
    const aroon = new Aroon(4);
    const highs = [5, 9, 7, 9, 6];
    let last = null;
    for (const high of highs) last = aroon.next({ high, low: high - 1 });
    // highest high 9, latest at 1 bar ago → 100·(4−1)/4; lowest low 4 (the first bar), 4 bars ago → 0
    expect(last).toEqual({ up: 75, down: 0, oscillator: 75 });
  });
});
