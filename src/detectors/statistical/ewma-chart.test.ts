import { describe, expect, it } from 'vitest';
import { detectorContract, labelBars, simulateStream } from '../../../test/contract/detector-contract.js';
import { Random } from '../../core/random.js';
import { BarVectorDetector } from '../bar-vector.js';
import type { VectorPoint } from '../detector.js';
import { EWMAChartDetector } from './ewma-chart.js';

const point = (i: number, x: number): VectorPoint => ({ ts: i, values: [x], names: ['x'] });

describe('EWMAChartDetector', () => {
  it('follows the EWMA chart recursion against the warm-up mean and standard deviation', () => {
    const config = { column: 0, lambda: 0.2, limit: 3, criticalLimit: 5, baselineHalfLife: 1e9, warmUp: 400 };
    const detector = new EWMAChartDetector(config);
    const random = new Random('ewma');
    const xs = Array.from({ length: 400 }, () => 5 + random.normal());
    xs.forEach((x, i) => detector.learn(point(i, x)));
    // With an (effectively) infinite half-life the baseline is the plain mean and population variance.
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    const chartSigma = sd * Math.sqrt(0.2 / 1.8);
    const first = detector.score(point(400, mean + 2 * sd));
    expect(first?.raw).toBeCloseTo((0.2 * 2 * sd) / chartSigma, 6);
    // A sustained 1.5 σ shift crosses the limit within a few values although no single value is extreme.
    let crossed = -1;
    for (let i = 0; i < 20 && crossed < 0; i++) {
      const p = point(401 + i, mean + 1.5 * sd);
      if (detector.score(p)?.triggered === true) crossed = i;
      detector.learn(p);
    }
    expect(crossed).toBeGreaterThanOrEqual(2);
    expect(crossed).toBeLessThanOrEqual(8);
  });
});

const simulated = simulateStream({
  seed: 'ewma',
  kinds: ['volume_spike', 'liquidity_drought'],
  days: 5,
  anomaliesPerSymbolDay: 3,
});
const bars = simulated.bars.get('AAPL') ?? [];
detectorContract('ewma_chart on simulated AAPL 1m log volume', {
  create: () => new BarVectorDetector(new EWMAChartDetector(), ['log_volume']),
  stream: bars,
  labels: labelBars(bars, simulated.labels),
});
