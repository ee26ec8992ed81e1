/**
 * The detector contract (first cut; the full suite arrives with the detector issue).
 *
 * A detector scores an input *before* it learns from it (the River convention), so evaluation
 * is honest: `score` is pure, `learn` mutates. Every score carries an explanation — the
 * features that pushed it and by how much.
 */
import type { Bar, Contribution, Severity } from '../core/events.js';
import type { Stateful } from '../core/operator.js';

export interface DetectorScore {
  /** The detector's own measure (e.g. a volume multiple, a percentage distance). */
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

export interface BarDetector<S = unknown> extends Stateful<S> {
  /** Stable detector name, e.g. `volume_spike`. */
  readonly name: string;
  /** Anomaly kind it reports. */
  readonly kind: string;
  /** Bars needed before it scores. */
  readonly warmUp: number;
  /** Pure: the score of `bar` against what has been learnt so far, or null while warming up. */
  score(bar: Bar): DetectorScore | null;
  /** Mutating: adds `bar` to what the detector knows. */
  learn(bar: Bar): void;
}
