/**
 * Runs a BarDetector as a streaming operator: for each closed bar, score (pure), then learn
 * (skipped for triggered bars in protect mode),
 * and emit an Anomaly when the score triggers. Ids are deterministic, so a replay of the same
 * input produces the same anomalies and the store's upserts stay idempotent.
 */
import type { Anomaly, Bar, Micros } from '../core/events.js';
import type { Emit, Operator } from '../core/operator.js';
import type { BarDetector, DetectorFeedback, StepOptions } from './detector.js';
import { scoreThenLearn } from './detector.js';

export class DetectorOperator<S> implements Operator<Bar, Anomaly, S> {
  constructor(
    private readonly detector: BarDetector<S>,
    private readonly options: StepOptions = {},
  ) {}

  get name(): string {
    return this.detector.name;
  }

  next(bar: Bar, emit: Emit<Anomaly>): void {
    const result = scoreThenLearn(this.detector, bar, this.options);
    if (result === null || !result.triggered) return;
    emit({
      type: 'anomaly',
      id: `${this.detector.name}:${bar.symbol}:${bar.timeframe}:${bar.end}`,
      symbol: bar.symbol,
      timeframe: bar.timeframe,
      ts: bar.end,
      kind: this.detector.kind,
      severity: result.severity,
      score: result.score,
      rawScore: result.raw,
      detector: this.detector.name,
      message: result.message,
      explanation: result.explanation,
      context: result.context,
      tsRecv: bar.tsRecv,
    });
  }

  /** Passes a verdict on one of its anomalies to the detector; false when the detector takes none. */
  feedback(verdict: DetectorFeedback): boolean {
    if (this.detector.feedback === undefined) return false;
    this.detector.feedback(verdict);
    return true;
  }

  onTime(_now: Micros, _emit: Emit<Anomaly>): void {
    // Bar detectors act on closed bars only; timers close bars upstream.
  }

  snapshot(): S {
    return this.detector.snapshot();
  }

  restore(state: S): void {
    this.detector.restore(state);
  }

  reset(): void {
    this.detector.reset();
  }
}
