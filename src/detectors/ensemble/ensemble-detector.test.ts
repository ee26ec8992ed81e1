import { describe, expect, it } from 'vitest';
import { detectorAuc, detectorContract, labelBars, simulateStream } from '../../../test/contract/detector-contract.js';
import type { Bar } from '../../core/events.js';
import { BarVectorDetector } from '../bar-vector.js';
import type { Detector, DetectorScore, VectorPoint } from '../detector.js';
import { PriceSpikeDetector } from '../rules/price-spike.js';
import { VolatilitySpikeDetector } from '../rules/volatility-spike.js';
import { VolumeSpikeDetector } from '../rules/volume-spike.js';
import { RobustZScoreDetector } from '../statistical/robust-zscore.js';
import { DEFAULT_ENSEMBLE, EnsembleDetector } from './ensemble-detector.js';

/** A member whose score is one column of the input (so its tail probabilities are easy to predict). */
class ColumnDetector implements Detector<VectorPoint, null> {
  readonly kind = 'test';
  readonly warmUp = 0;
  constructor(
    readonly name: string,
    private readonly column: number,
  ) {}
  score(p: VectorPoint): DetectorScore {
    const s = p.values[this.column] as number;
    return {
      raw: s,
      score: s,
      triggered: false,
      severity: 'info',
      message: `${this.name} ${s}`,
      explanation: [{ feature: 'x', value: s, contribution: 1 }],
      context: {},
    };
  }
  learn(): void {}
  snapshot(): null {
    return null;
  }
  restore(): void {}
  reset(): void {}
}

// Empirical tails keep the expected values computable by hand; the Pareto tail has its own test.
const config = { ...DEFAULT_ENSEMBLE, calibrationWindow: 100, minSamples: 100, tail: 'empirical' as const };
const point = (a: number, b: number): VectorPoint => ({ ts: 0, values: [a, b], names: ['a', 'b'] });

/** Two members learnt on scores 0.00, 0.01, …, 0.99 in each column. */
function trainedPair(combine: 'bonferroni' | 'harmonic' = 'harmonic'): EnsembleDetector<VectorPoint> {
  const ensemble = new EnsembleDetector([new ColumnDetector('first', 0), new ColumnDetector('second', 1)], {
    ...config,
    combine,
  });
  for (let i = 0; i < 100; i++) ensemble.learn(point(i / 100, ((i * 37) % 100) / 100));
  return ensemble;
}

describe('EnsembleDetector', () => {
  it('combines calibrated tail probabilities by the weighted Bonferroni rule (computed by hand)', () => {
    const ensemble = trainedPair('bonferroni');
    // Tail probabilities: score 0.995 → (0 + 1)/101; 0.5 → (50 + 1)/101. Equal weights ½.
    const result = ensemble.score(point(0.995, 0.5));
    const expected = Math.min(1 / 101 / 0.5, 51 / 101 / 0.5);
    expect(result?.context.tailProbability).toBeCloseTo(expected, 12);
    expect(result?.raw).toBeCloseTo(-Math.log10(expected), 12);
    expect(result?.explanation.map((c) => c.feature)).toEqual(['first', 'second']);
    expect(result?.explanation[0]?.contribution).toBeCloseTo(Math.log(101) / (Math.log(101) + Math.log(101 / 51)), 12);
    expect(result?.message).toMatch(/^first \(p 0\.0099, weight 0\.50\): first 0\.995/);
    expect(EnsembleDetector.contributors(result?.context ?? {})).toEqual(['first']);
  });

  it('combines by the weighted harmonic mean p-value: fairly sure members add up (computed by hand)', () => {
    const ensemble = trainedPair('harmonic');
    // 0.975 → (2 + 1)/101 and 0.985 → (1 + 1)/101 (second column's scores are a permutation of 0..0.99).
    const result = ensemble.score(point(0.975, 0.985));
    const expected = 1 / (0.5 / (3 / 101) + 0.5 / (2 / 101));
    expect(result?.context.tailProbability).toBeCloseTo(expected, 12);
    // Smaller than Bonferroni's min p_i / w_i = (2/101) / 0.5: two fairly sure members count for more than one.
    expect(expected).toBeLessThan(2 / 101 / 0.5);
  });

  it('lowers the weight of a member that flags alone, and feedback takes over from agreement', () => {
    const ensemble = trainedPair();
    // "first" flags 20 times with nobody agreeing: its precision (about 1/22 after 20 misses), hence weight, falls.
    for (let i = 0; i < 20; i++) ensemble.learn(point(0.999 + i / 1e5, 0.3)); // each a new maximum: p = 1/101
    const weights = ensemble.weights();
    expect(weights.first).toBeLessThan(0.3);
    // Users confirm first's anomalies: its precision becomes mostly the feedback's (agreement is a prior of 2 verdicts).
    for (let i = 0; i < 10; i++) ensemble.feedback({ members: ['first'], anomalous: true });
    const confirmed = ensemble.weights();
    expect(confirmed.first).toBeGreaterThan(0.5);
    // Verdicts naming other detectors change nothing.
    ensemble.feedback({ members: ['volume_spike'], anomalous: false });
    expect(ensemble.weights()).toEqual(confirmed);
    // Rejections bring it down again.
    for (let i = 0; i < 30; i++) ensemble.feedback({ members: ['first'], anomalous: false });
    expect(ensemble.weights().first).toBeLessThan(confirmed.first!);
    // And a snapshot keeps the counts.
    const copy = trainedPair();
    copy.restore(JSON.parse(JSON.stringify(ensemble.snapshot())));
    expect(copy.weights()).toEqual(ensemble.weights());
  });
});

// The default bar ensemble on volume spikes, price jumps and flash crashes.
const simulated = simulateStream({
  seed: 'ensemble',
  kinds: ['volume_spike', 'price_jump', 'flash_crash'],
  days: 5,
  anomaliesPerSymbolDay: 3,
});
const bars = simulated.bars.get('AAPL') ?? [];
const labels = labelBars(bars, simulated.labels);
const members = (): Array<Detector<Bar>> => [
  new VolumeSpikeDetector(),
  new PriceSpikeDetector({ lookback: 20, threshold: 0.02, criticalThreshold: 0.05 }),
  new VolatilitySpikeDetector(),
  new BarVectorDetector(new RobustZScoreDetector(), ['log_return', 'log_volume', 'log_range']),
];
const create = (): EnsembleDetector<Bar> =>
  new EnsembleDetector(members(), {
    ...DEFAULT_ENSEMBLE,
    calibrationWindow: 1000,
    minSamples: 100,
    tailProbability: 0.01,
  });

it('the ensemble ranks anomalies at least as well as its best member but one', () => {
  const aucs = members().map((m) => detectorAuc(m, bars, labels));
  const sorted = [...aucs].sort((a, b) => b - a);
  expect(detectorAuc(create(), bars, labels)).toBeGreaterThanOrEqual(sorted[1]!);
});

detectorContract('ensemble of volume spike, price spike, volatility spike and robust z-score', {
  create,
  stream: bars,
  labels,
  minAuc: 0.85,
});
