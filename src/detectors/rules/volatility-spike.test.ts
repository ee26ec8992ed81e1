import { describe, expect, it } from 'vitest';
import { makeBar } from '../../../test/helpers/bars.js';
import { detectorContract, labelBars, simulateStream } from '../../../test/contract/detector-contract.js';
import { VolatilitySpikeDetector } from './volatility-spike.js';

describe('VolatilitySpikeDetector', () => {
  it('compares short and long realised volatility, recomputed here from the closes', () => {
    const config = { shortWindow: 3, longWindow: 6, threshold: 2, criticalThreshold: 4 };
    const detector = new VolatilitySpikeDetector(config);
    const closes = [100, 101, 100, 101.5, 100.5, 101, 100, 100.8, 100.2, 104, 97];
    closes.forEach((close, i) => {
      const bar = makeBar(i, { close });
      const result = detector.score(bar);
      const returns = closes.slice(1, i + 1).map((c, j) => Math.log(c / (closes[j] as number)));
      if (returns.length < 9) expect(result).toBeNull();
      else {
        const rms = (xs: number[]): number => Math.sqrt(xs.reduce((s, x) => s + x * x, 0) / xs.length);
        const expected = rms(returns.slice(-3)) / rms(returns.slice(-9, -3));
        expect(result?.raw).toBeCloseTo(expected, 12);
        expect(result?.triggered).toBe(expected >= 2);
      }
      detector.learn(bar);
    });
  });
});

const simulated = simulateStream({
  seed: 'volatility',
  kinds: ['price_jump', 'flash_crash'],
  days: 5,
  anomaliesPerSymbolDay: 1.5,
});
const bars = simulated.bars.get('AAPL') ?? [];
detectorContract('volatility_spike on simulated AAPL 1m bars (price jumps, flash crashes)', {
  minAuc: 0.85,
  create: () => new VolatilitySpikeDetector(),
  stream: bars,
  labels: labelBars(bars, simulated.labels),
});
