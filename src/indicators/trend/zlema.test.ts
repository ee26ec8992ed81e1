import { describe, expect, it } from 'vitest';
import { indicatorContract } from '../../../test/contract/operator-contract.js';
import { TTR_DATASETS, expectMatchesTtr, loadBars, loadColumn, stream } from '../../../test/indicators/ttr-fixture.js';
import { walkCloses } from '../../../test/indicators/trend-series.js';
import { ZLEMA } from './zlema.js';

indicatorContract('zlema_20', { create: () => new ZLEMA(20), inputs: walkCloses(60) });
indicatorContract('zlema_5', { create: () => new ZLEMA(5), inputs: walkCloses(30) });

describe('ZLEMA against TTR::ZLEMA', () => {
  for (const dataset of TTR_DATASETS) {
    it(`${dataset}: ZLEMA(20) (fractional lag 10.5)`, () => {
      const closes = loadBars(dataset).map((bar) => bar.close);
      const report = expectMatchesTtr(stream(new ZLEMA(20), closes), loadColumn(dataset, 'zlema_20.csv'), {
        label: `${dataset} zlema_20`,
      });
      expect(report.compared).toBeGreaterThan(1900);
    });
  }

  it('an odd period has a whole lag: 2x − x[lag]', () => {
    const zlema = new ZLEMA(3); // α = 0.5, lag 2
    stream(zlema, [1, 2, 3]); // seed 2
    expect(zlema.next(10)).toBe(0.5 * (2 * 10 - 2) + 0.5 * 2);
  });
});
