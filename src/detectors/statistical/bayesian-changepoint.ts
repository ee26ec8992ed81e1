/**
 * Bayesian online change-point detection (Adams & MacKay 2007) on one column.
 *
 * The run length r_t (values since the last change) has a posterior P(r_t | x_1..t), updated per
 * value by the predictive probability of x under each run's Normal–Gamma posterior (unknown mean
 * and variance; the predictive is a Student t) and a constant hazard 1/λ of a change. The
 * distribution is truncated at `maxRunLength` (mass that would pass it is dropped and the rest
 * renormalised), so an update costs O(maxRunLength) time and memory.
 *
 * The prior is set from the first `warmUp` values (their mean, and their variance as the prior
 * expected variance). Raw score: the posterior probability that a change happened within the last
 * `recentRun` values, P(r_t < recentRun) — near 0 in a stable regime, near 1 soon after a change.
 */
import type { DetectorScore, VectorDetector, VectorPoint } from '../detector.js';
import { logGamma } from './log-gamma.js';

export interface BayesianChangePointConfig {
  readonly column: number;
  /** Expected run length between changes (1 / hazard). */
  readonly expectedRunLength: number;
  readonly maxRunLength: number;
  /** Runs shorter than this count as "a recent change". */
  readonly recentRun: number;
  /** Probability of a recent change that triggers. */
  readonly threshold: number;
  readonly warmUp: number;
}

export const DEFAULT_BAYESIAN_CHANGE_POINT: BayesianChangePointConfig = {
  column: 0,
  expectedRunLength: 250,
  maxRunLength: 300,
  recentRun: 10,
  threshold: 0.5,
  warmUp: 30,
};

export interface BayesianChangePointState {
  /** Warm-up values (until the prior is set). */
  readonly warm: number[];
  /** Prior mean and variance, or null while warming up. */
  readonly prior: { readonly mean: number; readonly variance: number } | null;
  /** Run-length probabilities and the Normal–Gamma posterior of each run (index = run length). */
  readonly probability: number[];
  readonly mean: number[];
  readonly kappa: number[];
  readonly beta: number[];
}

const PRIOR_KAPPA = 1;
const PRIOR_ALPHA = 2;

export class BayesianChangePointDetector implements VectorDetector<BayesianChangePointState> {
  readonly name = 'bayesian_changepoint';
  readonly kind = 'change_point';
  readonly warmUp: number;
  private readonly hazard: number;
  /** lnΓ(α_r + ½) − lnΓ(α_r) with α_r = α₀ + r/2 (depends only on r). */
  private readonly logGammaRatio: Float64Array;
  private warm: number[] = [];
  private prior: { mean: number; variance: number } | null = null;
  private size = 0;
  private probability: Float64Array;
  private mean: Float64Array;
  private kappa: Float64Array;
  private beta: Float64Array;
  // Scratch for the next distribution (score fills it without committing it).
  private nextProbability: Float64Array;
  private readonly logPredictive: Float64Array;

  constructor(private readonly config: BayesianChangePointConfig = DEFAULT_BAYESIAN_CHANGE_POINT) {
    if (!(config.expectedRunLength > 1)) throw new Error('bayesian_changepoint.expectedRunLength must be > 1');
    if (!(Number.isInteger(config.maxRunLength) && config.maxRunLength > config.recentRun))
      throw new Error('bayesian_changepoint.maxRunLength must be an integer > recentRun');
    if (!(config.warmUp >= 3)) throw new Error('bayesian_changepoint.warmUp must be ≥ 3');
    this.hazard = 1 / config.expectedRunLength;
    this.warmUp = config.warmUp;
    const n = config.maxRunLength;
    this.logGammaRatio = Float64Array.from({ length: n }, (_, r) => {
      const alpha = PRIOR_ALPHA + r / 2;
      return logGamma(alpha + 0.5) - logGamma(alpha);
    });
    this.probability = new Float64Array(n);
    this.mean = new Float64Array(n);
    this.kappa = new Float64Array(n);
    this.beta = new Float64Array(n);
    this.nextProbability = new Float64Array(n);
    this.logPredictive = new Float64Array(n);
  }

  /** Fills nextProbability with P(r_t | x_1..t) after x; returns the log evidence ratio (unused). */
  private update(x: number): void {
    const n = this.size;
    const logPredictive = this.logPredictive;
    let maxLog = Number.NEGATIVE_INFINITY;
    for (let r = 0; r < n; r++) {
      const alpha = PRIOR_ALPHA + r / 2;
      const kappa = this.kappa[r] as number;
      const scale2 = ((this.beta[r] as number) * (kappa + 1)) / (alpha * kappa);
      const nu = 2 * alpha;
      const d = x - (this.mean[r] as number);
      const value =
        (this.logGammaRatio[r] as number) -
        0.5 * Math.log(nu * Math.PI * scale2) -
        (alpha + 0.5) * Math.log1p((d * d) / (nu * scale2));
      logPredictive[r] = value;
      if (value > maxLog) maxLog = value;
    }
    const next = this.nextProbability;
    const limit = this.config.maxRunLength;
    let change = 0;
    let total = 0;
    for (let r = Math.min(n, limit - 1); r >= 1; r--) {
      const joint = (this.probability[r - 1] as number) * Math.exp((logPredictive[r - 1] as number) - maxLog);
      next[r] = joint * (1 - this.hazard);
      total += next[r] as number;
    }
    for (let r = 0; r < n; r++)
      change += (this.probability[r] as number) * Math.exp((logPredictive[r] as number) - maxLog);
    next[0] = change * this.hazard;
    total += next[0] as number;
    const size = Math.min(n + 1, limit);
    if (!(total > 0)) {
      next.fill(0);
      next[0] = 1;
      return;
    }
    for (let r = 0; r < size; r++) next[r] = (next[r] as number) / total;
  }

  private recentChange(): number {
    const size = Math.min(this.size + 1, this.config.maxRunLength);
    let recent = 0;
    for (let r = 0; r < Math.min(size, this.config.recentRun); r++) recent += this.nextProbability[r] as number;
    return Math.min(1, Math.max(0, recent));
  }

  score(point: VectorPoint): DetectorScore | null {
    if (this.prior === null) return null;
    const x = point.values[this.config.column] as number;
    this.update(x);
    const recent = this.recentChange();
    const size = Math.min(this.size + 1, this.config.maxRunLength);
    let mode = 0;
    for (let r = 1; r < size; r++)
      if ((this.nextProbability[r] as number) > (this.nextProbability[mode] as number)) mode = r;
    const name = point.names[this.config.column] ?? `column_${this.config.column}`;
    return {
      raw: recent,
      score: recent,
      triggered: recent >= this.config.threshold,
      severity: recent >= 0.9 ? 'critical' : recent >= this.config.threshold ? 'warning' : 'info',
      message: `change point in ${name}: ${(recent * 100).toFixed(0)}% probability of a change within ${this.config.recentRun} values`,
      explanation: [
        { feature: name, value: x, contribution: 1 },
        { feature: 'most_likely_run_length', value: mode, contribution: 0 },
      ],
      context: { recentChangeProbability: recent, mostLikelyRunLength: mode },
    };
  }

  learn(point: VectorPoint): void {
    const x = point.values[this.config.column] as number;
    if (!Number.isFinite(x)) return;
    if (this.prior === null) {
      this.warm.push(x);
      if (this.warm.length >= this.warmUp) this.start();
      return;
    }
    this.update(x);
    const size = Math.min(this.size + 1, this.config.maxRunLength);
    // Posterior of run r+1 from run r's posterior and x (descending so nothing is overwritten early).
    for (let r = size - 1; r >= 1; r--) {
      const kappa = this.kappa[r - 1] as number;
      const mean = this.mean[r - 1] as number;
      const d = x - mean;
      this.beta[r] = (this.beta[r - 1] as number) + (kappa * d * d) / (2 * (kappa + 1));
      this.mean[r] = (kappa * mean + x) / (kappa + 1);
      this.kappa[r] = kappa + 1;
    }
    this.setPrior(0);
    const swap = this.probability;
    this.probability = this.nextProbability;
    this.nextProbability = swap;
    this.size = size;
  }

  private setPrior(r: number): void {
    const prior = this.prior as { mean: number; variance: number };
    this.mean[r] = prior.mean;
    this.kappa[r] = PRIOR_KAPPA;
    // E[σ²] = β / (α − 1) equals the warm-up variance.
    this.beta[r] = prior.variance * (PRIOR_ALPHA - 1);
  }

  /**
   * Sets the prior from the warm-up values and starts with one run that has already seen them
   * (run length = warmUp, its posterior updated by them), so the first values after warm-up are
   * not mistaken for a fresh regime.
   */
  private start(): void {
    const n = this.warm.length;
    const mean = this.warm.reduce((s, v) => s + v, 0) / n;
    const variance = this.warm.reduce((s, v) => s + (v - mean) * (v - mean), 0) / (n - 1);
    this.prior = { mean, variance: variance > 0 ? variance : Math.max(1e-12, Math.abs(mean) * 1e-6) };
    const run = Math.min(n, this.config.maxRunLength - 1);
    for (let r = 0; r <= run; r++) this.setPrior(r);
    let posteriorMean = this.mean[0] as number;
    let kappa = this.kappa[0] as number;
    let beta = this.beta[0] as number;
    for (const x of this.warm.slice(n - run)) {
      const d = x - posteriorMean;
      beta += (kappa * d * d) / (2 * (kappa + 1));
      posteriorMean = (kappa * posteriorMean + x) / (kappa + 1);
      kappa += 1;
    }
    this.mean[run] = posteriorMean;
    this.kappa[run] = kappa;
    this.beta[run] = beta;
    this.probability.fill(0);
    this.probability[run] = 1;
    this.size = run + 1;
    this.warm = [];
  }

  snapshot(): BayesianChangePointState {
    const n = this.size;
    return {
      warm: [...this.warm],
      prior: this.prior === null ? null : { ...this.prior },
      probability: Array.from(this.probability.subarray(0, n)),
      mean: Array.from(this.mean.subarray(0, n)),
      kappa: Array.from(this.kappa.subarray(0, n)),
      beta: Array.from(this.beta.subarray(0, n)),
    };
  }

  restore(state: BayesianChangePointState): void {
    this.reset();
    this.warm = [...state.warm];
    this.prior = state.prior === null ? null : { ...state.prior };
    this.size = state.probability.length;
    this.probability.set(state.probability);
    this.mean.set(state.mean);
    this.kappa.set(state.kappa);
    this.beta.set(state.beta);
  }

  reset(): void {
    this.warm = [];
    this.prior = null;
    this.size = 0;
    this.probability.fill(0);
    this.mean.fill(0);
    this.kappa.fill(0);
    this.beta.fill(0);
    this.nextProbability.fill(0);
  }
}
