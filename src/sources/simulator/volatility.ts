/**
 * The variance process behind every return series in the simulator: GARCH(1,1) on one-minute
 * returns with Student-t innovations, stepped in (usually one-second) slices.
 *
 * Within a minute, slice shocks are normal with variance h·W per second, where h is the GARCH
 * variance (long-run mean 1) and W = (ν−2)/χ²_ν is drawn once per minute. A minute's
 * standardised return is then exactly Student-t with ν degrees of freedom and unit variance
 * (a normal variance mixture), which gives fat tails at the one-minute scale, and the GARCH
 * recursion h ← ω + α·h·e² + β·h on that return gives volatility clustering.
 */
import type { Random } from '../../core/random.js';

/** Degrees of freedom of the Student-t innovations: finite kurtosis, clearly fat tails. */
export const STUDENT_T_DEGREES = 6;
/** GARCH(1,1) per minute: persistence α+β = 0.99 (half-life ≈ 70 min); finite fourth moment. */
export const GARCH_ALPHA = 0.05;
export const GARCH_BETA = 0.94;
const GARCH_OMEGA = 1 - GARCH_ALPHA - GARCH_BETA;
const SECONDS_PER_UPDATE = 60;

export interface VarianceState {
  readonly variance: number;
  readonly mixing: number;
  readonly shockSum: number;
  readonly elapsedSeconds: number;
}

/** Variance W of the normal mixture; E[W] = 1, so unconditional variance is unchanged. */
function drawMixing(rng: Random): number {
  return (STUDENT_T_DEGREES - 2) / rng.chiSquared(STUDENT_T_DEGREES);
}

export class GarchVariance {
  /** Conditional variance multiplier h (long-run mean 1). */
  private variance = 1;
  private mixing: number;
  private shockSum = 0;
  private elapsedSeconds = 0;

  constructor(rng: Random) {
    this.mixing = drawMixing(rng);
  }

  /** GARCH conditional variance h (long-run mean 1), without the minute's Student-t mixing. */
  conditionalVariance(): number {
    return this.variance;
  }

  /** Variance per second of the current slice's shocks (h·W). */
  currentVariance(): number {
    return this.variance * this.mixing;
  }

  /**
   * Draws the shock of a slice of `seconds` (variance h·W·seconds) and, at each full minute,
   * updates the GARCH variance from the minute's standardised return.
   */
  step(rng: Random, seconds: number): number {
    const standardised = Math.sqrt(this.mixing * seconds) * rng.normal();
    const shock = Math.sqrt(this.variance) * standardised;
    this.shockSum += standardised;
    this.elapsedSeconds += seconds;
    if (this.elapsedSeconds >= SECONDS_PER_UPDATE - 1e-9) {
      const e = this.shockSum / Math.sqrt(this.elapsedSeconds);
      this.variance = GARCH_OMEGA + GARCH_ALPHA * this.variance * e * e + GARCH_BETA * this.variance;
      this.mixing = drawMixing(rng);
      this.shockSum = 0;
      this.elapsedSeconds = 0;
    }
    return shock;
  }

  snapshot(): VarianceState {
    return {
      variance: this.variance,
      mixing: this.mixing,
      shockSum: this.shockSum,
      elapsedSeconds: this.elapsedSeconds,
    };
  }

  restore(state: VarianceState): void {
    this.variance = state.variance;
    this.mixing = state.mixing;
    this.shockSum = state.shockSum;
    this.elapsedSeconds = state.elapsedSeconds;
  }
}

/** A unit-variance Student-t draw (overnight gaps). */
export function studentT(rng: Random): number {
  return rng.studentT(STUDENT_T_DEGREES);
}
