import { describe, expect, it } from 'vitest';
import { Random } from '../../core/random.js';
import { fitGaussianHMM, hmmLogLikelihood, type GaussianHMMParameters } from './gaussian-hmm.js';

const density = (x: number, m: number, v: number): number =>
  Math.exp(-((x - m) ** 2) / (2 * v)) / Math.sqrt(2 * Math.PI * v);

describe('Gaussian HMM', () => {
  it('forward log-likelihood equals brute-force enumeration of all state paths (oracle)', () => {
    const p: GaussianHMMParameters = {
      initial: [0.6, 0.3, 0.1],
      transition: [0.8, 0.15, 0.05, 0.1, 0.7, 0.2, 0.3, 0.3, 0.4],
      means: [0, 1, -2],
      variances: [1, 0.5, 4],
    };
    const x = [0.3, 1.2, -0.4, 2.5, -3, 0.9];
    let total = 0;
    for (let path = 0; path < 3 ** x.length; path++) {
      const states = x.map((_, t) => Math.floor(path / 3 ** t) % 3);
      let probability =
        (p.initial[states[0]!] as number) * density(x[0]!, p.means[states[0]!]!, p.variances[states[0]!]!);
      for (let t = 1; t < x.length; t++)
        probability *=
          p.transition[states[t - 1]! * 3 + states[t]!]! *
          density(x[t]!, p.means[states[t]!]!, p.variances[states[t]!]!);
      total += probability;
    }
    expect(hmmLogLikelihood(x, p)).toBeCloseTo(Math.log(total), 10);
  });

  it('recovers a known two-regime model from 4000 simulated values', () => {
    const random = new Random('hmm');
    const truth = { stay: [0.99, 0.97], sd: [1, 3], mean: [0.1, -0.3] };
    const x: number[] = [];
    let s = 0;
    for (let t = 0; t < 4000; t++) {
      if (random.uniform() > truth.stay[s]!) s = 1 - s;
      x.push(truth.mean[s]! + truth.sd[s]! * random.normal());
    }
    const fit = fitGaussianHMM(x, 2);
    expect(Math.abs(Math.sqrt(fit.variances[0]!) - 1)).toBeLessThan(0.15);
    expect(Math.abs(Math.sqrt(fit.variances[1]!) - 3)).toBeLessThan(0.3);
    expect(Math.abs(fit.transition[0]! - 0.99)).toBeLessThan(0.01);
    expect(Math.abs(fit.transition[3]! - 0.97)).toBeLessThan(0.02);
    expect(Math.abs(fit.means[1]! + 0.3)).toBeLessThan(0.3);
    // EM never decreases the likelihood: the fit beats its own starting point and a perturbed optimum.
    const perturbed = { ...fit, variances: [fit.variances[0]! * 1.2, fit.variances[1]!] };
    expect(fit.logLikelihood).toBeGreaterThan(hmmLogLikelihood(x, perturbed));
    expect(fit.occupancy[0]).toBeGreaterThan(0.6);
  });
});
