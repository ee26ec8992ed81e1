import { describe, it } from 'vitest';
import { indicatorContract } from '../../../test/contract/operator-contract.js';
import { expectSeriesClose } from '../../../test/indicators/close-to.js';
import { randomBars } from '../../../test/indicators/synthetic-series.js';
import {
  TTR_DATASETS,
  expectMatchesTtr,
  field,
  loadBars,
  loadReference,
  stream,
} from '../../../test/indicators/ttr-fixture.js';
import { KeltnerChannels } from './keltner-channels.js';

const bars = randomBars(300, 'keltner');

indicatorContract('keltner_20_2_10', { create: () => new KeltnerChannels(), inputs: bars });
indicatorContract('keltner_20_2_20_typical', {
  create: () => new KeltnerChannels(20, 2, 20, { source: 'typical' }),
  inputs: bars,
});

// Independent batch recomputation of the defaults: EMA(close, 20) seeded with the mean, ATR(10)
// as Wilder's smoothing of the true range from bar 1.
function batchKeltner(input: typeof bars): { upper: Array<number | null>; lower: Array<number | null> } {
  const closes = input.map((b) => b.close);
  const ema: Array<number | null> = closes.map(() => null);
  let seed = 0;
  closes.forEach((c, i) => {
    if (i < 20) {
      seed += c / 20;
      if (i === 19) ema[i] = seed;
    } else ema[i] = c * (2 / 21) + (ema[i - 1] as number) * (1 - 2 / 21);
  });
  const tr = input.map((b, i) => {
    if (i === 0) return 0;
    const pc = (input[i - 1] as { close: number }).close;
    return Math.max(b.high, pc) - Math.min(b.low, pc);
  });
  const atr: Array<number | null> = input.map(() => null);
  for (let i = 10; i < input.length; i++) {
    atr[i] =
      i === 10
        ? tr.slice(1, 11).reduce((a, b) => a + b / 10, 0)
        : (tr[i] as number) * 0.1 + (atr[i - 1] as number) * 0.9;
  }
  const upper = ema.map((m, i) => (m === null || atr[i] === null ? null : m + 2 * (atr[i] as number)));
  const lower = ema.map((m, i) => (m === null || atr[i] === null ? null : m - 2 * (atr[i] as number)));
  return { upper, lower };
}

describe('KeltnerChannels', () => {
  it('defaults (EMA(close, 20) ± 2 ATR(10)) match a batch recomputation', () => {
    const out = stream(new KeltnerChannels(), bars);
    const expected = batchKeltner(bars);
    expectSeriesClose(field(out, 'upper'), expected.upper, { relative: 1e-12 });
    expectSeriesClose(field(out, 'lower'), expected.lower, { relative: 1e-12 });
  });

  for (const dataset of TTR_DATASETS) {
    it(`${dataset}: typical price with ATR(n) matches TTR keltnerChannels(HLC, 20, atr = 2)`, () => {
      const ttr = loadReference(dataset, 'keltner_20_2.csv');
      const out = stream(new KeltnerChannels(20, 2, 20, { source: 'typical' }), loadBars(dataset));
      expectMatchesTtr(field(out, 'lower'), ttr.dn ?? [], { label: 'lower' });
      expectMatchesTtr(field(out, 'middle'), ttr.mavg ?? [], { label: 'middle', warmUpOffset: 1 });
      expectMatchesTtr(field(out, 'upper'), ttr.up ?? [], { label: 'upper' });
    });
  }
});
