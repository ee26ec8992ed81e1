import { describe, expect, it } from 'vitest';
import { indicatorContract } from '../../../test/contract/operator-contract.js';
import {
  TTR_DATASETS,
  expectMatchesTtr,
  loadBars,
  loadColumn,
  loadConstant,
  stream,
} from '../../../test/indicators/ttr-fixture.js';
import { walkBars } from '../../../test/indicators/trend-series.js';
import { ParabolicSAR } from './parabolic-sar.js';

indicatorContract('sar_0.02_0.2', {
  create: () => new ParabolicSAR(),
  inputs: walkBars(120, { flatEvery: 50, flatLength: 6 }),
});

describe('Parabolic SAR against TTR::SAR', () => {
  for (const dataset of TTR_DATASETS) {
    const bars = loadBars(dataset);
    const ttr = loadColumn(dataset, 'sar_0.02_0.2.csv');
    const initialGap = loadConstant(dataset, 'sar_init_gap');

    it(`${dataset}: with TTR's initial gap and acceleration rule it matches everywhere`, () => {
      const sar = new ParabolicSAR(0.02, 0.2, { initialGap, ttrAcceleration: true });
      const report = expectMatchesTtr(stream(sar, bars), ttr, { label: `${dataset} sar (ttr options)` });
      expect(report.compared).toBe(bars.length);
    });

    it(`${dataset}: the default caps the factor at 0.2, where TTR's keeps growing`, () => {
      const capped = new ParabolicSAR(0.02, 0.2, { initialGap });
      const ttrRule = new ParabolicSAR(0.02, 0.2, { initialGap, ttrAcceleration: true });
      let firstAboveMaximum = -1;
      bars.forEach((bar, i) => {
        capped.next(bar);
        ttrRule.next(bar);
        expect(capped.snapshot().acceleration).toBeLessThanOrEqual(0.2);
        if (firstAboveMaximum < 0 && ttrRule.snapshot().acceleration > 0.2) firstAboveMaximum = i;
      });
      // The TTR rule does overshoot on this data, so the option matters…
      expect(firstAboveMaximum).toBeGreaterThan(0);
      // …and until then the default agrees with TTR exactly.
      const values = stream(new ParabolicSAR(0.02, 0.2, { initialGap }), bars.slice(0, firstAboveMaximum + 1));
      expectMatchesTtr(values, ttr.slice(0, firstAboveMaximum + 1), {
        label: `${dataset} sar (default, before the cap matters)`,
        tolerance: 0,
      });
    });
  }
});

describe('Parabolic SAR definition', () => {
  it('starts below the first low by the first bar range, then reverses when price crosses it', () => {
    const sar = new ParabolicSAR();
    expect(sar.next({ high: 11, low: 10 })).toBe(9);
    expect(sar.position).toBe(1);
    // rising: SAR moves 0.02 of the way to the extreme (11), capped by the two-bar low
    expect(sar.next({ high: 12, low: 10.5 })).toBeCloseTo(9 + 0.02 * (11 - 9), 14);
    // a low under the SAR reverses to short at the highest high
    expect(sar.next({ high: 10, low: 8 })).toBe(12);
    expect(sar.position).toBe(-1);
  });
});
