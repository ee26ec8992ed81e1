import { describe, expect, it } from 'vitest';
import { detectorContract, labelBars, simulateStream } from '../../../test/contract/detector-contract.js';
import { BarVectorDetector } from '../bar-vector.js';
import type { VectorPoint } from '../detector.js';
import { CUSUMDetector } from './cusum.js';

const point = (i: number, x: number): VectorPoint => ({ ts: i, values: [x], names: ['x'] });

describe('CUSUMDetector', () => {
  it('accumulates standardised deviations beyond k and alarms at h, then restarts', () => {
    const detector = new CUSUMDetector({ column: 0, k: 0.5, h: 5, criticalH: 10, baselineHalfLife: 1e12, warmUp: 100 });
    // Warm-up: ±1 alternating → mean 0, standard deviation 1.
    for (let i = 0; i < 100; i++) detector.learn(point(i, i % 2 ? 1 : -1));
    // Shifts of +2: S⁺ grows by about 1.5 a value (the baseline drifts a little: it keeps learning).
    const upper: number[] = [];
    for (let i = 0; i < 5; i++) {
      const result = detector.score(point(100 + i, 2));
      upper.push(result?.raw ?? Number.NaN);
      detector.learn(point(100 + i, 2));
    }
    expect(upper[0]).toBeCloseTo(1.5, 12);
    expect(upper[1]).toBeGreaterThan(2.8);
    expect(upper[1]).toBeLessThan(3);
    expect(upper.findIndex((u) => u >= 5)).toBe(3);
    // After the alarm the sums restart from zero: the next value starts a new sum.
    expect(upper[4]).toBeLessThan(1.5);
    expect(detector.score(point(106, -3))?.raw).toBeLessThan(-2);
  });
});

const simulated = simulateStream({
  seed: 'cusum',
  kinds: ['liquidity_drought', 'volume_spike'],
  days: 5,
  anomaliesPerSymbolDay: 2,
});
const bars = simulated.bars.get('AAPL') ?? [];
detectorContract('cusum on simulated AAPL 1m log volume (droughts and spikes)', {
  create: () => new BarVectorDetector(new CUSUMDetector(), ['log_volume']),
  stream: bars,
  labels: labelBars(bars, simulated.labels),
});
