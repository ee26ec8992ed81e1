/**
 * Generalised Pareto tail of a detector's recent scores (peaks over threshold).
 *
 * Scores live in [0, 1] and the fixed squashes crowd the extremes against 1, so the tail is
 * fitted on t = −ln(1 − s), which spreads them out again: for `squash(x, c)` it is ln(1 + x/c)
 * (a Pareto tail in x becomes an exponential one in t) and for `normalScore(z)` about z²/2.
 * The exceedances y = t − u over the threshold u (the largest score below the top k) are fitted
 * by probability-weighted moments (Hosking & Wallis 1987), closed form and robust for small k:
 *
 *   a0 = mean(y),  a1 = mean(y_(i) · (k − 1 − i) / (k − 1)) over ascending y_(i),
 *   ξ = 2 − a0 / (a0 − 2·a1),  σ = 2·a0·a1 / (a0 − 2·a1),
 *
 * and P(Y > y) = (1 + ξ·y/σ)^(−1/ξ) (exp(−y/σ) at ξ = 0). The shape is clamped to [0, 0.95]:
 * a negative shape would give the tail a finite end point (p = 0 beyond the largest score seen,
 * overconfident), and ξ ≥ 1 has no mean (PWM is not valid there). Clamping up to 0 only makes
 * tail probabilities larger, i.e. more conservative.
 */
import type { SortedSequence } from '../../indicators/statistics/sorted-window.js';

export interface ParetoTail {
  /** Threshold u on the t = −ln(1 − s) scale. */
  readonly threshold: number;
  /** Scores above the threshold (k). */
  readonly exceedances: number;
  readonly shape: number;
  readonly scale: number;
}

const MAX_SHAPE = 0.95;

/** t = −ln(1 − s) (s = 1 maps to about 690, the largest finite value of the form). */
export function scoreToExcessScale(score: number): number {
  return -Math.log(Math.max(1 - score, 1e-300));
}

/**
 * Fits the top `k` of a sorted sequence of scores; null when the tail holds no information (all
 * the top scores equal the threshold) or the moments are degenerate.
 */
export function fitParetoTail(sorted: SortedSequence, k: number): ParetoTail | null {
  const n = sorted.size;
  if (k < 2 || k >= n) return null;
  const threshold = scoreToExcessScale(sorted.get(n - k - 1));
  let a0 = 0;
  let a1 = 0;
  for (let i = 0; i < k; i++) {
    const y = scoreToExcessScale(sorted.get(n - k + i)) - threshold;
    a0 += y;
    a1 += (y * (k - 1 - i)) / (k - 1);
  }
  a0 /= k;
  a1 /= k;
  const denominator = a0 - 2 * a1;
  if (!(a0 > 0 && denominator > 0)) return null;
  const shape = Math.min(MAX_SHAPE, Math.max(0, 2 - a0 / denominator));
  // With the shape clamped, keep the mean excess σ / (1 − ξ) equal to the sample mean a0.
  const scale = a0 * (1 - shape);
  if (!(scale > 0 && Number.isFinite(scale))) return null;
  return { threshold, exceedances: k, shape, scale };
}

/** P(Y > excess) under the fitted tail. */
export function paretoSurvival(tail: ParetoTail, excess: number): number {
  if (excess <= 0) return 1;
  if (tail.shape < 1e-9) return Math.exp(-excess / tail.scale);
  return Math.pow(1 + (tail.shape * excess) / tail.scale, -1 / tail.shape);
}
