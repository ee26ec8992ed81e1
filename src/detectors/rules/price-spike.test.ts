import { describe, expect, it } from 'vitest';
import type { Anomaly } from '../../core/events.js';
import { makeBar, wavyBars } from '../../../test/helpers/bars.js';
import { operatorContract } from '../../../test/contract/operator-contract.js';
import { DetectorOperator } from '../detector-operator.js';
import { PriceSpikeDetector } from './price-spike.js';
import { detectorContract, labelBars, simulateStream } from '../../../test/contract/detector-contract.js';

describe('PriceSpikeDetector', () => {
  it('reports the signed distance from the previous-20-bar mean close', () => {
    const detector = new PriceSpikeDetector();
    for (let i = 0; i < 20; i++) detector.learn(makeBar(i, { close: 100 }));
    const up = detector.score(makeBar(20, { close: 106 }));
    expect(up?.raw).toBeCloseTo(0.06, 12);
    expect(up?.triggered).toBe(true);
    expect(up?.message).toBe('close +6.00% from its 20-bar average');
    const down = detector.score(makeBar(20, { close: 89 }));
    expect(down?.raw).toBeCloseTo(-0.11, 12);
    expect(down?.severity).toBe('critical');
    expect(detector.score(makeBar(20, { close: 104.9 }))?.triggered).toBe(false);
  });

  it('maps the threshold to a score of 0.5 and stays within [0, 1)', () => {
    const detector = new PriceSpikeDetector();
    for (let i = 0; i < 20; i++) detector.learn(makeBar(i, { close: 100 }));
    expect(detector.score(makeBar(20, { close: 105 }))?.score).toBeCloseTo(0.5, 12);
    const extreme = detector.score(makeBar(20, { close: 1000 }))?.score ?? 2;
    expect(extreme).toBeLessThan(1);
    expect(extreme).toBeGreaterThan(0.99);
  });

  it('matches a batch recomputation over a long series', () => {
    const bars = wavyBars(600);
    const op = new DetectorOperator(new PriceSpikeDetector());
    const streamed: Anomaly[] = [];
    for (const bar of bars) op.next(bar, (a) => streamed.push(a));
    const expected: number[] = [];
    for (let i = 20; i < bars.length; i++) {
      const mean = bars.slice(i - 20, i).reduce((sum, b) => sum + b.close, 0) / 20;
      if (Math.abs((bars[i]?.close ?? 0) - mean) / mean >= 0.05) expected.push(bars[i]?.end ?? 0);
    }
    expect(expected.length).toBeGreaterThan(2);
    expect(streamed.map((a) => a.ts)).toEqual(expected);
    expect(new Set(streamed.map((a) => a.id)).size).toBe(streamed.length);
  });
});

operatorContract('DetectorOperator(price_spike)', {
  create: () => new DetectorOperator(new PriceSpikeDetector()),
  inputs: wavyBars(400),
  minOutputs: 2,
});

const simulated = simulateStream({
  seed: 'price-spike',
  kinds: ['price_jump', 'flash_crash'],
  days: 5,
  anomaliesPerSymbolDay: 3,
});
const simulatedBars = simulated.bars.get('AAPL') ?? [];

detectorContract('price_spike on simulated AAPL 1m bars', {
  create: () => new PriceSpikeDetector({ lookback: 20, threshold: 0.02, criticalThreshold: 0.05 }),
  stream: simulatedBars,
  labels: labelBars(simulatedBars, simulated.labels),
  minAuc: 0.7,
});
