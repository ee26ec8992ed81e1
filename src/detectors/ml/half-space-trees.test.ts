import { describe, expect, it } from 'vitest';
import { detectorAuc, detectorContract, labelBars, simulateStream } from '../../../test/contract/detector-contract.js';
import { Random } from '../../core/random.js';
import { BarVectorDetector } from '../bar-vector.js';
import type { VectorPoint } from '../detector.js';
import { DEFAULT_HALF_SPACE_TREES, HalfSpaceTreesDetector } from './half-space-trees.js';

const config = { ...DEFAULT_HALF_SPACE_TREES, trees: 10, depth: 6, window: 100, densityThreshold: 0.2 };
const gaussian = (random: Random, i: number): VectorPoint => ({
  ts: i,
  values: [random.normal(), 2 + 0.5 * random.normal()],
  names: ['a', 'b'],
});

describe('HalfSpaceTreesDetector', () => {
  it('keeps mass profiles consistent: each root holds the window, each node the sum of its children', () => {
    const detector = new HalfSpaceTreesDetector(config);
    const random = new Random('hst-mass');
    for (let i = 0; i < 350; i++) detector.learn(gaussian(random, i));
    const { reference, latest, inWindow } = detector.snapshot();
    const nodes = 2 ** 7 - 1;
    expect(inWindow).toBe(50); // 350 = 3 windows + 50
    for (let t = 0; t < 10; t++) {
      expect(reference[t * nodes]).toBe(100);
      expect(latest[t * nodes]).toBe(50);
      for (let node = 0; node < 2 ** 6 - 1; node++) {
        expect(reference[t * nodes + node]).toBe(
          reference[t * nodes + 2 * node + 1]! + reference[t * nodes + 2 * node + 2]!,
        );
      }
    }
  });

  it('scores points far from the data as sparse, typical ones as dense, and names the feature that isolated them', () => {
    const detector = new HalfSpaceTreesDetector(config);
    const random = new Random('hst-far');
    for (let i = 0; i < 300; i++) detector.learn(gaussian(random, i));
    const typical = detector.score({ ts: 300, values: [0, 2], names: ['a', 'b'] });
    const far = detector.score({ ts: 300, values: [0, 6], names: ['a', 'b'] });
    const outside = detector.score({ ts: 300, values: [0, 20], names: ['a', 'b'] });
    expect(typical!.raw).toBeGreaterThan(1);
    expect(far!.raw).toBeLessThan(typical!.raw / 10);
    expect(outside!.raw).toBeLessThanOrEqual(far!.raw);
    expect(outside!.triggered).toBe(true);
    expect(typical!.triggered).toBe(false);
    expect(far!.explanation[1]!.contribution).toBeGreaterThan(0.5); // b is what is unusual
  });

  it('is seeded: another seed grows other trees (other scores), the same seed the same', () => {
    const run = (seed: string): number[] => {
      const detector = new HalfSpaceTreesDetector({ ...config, seed });
      const random = new Random('hst-data');
      const out: number[] = [];
      for (let i = 0; i < 300; i++) {
        const p = gaussian(random, i);
        const r = detector.score(p);
        if (r !== null) out.push(r.raw);
        detector.learn(p);
      }
      return out;
    };
    expect(run('a')).toEqual(run('a'));
    expect(run('a')).not.toEqual(run('b'));
  });
});

const simulated = simulateStream({
  seed: 'hst',
  kinds: ['volume_spike', 'price_jump', 'flash_crash'],
  days: 5,
  anomaliesPerSymbolDay: 3,
});
const bars = simulated.bars.get('AAPL') ?? [];
const labels = labelBars(bars, simulated.labels);
const create = (seed: string) => () =>
  new BarVectorDetector(new HalfSpaceTreesDetector({ ...DEFAULT_HALF_SPACE_TREES, seed }), [
    'log_return',
    'log_volume',
    'log_range',
  ]);

it('ranks anomalies well whatever the seed', () => {
  for (const seed of ['one', 'two', 'three']) expect(detectorAuc(create(seed)(), bars, labels)).toBeGreaterThan(0.8);
});

detectorContract('half_space_trees on simulated AAPL 1m bars (return, volume, range)', {
  create: create('contract'),
  stream: bars,
  labels,
  minAuc: 0.8,
});
