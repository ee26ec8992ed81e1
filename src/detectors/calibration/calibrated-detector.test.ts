import { describe, expect, it } from 'vitest';
import { detectorContract, labelBars, simulateStream } from '../../../test/contract/detector-contract.js';
import type { Bar } from '../../core/events.js';
import { BarVectorDetector } from '../bar-vector.js';
import type { Detector } from '../detector.js';
import { scoreThenLearn } from '../detector.js';
import { VolumeSpikeDetector } from '../rules/volume-spike.js';
import { RSIExtremesDetector } from '../rules/rsi-extremes.js';
import { RobustZScoreDetector } from '../statistical/robust-zscore.js';
import { EWMAChartDetector } from '../statistical/ewma-chart.js';
import { CalibratedDetector } from './calibrated-detector.js';
import { TailCalibrator } from './tail-calibrator.js';

describe('TailCalibrator', () => {
  it('gives the conservative empirical p-value over the last `window` scores (batch count as oracle)', () => {
    const calibrator = new TailCalibrator(10);
    const scores = [0.1, 0.5, 0.5, 0.9, 0.2, 0.7, 0.3, 0.5, 0.8, 0.4, 0.6, 0.05, 0.95];
    scores.forEach((s, i) => {
      const recent = scores.slice(Math.max(0, i - 10), i);
      for (const q of [0, 0.5, 0.85, 1]) {
        expect(calibrator.tailProbability(q)).toBe((recent.filter((r) => r >= q).length + 1) / (recent.length + 1));
      }
      calibrator.record(s);
    });
  });
});

describe('CalibratedDetector', () => {
  // One quiet simulated week (no anomalies): calibrated scores should be uniform for every detector.
  const quiet =
    simulateStream({ seed: 'calibration', kinds: ['volume_spike'], days: 5, anomaliesPerSymbolDay: 0 }).bars.get(
      'AAPL',
    ) ?? [];
  const detectors: Array<() => Detector<Bar>> = [
    () => new VolumeSpikeDetector(),
    () => new RSIExtremesDetector(),
    () => new BarVectorDetector(new RobustZScoreDetector(), ['log_return', 'log_volume', 'log_range']),
    () => new BarVectorDetector(new EWMAChartDetector(), ['log_volume']),
  ];

  it('makes one threshold mean the same across detectors: about 5% of quiet bars reach p ≤ 0.05', () => {
    for (const create of detectors) {
      const calibrated = new CalibratedDetector(create(), { window: 500, minSamples: 200, tailProbability: 0.05 });
      const results = quiet.map((bar) => scoreThenLearn(calibrated, bar)).filter((r) => r !== null);
      const share = results.filter((r) => r.triggered).length / results.length;
      expect(results.length).toBeGreaterThan(1000);
      expect(share, calibrated.name).toBeGreaterThan(0.02);
      expect(share, calibrated.name).toBeLessThan(0.08);
    }
  });

  it('keeps the inner raw score and explanation, and reports the tail probability', () => {
    const calibrated = new CalibratedDetector(new VolumeSpikeDetector(), {
      window: 100,
      minSamples: 50,
      tailProbability: null,
    });
    const inner = new VolumeSpikeDetector();
    for (const bar of quiet.slice(0, 300)) {
      const a = scoreThenLearn(calibrated, bar);
      const b = scoreThenLearn(inner, bar);
      if (a === null) continue;
      expect(a.raw).toBe(b?.raw);
      expect(a.triggered).toBe(b?.triggered);
      expect(a.explanation).toEqual(b?.explanation);
      expect(a.score).toBeCloseTo(1 - (a.context.tailProbability as number), 15);
    }
  });
});

const simulated = simulateStream({ seed: 'calibrated', kinds: ['volume_spike'], days: 5, anomaliesPerSymbolDay: 4 });
const bars = simulated.bars.get('AAPL') ?? [];
detectorContract('calibrated volume_spike (tail probability ≤ 0.01 triggers)', {
  create: () =>
    new CalibratedDetector(new VolumeSpikeDetector(), { window: 500, minSamples: 100, tailProbability: 0.01 }),
  stream: bars,
  labels: labelBars(bars, simulated.labels),
});
