import { describe, expect, it } from 'vitest';
import { detectorAuc, detectorContract, labelBars, simulateStream } from '../../../test/contract/detector-contract.js';
import { Random } from '../../core/random.js';
import { BarVectorDetector } from '../bar-vector.js';
import type { VectorPoint } from '../detector.js';
import { averagePathLength, DEFAULT_ISOLATION_FOREST, IsolationForestDetector } from './isolation-forest.js';

const config = { ...DEFAULT_ISOLATION_FOREST, trees: 50, sampleSize: 64, trainWindow: 200, refitEvery: 0 };
const gaussian = (random: Random, i: number): VectorPoint => ({
  ts: i,
  values: [random.normal(), 5 + 2 * random.normal(), random.uniform()],
  names: ['a', 'b', 'c'],
});

describe('IsolationForestDetector', () => {
  it('uses c(n) of the paper: c(2) = 1, c(256) ≈ 10.24', () => {
    expect(averagePathLength(1)).toBe(0);
    expect(averagePathLength(2)).toBe(1);
    // 2 (ln 255 + γ) − 2 · 255 / 256, computed by hand.
    expect(averagePathLength(256)).toBeCloseTo(2 * (Math.log(255) + 0.5772156649015329) - 510 / 256, 12);
  });

  it('isolates an outlier quickly and credits the feature whose cuts isolated it', () => {
    const detector = new IsolationForestDetector({ ...config, threshold: 0.5 });
    const random = new Random('iforest');
    for (let i = 0; i < 200; i++) detector.learn(gaussian(random, i));
    const typical = detector.score({ ts: 200, values: [0, 5, 0.5], names: ['a', 'b', 'c'] })!;
    const outlier = detector.score({ ts: 200, values: [0, 20, 0.5], names: ['a', 'b', 'c'] })!;
    expect(typical.triggered).toBe(false);
    expect(outlier.triggered).toBe(true);
    expect(outlier.score).toBeGreaterThan(typical.score + 0.1);
    // Shorter paths than typical, by the score's definition s = 2^(−E[h] / c(ψ)).
    expect(outlier.score).toBeCloseTo(2 ** (-(outlier.context.meanPathLength as number) / averagePathLength(64)), 12);
    expect(outlier.context.meanPathLength).toBeLessThan(typical.context.meanPathLength as number);
    // b is what isolates it; the shares add up to 1.
    const byName = Object.fromEntries(outlier.explanation.map((e) => [e.feature, e.contribution]));
    expect(byName.b).toBeGreaterThan(0.5);
    expect(outlier.explanation.reduce((sum, e) => sum + e.contribution, 0)).toBeCloseTo(1, 12);
    // The isolation bits never exceed log2(sample size).
    expect(outlier.context.isolationBits).toBeLessThanOrEqual(6);
  });

  it('is seeded: the same seed grows the same forest, another seed another', () => {
    const scores = (seed: string): number[] => {
      const detector = new IsolationForestDetector({ ...config, seed });
      const random = new Random('iforest-data');
      const out: number[] = [];
      for (let i = 0; i < 260; i++) {
        const p = gaussian(random, i);
        const r = detector.score(p);
        if (r !== null) out.push(r.score);
        detector.learn(p);
      }
      return out;
    };
    expect(scores('x')).toEqual(scores('x'));
    expect(scores('x')).not.toEqual(scores('y'));
  });
});

const simulated = simulateStream({
  seed: 'iforest',
  kinds: ['volume_spike', 'price_jump', 'flash_crash'],
  days: 5,
  anomaliesPerSymbolDay: 3,
});
const bars = simulated.bars.get('AAPL') ?? [];
const labels = labelBars(bars, simulated.labels);
const create = (seed: string) => () =>
  new BarVectorDetector(
    new IsolationForestDetector({ ...DEFAULT_ISOLATION_FOREST, seed, trainWindow: 400, refitEvery: 600 }),
    ['log_return', 'log_volume', 'log_range'],
  );

it('ranks anomalies well whatever the seed', () => {
  for (const seed of ['one', 'two']) expect(detectorAuc(create(seed)(), bars, labels)).toBeGreaterThan(0.8);
});

detectorContract('isolation_forest on simulated AAPL 1m bars (return, volume, range)', {
  create: create('contract'),
  stream: bars,
  labels,
  minAuc: 0.8,
});
