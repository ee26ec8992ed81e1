import { describe, expect, it } from 'vitest';
import { detectorContract } from '../../../test/contract/detector-contract.js';
import { Random } from '../../core/random.js';
import type { VectorPoint } from '../detector.js';
import { scoreThenLearn } from '../detector.js';
import { LSTMAutoencoderDetector, type Reconstructor } from './lstm-autoencoder.js';
import { FeatureProjector, fitScaling, quantile } from './lstm-autoencoder-scaling.js';

/** A stand-in network: reconstructs every step of a window as the window's mean (per feature). */
class MeanReconstructor implements Reconstructor {
  calls = 0;
  constructor(
    readonly windowLength: number,
    readonly features: number,
  ) {}
  reconstruct(windows: Float32Array, count: number): Float32Array {
    this.calls++;
    const { windowLength: L, features: d } = this;
    const out = new Float32Array(count * L * d);
    for (let w = 0; w < count; w++)
      for (let f = 0; f < d; f++) {
        let sum = 0;
        for (let t = 0; t < L; t++) sum += windows[(w * L + t) * d + f] as number;
        for (let t = 0; t < L; t++) out[(w * L + t) * d + f] = sum / L;
      }
    return out;
  }
}

const NAMES = ['a', 'b', 'c'];
const SCALING = { names: NAMES, center: [1, 0, -1], scale: [2, 1, 0.5], clip: 20 };
const TRAINING_ERRORS = Array.from({ length: 200 }, (_, i) => i / 100);

/** Seeded Gaussian rows with spikes on one column every ~50 rows (the labels). */
function stream(seed: string, length: number): { points: VectorPoint[]; labels: boolean[] } {
  const random = new Random(seed);
  const points: VectorPoint[] = [];
  const labels: boolean[] = [];
  for (let i = 0; i < length; i++) {
    const spike = i > 20 && random.chance(0.02);
    const values = NAMES.map((_, f) => (SCALING.center[f] as number) + (SCALING.scale[f] as number) * random.normal());
    if (spike) values[i % 3] = (values[i % 3] as number) + 8 * (SCALING.scale[i % 3] as number);
    points.push({ ts: i * 60_000_000, names: NAMES, values });
    labels.push(spike);
  }
  return { points, labels };
}

describe('LSTMAutoencoderDetector (pure half, mean reconstructor)', () => {
  it('scores the newest step error of the window ending at the input (direct recomputation as oracle)', () => {
    const L = 5;
    const detector = new LSTMAutoencoderDetector(new MeanReconstructor(L, 3), SCALING, TRAINING_ERRORS);
    const { points } = stream('oracle', 60);
    const scaled = points.map((p) =>
      NAMES.map((_, f) => ((p.values[f] as number) - SCALING.center[f]!) / SCALING.scale[f]!),
    );
    points.forEach((point, i) => {
      const result = scoreThenLearn(detector, point);
      if (i < L - 1) return expect(result).toBeNull();
      const window = scaled.slice(i - L + 1, i + 1);
      const errors = NAMES.map((_, f) => {
        const mean = window.reduce((s, row) => s + row[f]!, 0) / L;
        return (window[L - 1]![f]! - mean) ** 2;
      });
      const raw = errors.reduce((a, b) => a + b, 0) / 3;
      expect(result?.raw).toBeCloseTo(raw, 5); // float32 network input
      const p = (TRAINING_ERRORS.filter((e) => e >= result!.raw).length + 1) / (TRAINING_ERRORS.length + 1);
      expect(result?.score).toBeCloseTo(1 - p, 12);
      expect(result?.triggered).toBe(p <= 0.01);
      const shares = result!.explanation.map((c) => c.contribution);
      expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      errors.forEach((e, f) => expect(shares[f]).toBeCloseTo(e / (raw * 3), 5));
    });
  });

  it('maps features by name, and missing or non-finite values to the centre', () => {
    const projector = new FeatureProjector(SCALING);
    const out = new Float64Array(3);
    projector.project({ ts: 0, names: ['c', 'x', 'a'], values: [0, 5, Number.NaN] }, out);
    expect(Array.from(out)).toEqual([0, 0, 2]); // a: NaN → centre; b: absent → centre; c: (0 − −1) / 0.5
    projector.project({ ts: 0, names: ['a', 'b', 'c'], values: [1e9, -1e9, -1] }, out);
    expect(Array.from(out)).toEqual([20, -20, 0]); // clipped
  });

  it('fits robust scaling: median and IQR/1.349 (hand-computed), std when the IQR is 0', () => {
    const rows = Float64Array.from([1, 0, 2, 0, 3, 0, 4, 0, 100, 1]); // columns [1,2,3,4,100] and [0,0,0,0,1]
    const scaling = fitScaling(['x', 'y'], rows);
    expect(scaling.center).toEqual([3, 0]);
    expect(scaling.scale[0]).toBeCloseTo((4 - 2) / 1.349, 12);
    expect(scaling.scale[1]).toBeCloseTo(Math.sqrt(1 / 4), 12); // deviations from the median 0, n − 1 = 4
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
  });
});

const labelled = stream('contract', 1500);
detectorContract('lstm_autoencoder (pure half with a mean reconstructor)', {
  create: () => new LSTMAutoencoderDetector(new MeanReconstructor(8, 3), SCALING, TRAINING_ERRORS),
  stream: labelled.points,
  labels: labelled.labels,
  minAuc: 0.9,
});
