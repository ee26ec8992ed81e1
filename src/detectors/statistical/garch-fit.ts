/**
 * Gaussian GARCH(1,1) with zero mean, fitted by maximum likelihood:
 *
 *   x_t = √h_t · ε_t,   ε_t ~ N(0, 1),   h_t = ω + α·x_{t−1}² + β·h_{t−1},   h_1 = mean(x²)
 *
 * (h_1 as fGarch's default "mci" start, so log-likelihoods compare with R's `garchFit`). The
 * likelihood is maximised by Nelder–Mead over an unconstrained transform that keeps ω > 0,
 * α, β ≥ 0 and α + β < 1, on the series scaled to unit variance (the estimates are scaled back).
 */
import { nelderMead } from './nelder-mead.js';

export interface GarchParameters {
  readonly omega: number;
  readonly alpha: number;
  readonly beta: number;
}

export interface GarchFit extends GarchParameters {
  readonly logLikelihood: number;
  readonly iterations: number;
}

const LOG_TWO_PI = Math.log(2 * Math.PI);

/** Mean of the squares (the start of the variance recursion). */
export function meanSquare(x: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += (x[i] as number) * (x[i] as number);
  return sum / x.length;
}

/** Gaussian log-likelihood of x under the parameters (with the ½·log 2π constant). */
export function garchLogLikelihood(x: ArrayLike<number>, p: GarchParameters): number {
  let h = meanSquare(x);
  let total = 0;
  for (let t = 0; t < x.length; t++) {
    const v = x[t] as number;
    if (t > 0) {
      const previous = x[t - 1] as number;
      h = p.omega + p.alpha * previous * previous + p.beta * h;
    }
    total -= 0.5 * (LOG_TWO_PI + Math.log(h) + (v * v) / h);
  }
  return total;
}

/** The conditional variance for the observation after the last one of x. */
export function garchNextVariance(x: ArrayLike<number>, p: GarchParameters): number {
  let h = meanSquare(x);
  for (let t = 1; t <= x.length; t++) {
    const previous = x[t - 1] as number;
    h = p.omega + p.alpha * previous * previous + p.beta * h;
  }
  return h;
}

const logistic = (u: number): number => 1 / (1 + Math.exp(-u));
const logit = (p: number): number => Math.log(p / (1 - p));

/** Maps unconstrained θ to (ω, α, β) on the unit-variance scale. */
function fromTheta(theta: readonly number[]): GarchParameters {
  const persistence = 0.99999 * logistic(theta[1] as number);
  const share = logistic(theta[2] as number);
  return { omega: Math.exp(theta[0] as number), alpha: persistence * share, beta: persistence * (1 - share) };
}

export function fitGarch(x: ArrayLike<number>): GarchFit {
  if (x.length < 10) throw new Error(`GARCH fit needs at least 10 observations, got ${x.length}`);
  const variance = meanSquare(x);
  if (!(variance > 0)) return { omega: 0, alpha: 0, beta: 0, logLikelihood: Number.NaN, iterations: 0 };
  const scale = Math.sqrt(variance);
  const y = Float64Array.from({ length: x.length }, (_, i) => (x[i] as number) / scale);
  // Start at α = 0.05, β = 0.90 with the unconditional variance 1 (ω = 0.05).
  const start = [Math.log(0.05), logit(0.95 / 0.99999), logit(0.05 / 0.95)];
  const best = nelderMead((theta) => -garchLogLikelihood(y, fromTheta(theta)), start, {
    step: 0.5,
    tolerance: 1e-13,
    maxIterations: 3000,
  });
  const unit = fromTheta(best.point);
  const p = { omega: unit.omega * variance, alpha: unit.alpha, beta: unit.beta };
  return { ...p, logLikelihood: garchLogLikelihood(x, p), iterations: best.iterations };
}
