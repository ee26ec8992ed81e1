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
import { walkCloses } from '../../../test/indicators/trend-series.js';
import { EMA } from './ema.js';
import { TRIX } from './trix.js';

indicatorContract('trix_5_3', { create: () => new TRIX(5, 3), inputs: walkCloses(60) });

describe('TRIX against TTR::TRIX', () => {
  for (const dataset of TTR_DATASETS) {
    it(`${dataset}: TRIX(15, nSig = 15) — TTR's signal uses n, so the signal period is 15`, () => {
      const closes = loadBars(dataset).map((bar) => bar.close);
      const ttr = loadReference(dataset, 'trix_15_15.csv');
      const out = stream(new TRIX(15, 15), closes);
      // TTR's TRIX starts at input 3·14 + 1 = 43, its signal 14 inputs later (tickwatch: both at 57).
      expectMatchesTtr(field(out, 'line'), ttr.TRIX ?? [], { label: `${dataset} trix`, warmUpOffset: 14 });
      const report = expectMatchesTtr(field(out, 'signal'), ttr.signal ?? [], { label: `${dataset} trix signal` });
      expect(report.firstActual).toBe(57);
    });
  }

  it('percent: false gives the one-bar difference of the triple EMA', () => {
    const closes = walkCloses(200);
    const [e1, e2, e3] = [new EMA(5), new EMA(5), new EMA(5)];
    const triple = closes.map((x) => {
      const a = e1.next(x);
      const b = a === null ? null : e2.next(a);
      return b === null ? null : e3.next(b);
    });
    const plain = stream(new TRIX(5, 3, { percent: false }), closes);
    for (let i = 16; i < closes.length; i++) {
      expect(plain[i]?.line).toBe((triple[i] as number) - (triple[i - 1] as number));
    }
  });
});
