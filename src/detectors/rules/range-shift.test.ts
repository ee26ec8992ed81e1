import { describe, expect, it } from 'vitest';
import { makeBar } from '../../../test/helpers/bars.js';
import { detectorContract, labelBars, simulateStream } from '../../../test/contract/detector-contract.js';
import { RangeShiftDetector } from './range-shift.js';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

describe('RangeShiftDetector', () => {
  const config = { shortWindow: 3, longWindow: 5, threshold: 2, criticalThreshold: 3, clip: 3 };
  // Relative ranges of the bars (close 100): calm, then a 4× regime; one bar without range.
  const ranges = [0.01, 0.012, 0.009, 0.011, 0.01, 0, 0.01, 0.012, 0.04, 0.045, 0.038, 0.05];
  const bar = (i: number) => makeBar(i, { close: 100, high: 100 + ranges[i]! * 50, low: 100 - ranges[i]! * 50 });

  it('compares the median log range of the last shortWindow bars with the clipped mean of the longWindow before them', () => {
    const detector = new RangeShiftDetector(config);
    const logs: number[] = []; // log ranges as the detector stores them (clipped once the baseline is full)
    ranges.forEach((_, i) => {
      const result = detector.score(bar(i));
      const raw = Math.log(Math.max(ranges[i]!, 1e-6));
      const baseline = logs.slice(-(config.shortWindow - 1 + config.longWindow), -(config.shortWindow - 1));
      const full = baseline.length === config.longWindow && logs.length >= config.shortWindow - 1 + config.longWindow;
      const mean = baseline.reduce((s, x) => s + x, 0) / baseline.length;
      const x = full ? Math.min(Math.max(raw, mean - 3), mean + 3) : raw;
      if (!full) expect(result).toBeNull();
      else {
        const expected = Math.exp(median([...logs.slice(-(config.shortWindow - 1)), x]) - mean);
        expect(result?.raw).toBeCloseTo(expected, 12);
        expect(result?.triggered).toBe(expected >= 2);
      }
      logs.push(x);
      detector.learn(bar(i));
    });
    // The last bars are a 4× regime.
    expect(detector.score(bar(11))?.triggered).toBe(true);
  });

  it('ignores a single extreme bar (a crash) that a mean of squared returns would not', () => {
    const detector = new RangeShiftDetector({ ...config, shortWindow: 5, longWindow: 20 });
    for (let i = 0; i < 30; i++) {
      const r = i === 27 ? 0.3 : 0.01;
      const b = makeBar(i, { close: 100, high: 100 + r * 50, low: 100 - r * 50 });
      if (i >= 27) expect(detector.score(b)?.triggered).toBe(false);
      detector.learn(b);
    }
  });

  it('rejects impossible windows and thresholds, naming the values', () => {
    expect(() => new RangeShiftDetector({ ...config, shortWindow: 5, longWindow: 5 })).toThrow(
      /shortWindow < longWindow/,
    );
    expect(() => new RangeShiftDetector({ ...config, threshold: 1 })).toThrow(/1 < threshold/);
    expect(() => new RangeShiftDetector({ ...config, clip: 0 })).toThrow(/clip must be positive/);
  });
});

const simulated = simulateStream({
  seed: 'range-shift',
  kinds: ['volatility_regime'],
  days: 5,
  anomaliesPerSymbolDay: 1,
});
const bars = simulated.bars.get('AAPL') ?? [];
detectorContract('range_shift on simulated AAPL 1m bars (volatility regimes)', {
  minAuc: 0.85, // 0.908 measured
  create: () => new RangeShiftDetector(),
  stream: bars,
  labels: labelBars(bars, simulated.labels),
});
