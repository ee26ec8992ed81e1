import { describe, expect, it } from 'vitest';
import { detectorContract, labelChangeBars, simulateStream } from '../../../test/contract/detector-contract.js';
import { Random } from '../../core/random.js';
import { BarVectorDetector } from '../bar-vector.js';
import type { VectorPoint } from '../detector.js';
import { BayesianChangePointDetector } from './bayesian-changepoint.js';
import { logGamma } from './log-gamma.js';

const point = (i: number, x: number): VectorPoint => ({ ts: i, values: [x], names: ['x'] });

/**
 * Oracle: Adams & MacKay's algorithm written out directly, untruncated, in probability space,
 * with the Student-t predictive density of the Normal–Gamma model.
 */
function reference(xs: number[], warmUp: number, lambda: number, recentRun: number): number[] {
  const warm = xs.slice(0, warmUp);
  const m0 = warm.reduce((s, v) => s + v, 0) / warmUp;
  const v0 = warm.reduce((s, v) => s + (v - m0) ** 2, 0) / (warmUp - 1);
  const h = 1 / lambda;
  // The first run has seen the warm-up values.
  const first = { p: 1, mu: m0, kappa: 1, alpha: 2, beta: v0 };
  for (const x of warm) {
    first.beta += (first.kappa * (x - first.mu) ** 2) / (2 * (first.kappa + 1));
    first.mu = (first.kappa * first.mu + x) / (first.kappa + 1);
    first.kappa += 1;
    first.alpha += 0.5;
  }
  let runs = [...Array.from({ length: warmUp }, () => ({ p: 0, mu: m0, kappa: 1, alpha: 2, beta: v0 })), first];
  runs.forEach((run, r) => (run.alpha = 2 + r / 2));
  const out: number[] = [];
  for (const x of xs.slice(warmUp)) {
    const predictive = runs.map(({ mu, kappa, alpha, beta }) => {
      const nu = 2 * alpha;
      const s2 = (beta * (kappa + 1)) / (alpha * kappa);
      return (
        (Math.exp(logGamma((nu + 1) / 2) - logGamma(nu / 2)) / Math.sqrt(nu * Math.PI * s2)) *
        (1 + (x - mu) ** 2 / (nu * s2)) ** (-(nu + 1) / 2)
      );
    });
    const grown = runs.map((run, r) => ({
      p: run.p * (predictive[r] as number) * (1 - h),
      mu: (run.kappa * run.mu + x) / (run.kappa + 1),
      kappa: run.kappa + 1,
      alpha: run.alpha + 0.5,
      beta: run.beta + (run.kappa * (x - run.mu) ** 2) / (2 * (run.kappa + 1)),
    }));
    const change = runs.reduce((s, run, r) => s + run.p * (predictive[r] as number) * h, 0);
    runs = [{ p: change, mu: m0, kappa: 1, alpha: 2, beta: v0 }, ...grown];
    const total = runs.reduce((s, run) => s + run.p, 0);
    runs.forEach((run) => (run.p /= total));
    out.push(runs.slice(0, recentRun).reduce((s, run) => s + run.p, 0));
  }
  return out;
}

describe('BayesianChangePointDetector', () => {
  it('matches a direct, untruncated implementation while runs are shorter than the truncation', () => {
    const random = new Random('bocpd');
    const xs = Array.from({ length: 150 }, (_, i) => (i < 90 ? random.normal() : 3 + random.normal()));
    const config = { column: 0, expectedRunLength: 100, maxRunLength: 200, recentRun: 10, threshold: 0.5, warmUp: 20 };
    const detector = new BayesianChangePointDetector(config);
    const scores: number[] = [];
    xs.forEach((x, i) => {
      const result = detector.score(point(i, x));
      if (result !== null) scores.push(result.raw);
      detector.learn(point(i, x));
    });
    const expected = reference(xs, 20, 100, 10);
    expect(scores).toHaveLength(expected.length);
    scores.forEach((s, i) => expect(s).toBeCloseTo(expected[i] as number, 9));
    // The shift at 90 (score index 70) is found within a few values and not before.
    expect(Math.max(...scores.slice(0, 70))).toBeLessThan(0.3);
    expect(Math.max(...scores.slice(70, 80))).toBeGreaterThan(0.5);
  });

  it('stays bounded: the run-length distribution never exceeds maxRunLength', () => {
    const detector = new BayesianChangePointDetector({
      column: 0,
      expectedRunLength: 50,
      maxRunLength: 40,
      recentRun: 5,
      threshold: 0.5,
      warmUp: 10,
    });
    const random = new Random('bounded');
    for (let i = 0; i < 500; i++) detector.learn(point(i, random.normal()));
    const state = detector.snapshot();
    expect(state.probability).toHaveLength(40);
    expect(state.probability.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
  });
});

const simulated = simulateStream({
  seed: 'bocpd',
  kinds: ['volume_spike', 'flash_crash'],
  days: 5,
  anomaliesPerSymbolDay: 1.5,
});
const bars = simulated.bars.get('AAPL') ?? [];
detectorContract('bayesian_changepoint on simulated AAPL 1m log volume (changes: volume spikes, flash crashes)', {
  minAuc: 0.75,
  create: () => new BarVectorDetector(new BayesianChangePointDetector(), ['log_volume']),
  stream: bars,
  labels: labelChangeBars(bars, simulated.labels, 15 * 60_000_000), // 15 min after each change
});
