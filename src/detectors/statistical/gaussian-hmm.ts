/**
 * Gaussian hidden Markov model of a few regimes: fitting by Baum–Welch (EM with scaled
 * forward–backward passes) and the forward filter used online.
 *
 *   x_t | s_t = j ~ N(μ_j, σ²_j),   P(s_t = j | s_{t−1} = i) = A_ij,   P(s_0 = j) = π_j
 *
 * Emission densities are scaled per step by their largest value before the recursions (the scale
 * cancels in the posteriors and is added back to the log-likelihood), so an extreme value cannot
 * underflow every state at once. Fitted states are ordered by variance (state 0 is the calmest).
 */
export interface GaussianHMMParameters {
  readonly initial: number[];
  /** Row-major K × K transition matrix. */
  readonly transition: number[];
  readonly means: number[];
  readonly variances: number[];
}

export interface GaussianHMMFit extends GaussianHMMParameters {
  readonly logLikelihood: number;
  readonly iterations: number;
  /** Share of time in each state (mean smoothed probability over the fitted data). */
  readonly occupancy: number[];
  /** Filtered state probabilities after the last value. */
  readonly filtered: number[];
}

const LOG_SQRT_TWO_PI = 0.5 * Math.log(2 * Math.PI);

export function logNormalDensity(x: number, mean: number, variance: number): number {
  const d = x - mean;
  return -LOG_SQRT_TWO_PI - 0.5 * Math.log(variance) - (d * d) / (2 * variance);
}

/**
 * Fills `out` with the emission densities of x divided by the largest one; returns the log of
 * that largest density.
 */
export function scaledEmissions(x: number, p: GaussianHMMParameters, out: Float64Array): number {
  const k = p.means.length;
  let max = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < k; j++) {
    const value = logNormalDensity(x, p.means[j] as number, p.variances[j] as number);
    out[j] = value;
    if (value > max) max = value;
  }
  for (let j = 0; j < k; j++) out[j] = Math.exp((out[j] as number) - max);
  return max;
}

/** Log-likelihood of x by the scaled forward algorithm. */
export function hmmLogLikelihood(x: ArrayLike<number>, p: GaussianHMMParameters): number {
  return forward(x, p).logLikelihood;
}

function forward(
  x: ArrayLike<number>,
  p: GaussianHMMParameters,
): { alpha: Float64Array; scale: Float64Array; logLikelihood: number } {
  const k = p.means.length;
  const n = x.length;
  const alpha = new Float64Array(n * k);
  const scale = new Float64Array(n);
  const emission = new Float64Array(k);
  let logLikelihood = 0;
  for (let t = 0; t < n; t++) {
    logLikelihood += scaledEmissions(x[t] as number, p, emission);
    let total = 0;
    for (let j = 0; j < k; j++) {
      let prior = 0;
      if (t === 0) prior = p.initial[j] as number;
      else
        for (let i = 0; i < k; i++) prior += (alpha[(t - 1) * k + i] as number) * (p.transition[i * k + j] as number);
      const value = prior * (emission[j] as number);
      alpha[t * k + j] = value;
      total += value;
    }
    scale[t] = total;
    logLikelihood += Math.log(total);
    for (let j = 0; j < k; j++) alpha[t * k + j] = (alpha[t * k + j] as number) / total;
  }
  return { alpha, scale, logLikelihood };
}

export interface FitOptions {
  readonly maxIterations?: number;
  /** Stop when the log-likelihood gains less than this (relative). */
  readonly tolerance?: number;
}

/** Deterministic start: equal means, variances spread geometrically around the sample variance. */
function initialParameters(x: ArrayLike<number>, states: number): GaussianHMMParameters {
  let mean = 0;
  for (let t = 0; t < x.length; t++) mean += x[t] as number;
  mean /= x.length;
  let variance = 0;
  for (let t = 0; t < x.length; t++) variance += ((x[t] as number) - mean) ** 2;
  variance = Math.max(variance / x.length, 1e-300);
  const transition: number[] = [];
  for (let i = 0; i < states; i++)
    for (let j = 0; j < states; j++) transition.push(i === j ? 0.95 : 0.05 / (states - 1));
  return {
    initial: new Array<number>(states).fill(1 / states),
    transition,
    means: new Array<number>(states).fill(mean),
    variances: Array.from({ length: states }, (_, j) => variance * Math.pow(2, (2 * j) / (states - 1) - 1)),
  };
}

export function fitGaussianHMM(x: ArrayLike<number>, states: number, options: FitOptions = {}): GaussianHMMFit {
  if (!(Number.isInteger(states) && states >= 2 && states <= 4))
    throw new Error(`HMM states must be 2, 3 or 4, got ${states}`);
  if (x.length < 10 * states) throw new Error(`HMM fit needs at least ${10 * states} values, got ${x.length}`);
  const k = states;
  const n = x.length;
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-8;
  let p = initialParameters(x, k);
  const varianceFloor = Math.max(1e-300, (p.variances[0] as number) * 1e-4);
  const beta = new Float64Array(n * k);
  const emissions = new Float64Array(n * k);
  const row = new Float64Array(k);
  let previous = Number.NEGATIVE_INFINITY;
  let iterations = 0;
  let gammaSum = new Float64Array(k);
  let result = forward(x, p);
  for (; iterations < maxIterations; iterations++) {
    const { alpha, scale, logLikelihood } = result;
    if (logLikelihood - previous < tolerance * Math.abs(logLikelihood)) break;
    previous = logLikelihood;
    for (let t = 0; t < n; t++) {
      scaledEmissions(x[t] as number, p, row);
      emissions.set(row, t * k);
    }
    // Backward pass, scaled with the forward pass's per-step totals.
    for (let j = 0; j < k; j++) beta[(n - 1) * k + j] = 1;
    for (let t = n - 2; t >= 0; t--) {
      for (let i = 0; i < k; i++) {
        let sum = 0;
        for (let j = 0; j < k; j++)
          sum +=
            (p.transition[i * k + j] as number) *
            (emissions[(t + 1) * k + j] as number) *
            (beta[(t + 1) * k + j] as number);
        beta[t * k + i] = sum / (scale[t + 1] as number);
      }
    }
    const transitionSum = new Float64Array(k * k);
    const fromSum = new Float64Array(k);
    gammaSum = new Float64Array(k);
    const weightedX = new Float64Array(k);
    for (let t = 0; t < n; t++) {
      for (let i = 0; i < k; i++) {
        const gamma = (alpha[t * k + i] as number) * (beta[t * k + i] as number);
        gammaSum[i] = (gammaSum[i] as number) + gamma;
        weightedX[i] = (weightedX[i] as number) + gamma * (x[t] as number);
        if (t < n - 1) {
          fromSum[i] = (fromSum[i] as number) + gamma;
          for (let j = 0; j < k; j++) {
            const xi =
              ((alpha[t * k + i] as number) *
                (p.transition[i * k + j] as number) *
                (emissions[(t + 1) * k + j] as number) *
                (beta[(t + 1) * k + j] as number)) /
              (scale[t + 1] as number);
            transitionSum[i * k + j] = (transitionSum[i * k + j] as number) + xi;
          }
        }
      }
    }
    const means = Array.from(
      { length: k },
      (_, j) => (weightedX[j] as number) / Math.max(gammaSum[j] as number, 1e-300),
    );
    const squares = new Float64Array(k);
    for (let t = 0; t < n; t++)
      for (let j = 0; j < k; j++) {
        const d = (x[t] as number) - (means[j] as number);
        squares[j] = (squares[j] as number) + (alpha[t * k + j] as number) * (beta[t * k + j] as number) * d * d;
      }
    p = {
      initial: Array.from({ length: k }, (_, j) => (alpha[j] as number) * (beta[j] as number)),
      transition: Array.from({ length: k * k }, (_, ij) => {
        const from = fromSum[Math.floor(ij / k)] as number;
        return from > 0 ? (transitionSum[ij] as number) / from : ij % (k + 1) === 0 ? 1 : 0;
      }),
      means,
      variances: Array.from({ length: k }, (_, j) =>
        Math.max(varianceFloor, (squares[j] as number) / Math.max(gammaSum[j] as number, 1e-300)),
      ),
    };
    result = forward(x, p);
  }
  // Order states by variance so that state 0 is the calmest.
  const order = Array.from({ length: k }, (_, j) => j).sort(
    (a, b) => (p.variances[a] as number) - (p.variances[b] as number) || a - b,
  );
  const filtered = order.map((j) => result.alpha[(n - 1) * k + j] as number);
  const totalGamma = gammaSum.reduce((s, g) => s + g, 0);
  return {
    initial: order.map((j) => p.initial[j] as number),
    transition: order.flatMap((i) => order.map((j) => p.transition[i * k + j] as number)),
    means: order.map((j) => p.means[j] as number),
    variances: order.map((j) => p.variances[j] as number),
    logLikelihood: result.logLikelihood,
    iterations,
    occupancy: order.map((j) => (totalGamma > 0 ? (gammaSum[j] as number) / totalGamma : 1 / k)),
    filtered,
  };
}
