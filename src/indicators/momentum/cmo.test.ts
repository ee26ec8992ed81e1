import { describe, expect, it } from 'vitest';
import { indicatorContract } from '../../../test/contract/operator-contract.js';
import { TTR_DATASETS, expectMatchesTtr, loadBars, loadColumn, stream } from '../../../test/indicators/ttr-fixture.js';
import { walkCloses } from '../../../test/indicators/trend-series.js';
import { CMO } from './cmo.js';

indicatorContract('cmo_14', { create: () => new CMO(14), inputs: walkCloses(60, { flatEvery: 25, flatLength: 18 }) });

describe('CMO against TTR::CMO', () => {
  for (const dataset of TTR_DATASETS) {
    it(`${dataset}: CMO(cl, 14)`, () => {
      const closes = loadBars(dataset).map((bar) => bar.close);
      const report = expectMatchesTtr(stream(new CMO(14), closes), loadColumn(dataset, 'cmo_14.csv'), {
        label: `${dataset} cmo_14`,
      });
      expect(report.compared).toBeGreaterThan(1900);
    });
  }
});

describe('CMO over a long stream', () => {
  it('stays within 1e-9 of a batch recomputation over 100k inputs with a 1e6 level shift', () => {
    const closes = walkCloses(100_000, { levelShift: 1e6, seed: 'cmo-drift' });
    const cmo = new CMO(14);
    let worst = 0;
    closes.forEach((x, i) => {
      const value = cmo.next(x);
      if (i < 14) return;
      let up = 0;
      let down = 0;
      for (let k = i - 13; k <= i; k++) {
        const change = (closes[k] as number) - (closes[k - 1] as number);
        if (change > 0) up += change;
        else down -= change;
      }
      const expected = up + down > 0 ? (100 * (up - down)) / (up + down) : 0;
      // CMO lives in [−100, 100]: compare on that scale (near 0 a relative error means nothing).
      worst = Math.max(worst, Math.abs((value as number) - expected) / 100);
    });
    expect(worst).toBeLessThan(1e-9);
  });
});
