/**
 * Wraps any detector so that its score is a calibrated tail probability: `score` becomes
 * 1 − p, p the tail probability of the inner detector's score against its own last `window`
 * scores (TailCalibrator). The inner raw score, message and explanation are kept; the context
 * gains `uncalibratedScore` and `tailProbability`.
 *
 * With `tailProbability` set, the wrapper also decides `triggered` (p ≤ tailProbability, critical
 * at a tenth of it) instead of the inner rule, so one threshold applies across detectors.
 *
 * `learn` scores the input again to record its score (the inner score is pure, so this is
 * exact): the cost per input is two inner scores, one inner learn and one calibrator insert.
 */
import type { SortedWindowState } from '../../indicators/statistics/sorted-window.js';
import type { Detector, DetectorScore } from '../detector.js';
import { TailCalibrator } from './tail-calibrator.js';

export interface CalibrationConfig {
  /** Recent scores kept per detector. */
  readonly window: number;
  /** Scores recorded before the wrapper scores (the inner warm-up comes first). */
  readonly minSamples: number;
  /** Trigger on tail probability ≤ this instead of the inner rule (null: keep the inner rule). */
  readonly tailProbability: number | null;
}

export const DEFAULT_CALIBRATION: CalibrationConfig = { window: 2000, minSamples: 200, tailProbability: null };

export interface CalibratedState<S> {
  readonly inner: S;
  readonly scores: SortedWindowState;
}

export class CalibratedDetector<I, S> implements Detector<I, CalibratedState<S>> {
  readonly name: string;
  readonly kind: string;
  readonly warmUp: number;
  private readonly calibrator: TailCalibrator;

  constructor(
    private readonly inner: Detector<I, S>,
    private readonly config: CalibrationConfig = DEFAULT_CALIBRATION,
  ) {
    if (!(config.minSamples >= 1 && config.minSamples <= config.window))
      throw new Error(`calibration: need 1 ≤ minSamples ≤ window, got ${config.minSamples}, ${config.window}`);
    if (config.tailProbability !== null && !(config.tailProbability > 0 && config.tailProbability < 1))
      throw new Error(`calibration.tailProbability must be in (0, 1), got ${config.tailProbability}`);
    this.calibrator = new TailCalibrator(config.window);
    this.name = inner.name;
    this.kind = inner.kind;
    this.warmUp = inner.warmUp + config.minSamples;
  }

  score(input: I): DetectorScore | null {
    const result = this.inner.score(input);
    if (result === null || this.calibrator.size < this.config.minSamples) return null;
    const p = this.calibrator.tailProbability(result.score);
    const limit = this.config.tailProbability;
    const triggered = limit === null ? result.triggered : p <= limit;
    return {
      ...result,
      score: 1 - p,
      triggered,
      severity: limit === null ? result.severity : p <= limit / 10 ? 'critical' : triggered ? 'warning' : 'info',
      context: { ...result.context, uncalibratedScore: result.score, tailProbability: p },
    };
  }

  learn(input: I): void {
    const result = this.inner.score(input);
    this.inner.learn(input);
    if (result !== null) this.calibrator.record(result.score);
  }

  snapshot(): CalibratedState<S> {
    return { inner: this.inner.snapshot(), scores: this.calibrator.snapshot() };
  }

  restore(state: CalibratedState<S>): void {
    this.inner.restore(state.inner);
    this.calibrator.restore(state.scores);
  }

  reset(): void {
    this.inner.reset();
    this.calibrator.reset();
  }
}
