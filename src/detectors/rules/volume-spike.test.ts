import { describe, expect, it } from 'vitest';
import type { Anomaly } from '../../core/events.js';
import { makeBar, wavyBars } from '../../../test/helpers/bars.js';
import { operatorContract } from '../../../test/contract/operator-contract.js';
import { DetectorOperator } from '../detector-operator.js';
import { DEFAULT_VOLUME_SPIKE, VolumeSpikeDetector } from './volume-spike.js';
import { detectorContract, labelBars, simulateStream } from '../../../test/contract/detector-contract.js';

describe('VolumeSpikeDetector with a long median baseline (longLookback)', () => {
  const config = { ...DEFAULT_VOLUME_SPIKE, longLookback: 200 };
  // 300 bars around 1000, a 20-bar drought at 200, then normal volume again.
  const volumes = Array.from({ length: 320 }, (_, i) => (i >= 280 && i < 300 ? 200 : 1000 + 50 * Math.sin(i)));

  function feed(detector: VolumeSpikeDetector, upTo: number): void {
    for (let i = 0; i < upTo; i++) detector.learn(makeBar(i, { volume: volumes[i] }));
  }

  it('takes normal volume after a drought as normal, which the 20-bar average alone calls a spike', () => {
    const single = new VolumeSpikeDetector(DEFAULT_VOLUME_SPIKE);
    const dual = new VolumeSpikeDetector(config);
    feed(single, 300);
    feed(dual, 300);
    const back = makeBar(300, { volume: 1000 });
    expect(single.score(back)?.triggered).toBe(true); // 1000 against a 200 average: 5×
    const result = dual.score(back);
    expect(result?.triggered).toBe(false);
    expect(result?.raw).toBeCloseTo(1000 / median(volumes.slice(100, 300)), 10);
    expect(result?.message).toBe(`volume ${result?.raw.toFixed(1)}× the 200-bar median`);
  });

  it('still flags a real spike, against the larger of the two baselines', () => {
    const dual = new VolumeSpikeDetector(config);
    feed(dual, 250);
    const average = volumes.slice(230, 250).reduce((s, v) => s + v, 0) / 20;
    const reference = Math.max(average, median(volumes.slice(50, 250)));
    const result = dual.score(makeBar(250, { volume: 5000 }));
    expect(result?.raw).toBeCloseTo(5000 / reference, 10);
    expect(result?.triggered).toBe(true);
  });

  it('keeps the long baseline in its snapshot and restores it', () => {
    const a = new VolumeSpikeDetector(config);
    feed(a, 300);
    const b = new VolumeSpikeDetector(config);
    b.restore(JSON.parse(JSON.stringify(a.snapshot())));
    const bar = makeBar(300, { volume: 1000 });
    expect(b.score(bar)).toEqual(a.score(bar));
  });

  it('rejects a long lookback not longer than the average', () => {
    expect(() => new VolumeSpikeDetector({ ...config, longLookback: 20 })).toThrow(
      /longLookback must be 0 \(off\) or an integer > lookback \(20\), got 20/,
    );
  });
});

function median(xs: readonly number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

describe('VolumeSpikeDetector', () => {
  it('is silent during warm-up, then reports the multiple of the previous-20-bar average', () => {
    const detector = new VolumeSpikeDetector({ lookback: 20, threshold: 3, criticalMultiple: 6 });
    for (let i = 0; i < 20; i++) {
      expect(detector.score(makeBar(i, { volume: 100 }))).toBeNull();
      detector.learn(makeBar(i, { volume: 100 + i })); // mean of 100..119 = 109.5
    }
    const result = detector.score(makeBar(20, { volume: 438 }));
    expect(result?.raw).toBeCloseTo(438 / 109.5, 12);
    expect(result?.triggered).toBe(true);
    expect(result?.severity).toBe('warning');
    expect(result?.message).toBe('volume 4.0× the 20-bar average');
  });

  it('does not trigger below the threshold and is critical at the critical multiple', () => {
    const detector = new VolumeSpikeDetector({ lookback: 5, threshold: 3, criticalMultiple: 6 });
    for (let i = 0; i < 5; i++) detector.learn(makeBar(i, { volume: 100 }));
    expect(detector.score(makeBar(5, { volume: 299 }))?.triggered).toBe(false);
    expect(detector.score(makeBar(5, { volume: 300 }))?.severity).toBe('warning');
    expect(detector.score(makeBar(5, { volume: 600 }))?.severity).toBe('critical');
  });

  it('scores before learning: the spike bar is not part of its own average', () => {
    const detector = new VolumeSpikeDetector({ lookback: 3, threshold: 3, criticalMultiple: 6 });
    for (let i = 0; i < 3; i++) detector.learn(makeBar(i, { volume: 10 }));
    const spike = makeBar(3, { volume: 40 });
    expect(detector.score(spike)?.raw).toBe(4);
    detector.learn(spike);
    expect(detector.score(makeBar(4, { volume: 20 }))?.raw).toBe(1); // (10 + 10 + 40) / 3 = 20
  });

  it('never divides by a zero average', () => {
    const detector = new VolumeSpikeDetector({ lookback: 3, threshold: 3, criticalMultiple: 6 });
    for (let i = 0; i < 3; i++) detector.learn(makeBar(i, { volume: 0 }));
    expect(detector.score(makeBar(3, { volume: 100 }))).toBeNull();
  });

  it('matches a batch recomputation over a long series', () => {
    const bars = wavyBars(500);
    const op = new DetectorOperator(new VolumeSpikeDetector());
    const streamed: Anomaly[] = [];
    for (const bar of bars) op.next(bar, (a) => streamed.push(a));
    const expected: number[] = [];
    for (let i = 20; i < bars.length; i++) {
      const previous = bars.slice(i - 20, i).reduce((sum, b) => sum + b.volume, 0) / 20;
      if ((bars[i]?.volume ?? 0) / previous >= 3) expected.push(bars[i]?.end ?? 0);
    }
    expect(expected.length).toBeGreaterThan(3);
    expect(streamed.map((a) => a.ts)).toEqual(expected);
  });
});

operatorContract('DetectorOperator(volume_spike)', {
  create: () => new DetectorOperator(new VolumeSpikeDetector()),
  inputs: wavyBars(400),
  minOutputs: 3,
});

const simulated = simulateStream({ seed: 'volume-spike', kinds: ['volume_spike'], days: 5, anomaliesPerSymbolDay: 4 });
const simulatedBars = simulated.bars.get('AAPL') ?? [];

detectorContract('volume_spike on simulated AAPL 1m bars', {
  create: () => new VolumeSpikeDetector(),
  stream: simulatedBars,
  labels: labelBars(simulatedBars, simulated.labels),
  minAuc: 0.75,
});

detectorContract('volume_spike with a 1000-bar median baseline on simulated AAPL 1m bars', {
  create: () => new VolumeSpikeDetector({ ...DEFAULT_VOLUME_SPIKE, longLookback: 1000 }),
  stream: simulatedBars,
  labels: labelBars(simulatedBars, simulated.labels),
  minAuc: 0.75,
});
