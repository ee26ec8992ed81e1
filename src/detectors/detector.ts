/**
 * The detector contract.
 *
 * A detector scores an input *before* it learns from it (the River convention), so evaluation
 * is honest: `score` is pure (same input, same state → same result, and the state is unchanged),
 * `learn` mutates. Every score carries a raw value in the detector's own units, a score in
 * [0, 1] (a fixed, monotone map of the raw value; `CalibratedDetector` replaces it with a tail
 * probability against the detector's own recent scores), and an explanation: the features that
 * pushed the score and by how much.
 *
 * Inputs are whatever the detector reads: closed bars (`BarDetector`), quotes, or a numeric
 * vector (`VectorPoint`), which serves bars (through `BarVectorDetector`) and arbitrary CSV
 * series alike.
 */
import type { Bar, Contribution, Micros, Severity } from '../core/events.js';
import type { Stateful } from '../core/operator.js';

export interface DetectorScore {
  /** The detector's own measure (e.g. a volume multiple, a percentage distance, a z-score). */
  readonly raw: number;
  /** Monotone map of `raw` into [0, 1]; higher is more anomalous. */
  readonly score: number;
  /** True when the detector's threshold is crossed. */
  readonly triggered: boolean;
  readonly severity: Severity;
  readonly message: string;
  readonly explanation: readonly Contribution[];
  readonly context: Readonly<Record<string, number | string>>;
}

export interface Detector<I, S = unknown> extends Stateful<S> {
  /** Stable detector name, e.g. `volume_spike`. */
  readonly name: string;
  /** Anomaly kind it reports. */
  readonly kind: string;
  /** Inputs learnt before it scores. */
  readonly warmUp: number;
  /** Pure: the score of `input` against what has been learnt so far, or null while warming up. */
  score(input: I): DetectorScore | null;
  /** Mutating: adds `input` to what the detector knows. */
  learn(input: I): void;
  /**
   * Optional, mutating: a verdict on an anomaly this detector raised. Detectors that adapt to
   * verdicts (the ensemble's member weights) take them here; the edge feeds them from labels and
   * users' accept/reject, so the detector itself never reads labels.
   */
  feedback?(verdict: DetectorFeedback): void;
}

/** A verdict on an anomaly a detector raised (a label over it, or a user's accept/reject). */
export interface DetectorFeedback {
  /** The parts of the detector the anomaly credits (an ensemble's members, from its context). */
  readonly members: readonly string[];
  readonly anomalous: boolean;
}

export type BarDetector<S = unknown> = Detector<Bar, S>;

/** One observation of a multivariate numeric series (a bar's features, a CSV row). */
export interface VectorPoint {
  readonly ts: Micros;
  readonly values: Float64Array | readonly number[];
  /** Column names, parallel to `values` (used in explanations). */
  readonly names: readonly string[];
}

export type VectorDetector<S = unknown> = Detector<VectorPoint, S>;

export interface StepOptions {
  /**
   * Protect mode: do not learn from inputs judged anomalous (triggered), so an anomaly cannot
   * drag the baseline towards itself and mask what follows.
   */
  readonly protect?: boolean;
}

/** Score, then learn (unless protected and triggered): the one way a detector consumes a stream. */
export function scoreThenLearn<I>(detector: Detector<I>, input: I, options: StepOptions = {}): DetectorScore | null {
  const result = detector.score(input);
  if (!(options.protect === true && result !== null && result.triggered)) detector.learn(input);
  return result;
}

/** x / (x + scale) for x ≥ 0: 0 → 0, scale → 0.5, ∞ → 1. The fixed squash most rules use. */
export function squash(magnitude: number, scale: number): number {
  if (!(magnitude > 0)) return 0;
  if (magnitude === Number.POSITIVE_INFINITY) return 1;
  return magnitude / (magnitude + scale);
}

/** Two-sided normal tail 1 − 2·(1 − Φ(|z|)) = erf(|z|/√2): |z| → [0, 1). */
export function normalScore(z: number): number {
  const magnitude = Math.abs(z);
  if (!(magnitude > 0)) return 0;
  const value = erf(magnitude / Math.SQRT2);
  return value < 0 ? 0 : value > 1 ? 1 : value; // the approximation dips ~1e-7 below 0 at 0
}

/** Error function (Abramowitz–Stegun 7.1.26 refined: |error| < 1.2e-7, monotone). */
export function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const t = 1 / (1 + 0.5 * Math.abs(x));
  // Numerical Recipes erfc (Chebyshev fit), fractional error < 1.2e-7 everywhere.
  const y =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return sign * (1 - y);
}

/** Severity from a magnitude and two thresholds. */
export function severityOf(magnitude: number, warning: number, critical: number): Severity {
  return magnitude >= critical ? 'critical' : magnitude >= warning ? 'warning' : 'info';
}
