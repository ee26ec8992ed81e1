import { describe, expect, it } from 'vitest';
import { detectorContract, labelBars, simulateStream } from '../../../test/contract/detector-contract.js';
import { Random } from '../../core/random.js';
import { BarVectorDetector } from '../bar-vector.js';
import type { VectorPoint } from '../detector.js';
import { fitGarch, garchNextVariance } from './garch-fit.js';
import { GarchDetector } from './garch.js';

const point = (ts: number, x: number): VectorPoint => ({ ts, values: [x], names: ['r'] });

describe('GarchDetector', () => {
  it('warms up on fitWindow values, then scores x / √h with h from the fit (recomputed here)', () => {
    const random = new Random('garch-unit');
    const xs = Array.from({ length: 260 }, () => 0.01 * random.normal());
    const detector = new GarchDetector({
      column: 0,
      fitWindow: 200,
      refitEvery: 0,
      threshold: 4,
      criticalThreshold: 6,
    });
    xs.slice(0, 200).forEach((x, i) => {
      expect(detector.score(point(i, x))).toBeNull();
      detector.learn(point(i, x));
    });
    const fit = fitGarch(xs.slice(0, 200));
    let h = garchNextVariance(xs.slice(0, 200), fit);
    for (let i = 200; i < 260; i++) {
      const x = xs[i] as number;
      expect(detector.score(point(i, x))?.raw).toBeCloseTo(x / Math.sqrt(h), 9);
      detector.learn(point(i, x));
      h = fit.omega + fit.alpha * x * x + fit.beta * h;
    }
    expect(detector.score(point(260, 10 * Math.sqrt(h)))?.severity).toBe('critical');
  });
});

const simulated = simulateStream({
  seed: 'garch',
  kinds: ['price_jump', 'flash_crash'],
  days: 5,
  anomaliesPerSymbolDay: 3,
});
const bars = simulated.bars.get('AAPL') ?? [];
detectorContract('garch on simulated AAPL 1m log returns', {
  create: () =>
    new BarVectorDetector(
      new GarchDetector({ ...{ column: 0, fitWindow: 300, refitEvery: 400, threshold: 4, criticalThreshold: 6 } }),
    ),
  stream: bars,
  labels: labelBars(bars, simulated.labels),
});
