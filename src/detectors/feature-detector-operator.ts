/**
 * Runs a VectorDetector on the feature vectors of one (symbol, timeframe) — the FeatureSets the
 * pipeline emits per closed bar — as a streaming operator: score (pure), then learn, and emit an
 * Anomaly when the score triggers. This is how trained models (Isolation Forest, LSTM
 * autoencoder; src/models) score a live run or a replay. A missing feature (a horizon still
 * warming up) reaches the detector as NaN, which the models replace by their training median.
 * Ids are deterministic, like DetectorOperator's.
 */
import type { Anomaly, FeatureSet, Micros } from '../core/events.js';
import type { Emit, Operator } from '../core/operator.js';
import type { StepOptions, VectorDetector, VectorPoint } from './detector.js';
import { scoreThenLearn } from './detector.js';

export interface FeatureDetectorOptions extends StepOptions {
  /** Added to every anomaly's context, e.g. which model version scored it. */
  readonly context?: Readonly<Record<string, number | string>>;
}

export class FeatureDetectorOperator<S> implements Operator<FeatureSet, Anomaly, S> {
  constructor(
    private readonly detector: VectorDetector<S>,
    private readonly options: FeatureDetectorOptions = {},
  ) {}

  get name(): string {
    return this.detector.name;
  }

  next(set: FeatureSet, emit: Emit<Anomaly>): void {
    // One small array per closed bar (not per tick); the detector may keep the point.
    const point: VectorPoint = { ts: set.ts, names: set.names, values: set.values.map((v) => v ?? Number.NaN) };
    const result = scoreThenLearn(this.detector, point, this.options);
    if (result === null || !result.triggered) return;
    emit({
      type: 'anomaly',
      id: `${this.detector.name}:${set.symbol}:${set.timeframe}:${set.ts}`,
      symbol: set.symbol,
      timeframe: set.timeframe,
      ts: set.ts,
      kind: this.detector.kind,
      severity: result.severity,
      score: result.score,
      rawScore: result.raw,
      detector: this.detector.name,
      message: result.message,
      explanation: result.explanation,
      context: this.options.context === undefined ? result.context : { ...result.context, ...this.options.context },
      tsRecv: set.tsRecv,
    });
  }

  onTime(_now: Micros, _emit: Emit<Anomaly>): void {
    // Feature vectors come with closed bars; timers close bars upstream.
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
