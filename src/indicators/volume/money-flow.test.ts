import { describe, expect, it } from 'vitest';
import { indicatorContract } from '../../../test/contract/operator-contract.js';
import { expectSeriesClose } from '../../../test/indicators/close-to.js';
import { randomBars } from '../../../test/indicators/synthetic-series.js';
import {
  TTR_DATASETS,
  expectMatchesTtr,
  loadBars,
  loadColumn,
  loadReference,
  stream,
} from '../../../test/indicators/ttr-fixture.js';
import { ChaikinMoneyFlow } from './chaikin-money-flow.js';
import { ChaikinOscillator } from './chaikin-oscillator.js';
import { EaseOfMovement } from './ease-of-movement.js';
import { ForceIndex } from './force-index.js';
import { MoneyFlowIndex } from './money-flow-index.js';

const bars = randomBars(300, 'money-flow');

indicatorContract('cmf_20', { create: () => new ChaikinMoneyFlow(20), inputs: bars });
indicatorContract('chaikin_oscillator_3_10', { create: () => new ChaikinOscillator(3, 10), inputs: bars });
indicatorContract('mfi_14', { create: () => new MoneyFlowIndex(14), inputs: bars });
indicatorContract('force_index_13', { create: () => new ForceIndex(13), inputs: bars });
indicatorContract('emv_14_10000', { create: () => new EaseOfMovement(14), inputs: bars });

describe('volume oscillators against TTR', () => {
  for (const dataset of TTR_DATASETS) {
    const input = loadBars(dataset);
    it(`${dataset}: CMF(HLC, v, 20)`, () => {
      expectMatchesTtr(stream(new ChaikinMoneyFlow(20), input), loadColumn(dataset, 'cmf_20.csv'), { label: 'cmf' });
    });
    it(`${dataset}: EMA(chaikinAD, 3) − EMA(chaikinAD, 10)`, () => {
      expectMatchesTtr(
        stream(new ChaikinOscillator(3, 10), input),
        loadColumn(dataset, 'chaikin_oscillator_3_10.csv'),
        {
          label: 'chaikin_oscillator',
        },
      );
    });
    it(`${dataset}: MFI(HLC, v, 14)`, () => {
      expectMatchesTtr(stream(new MoneyFlowIndex(14), input), loadColumn(dataset, 'mfi_14.csv'), { label: 'mfi' });
    });
    it(`${dataset}: force index = EMA(momentum(cl, 1) * v, 13)`, () => {
      expectMatchesTtr(stream(new ForceIndex(13), input), loadColumn(dataset, 'force_index_13.csv'), {
        label: 'force',
      });
    });
    it(`${dataset}: EMV(HL, v, 14): maEMV, and emv as period 1`, () => {
      const ttr = loadReference(dataset, 'emv_14.csv');
      expectMatchesTtr(stream(new EaseOfMovement(14), input), ttr.maEMV ?? [], { label: 'maEMV' });
      expectMatchesTtr(stream(new EaseOfMovement(1), input), ttr.emv ?? [], { label: 'emv' });
    });
  }
});

describe('volume oscillator edge cases', () => {
  const flat = { high: 10, low: 10, close: 10, volume: 0 };
  it('CMF is 0 over a window with no volume', () => {
    expect(stream(new ChaikinMoneyFlow(3), [flat, flat, flat]).at(-1)).toBe(0);
  });
  it('MFI is 50 with no money flow, 100 with only positive flow', () => {
    expect(stream(new MoneyFlowIndex(2), [flat, flat, flat]).at(-1)).toBe(50);
    const rising = [10, 11, 12].map((p) => ({ high: p, low: p, close: p, volume: 5 }));
    expect(stream(new MoneyFlowIndex(2), rising).at(-1)).toBe(100);
  });
  it('MFI matches a batch recomputation on bars with zero volume and flat stretches', () => {
    const expected = bars.map((_, i) => {
      if (i < 14) return null;
      let positive = 0;
      let negative = 0;
      for (let j = i - 13; j <= i; j++) {
        const b = bars[j] as (typeof bars)[number];
        const p = bars[j - 1] as (typeof bars)[number];
        // The bars are on a cent grid: compare H+L+C exactly as integer cents.
        const cents = Math.round((b.high + b.low + b.close) * 100);
        const previousCents = Math.round((p.high + p.low + p.close) * 100);
        const flow = ((b.high + b.low + b.close) / 3) * b.volume;
        if (cents > previousCents) positive += flow;
        if (cents < previousCents) negative += flow;
      }
      return negative > 0 ? (100 * positive) / (positive + negative) : positive > 0 ? 100 : 50;
    });
    expectSeriesClose(stream(new MoneyFlowIndex(14), bars), expected, { relative: 1e-12 });
  });
});
