import { describe, it } from 'vitest';
import { indicatorContract } from '../../../test/contract/operator-contract.js';
import { randomBars } from '../../../test/indicators/synthetic-series.js';
import {
  TTR_DATASETS,
  expectMatchesTtr,
  field,
  loadBars,
  loadReference,
  stream,
} from '../../../test/indicators/ttr-fixture.js';
import { DonchianChannels } from './donchian-channels.js';

indicatorContract('donchian_20', { create: () => new DonchianChannels(20), inputs: randomBars(200, 'donchian') });

describe('DonchianChannels against TTR::DonchianChannel', () => {
  for (const dataset of TTR_DATASETS) {
    it(`${dataset}: DonchianChannel(HL, 20)`, () => {
      const ttr = loadReference(dataset, 'donchian_20.csv');
      const out = stream(new DonchianChannels(20), loadBars(dataset));
      expectMatchesTtr(field(out, 'upper'), ttr.high ?? [], { label: 'upper', tolerance: 0 });
      expectMatchesTtr(field(out, 'middle'), ttr.mid ?? [], { label: 'middle' });
      expectMatchesTtr(field(out, 'lower'), ttr.low ?? [], { label: 'lower', tolerance: 0 });
    });
  }
});
