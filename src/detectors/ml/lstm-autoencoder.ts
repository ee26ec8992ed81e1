/**
 * LSTM autoencoder detector: the pure half. A trained sequence autoencoder (the `Reconstructor`,
 * TensorFlow.js in src/models/lstm, injected here so this folder stays free of WASM and timers)
 * reconstructs the window of the last `windowLength` scaled feature vectors ending at the input.
 * Ordinary windows reconstruct well; unusual ones do not.
 *
 * Raw score: the mean squared reconstruction error of the newest step (the input's own bar), so a
 * score describes this bar rather than echoing an anomaly 31 bars back. Explanation: each
 * feature's share of that error. Score: 1 − p, p the tail probability of the raw error against
 * the reconstruction errors the model made on its training windows (a TailCalibrator filled from
 * the model file), so the score is calibrated from the first window, with no warm-up of scores.
 * It triggers at p ≤ `tailProbability` (critical at a tenth of it).
 *
 * The model is frozen: `learn` only slides the window (the last windowLength − 1 rows), which is
 * the whole state. Cost per bar: one reconstruction of one window (see docs/models.md for timings)
 * plus O(windowLength × features) copying.
 */
import type { DetectorScore, VectorDetector, VectorPoint } from '../detector.js';
import { TailCalibrator } from '../calibration/tail-calibrator.js';
import { FeatureProjector, type FeatureScaling } from './lstm-autoencoder-scaling.js';

/** A trained sequence autoencoder. */
export interface Reconstructor {
  readonly windowLength: number;
  readonly features: number;
  /**
   * Reconstructs `count` windows, row-major [count, windowLength, features]; returns the same
   * shape. Must be deterministic and synchronous.
   */
  reconstruct(windows: Float32Array, count: number): Float32Array;
}

export interface LSTMAutoencoderConfig {
  /** Trigger when the tail probability against the training errors is ≤ this. */
  readonly tailProbability: number;
}

export const DEFAULT_LSTM_AUTOENCODER: LSTMAutoencoderConfig = { tailProbability: 0.01 };

export interface LSTMAutoencoderState {
  /** Scaled rows of the latest inputs, oldest first, at most windowLength − 1. */
  readonly rows: number[];
}

/** Squared error per feature of the newest step of each window (row-major [count, features]). */
export function newestStepErrors(
  input: Float32Array,
  output: Float32Array,
  count: number,
  windowLength: number,
  features: number,
): Float64Array {
  const errors = new Float64Array(count * features);
  for (let w = 0; w < count; w++) {
    const base = (w * windowLength + windowLength - 1) * features;
    for (let f = 0; f < features; f++) {
      const diff = (input[base + f] as number) - (output[base + f] as number);
      errors[w * features + f] = diff * diff;
    }
  }
  return errors;
}

export class LSTMAutoencoderDetector implements VectorDetector<LSTMAutoencoderState> {
  readonly name = 'lstm_autoencoder';
  readonly kind = 'outlier';
  readonly warmUp: number;
  private readonly projector: FeatureProjector;
  private readonly calibrator: TailCalibrator;
  private readonly features: number;
  private readonly windowLength: number;
  /** The window being scored: windowLength − 1 history rows, then the input's row. */
  private readonly window: Float32Array;
  private count = 0;

  constructor(
    private readonly reconstructor: Reconstructor,
    scaling: FeatureScaling,
    trainingErrors: readonly number[],
    private readonly config: LSTMAutoencoderConfig = DEFAULT_LSTM_AUTOENCODER,
  ) {
    if (scaling.names.length !== reconstructor.features)
      throw new Error(
        `lstm_autoencoder: scaling has ${scaling.names.length} features, the network ${reconstructor.features}`,
      );
    if (trainingErrors.length < 10) throw new Error('lstm_autoencoder: need at least 10 training errors to calibrate');
    if (!(config.tailProbability > 0 && config.tailProbability < 1))
      throw new Error(`lstm_autoencoder.tailProbability must be in (0, 1), got ${config.tailProbability}`);
    this.projector = new FeatureProjector(scaling);
    this.features = reconstructor.features;
    this.windowLength = reconstructor.windowLength;
    this.warmUp = this.windowLength - 1;
    this.window = new Float32Array(this.windowLength * this.features);
    this.calibrator = new TailCalibrator(Math.max(10, trainingErrors.length));
    for (const error of trainingErrors) this.calibrator.record(error);
  }

  score(point: VectorPoint): DetectorScore | null {
    if (this.count < this.windowLength - 1) return null;
    const d = this.features;
    // The last slot is scratch: history rows are never touched, so score stays pure.
    this.projector.project(point, this.window, (this.windowLength - 1) * d);
    const output = this.reconstructor.reconstruct(this.window, 1);
    const errors = newestStepErrors(this.window, output, 1, this.windowLength, d);
    let total = 0;
    let top = 0;
    for (let f = 0; f < d; f++) {
      total += errors[f] as number;
      if ((errors[f] as number) > (errors[top] as number)) top = f;
    }
    const raw = total / d;
    const p = this.calibrator.tailProbability(raw);
    const limit = this.config.tailProbability;
    const triggered = p <= limit;
    const names = this.projector.scaling.names;
    const explanation = Array.from({ length: d }, (_, f) => ({
      feature: names[f] as string,
      value: this.window[(this.windowLength - 1) * d + f] as number,
      contribution: total > 0 ? (errors[f] as number) / total : 1 / d,
    }));
    return {
      raw,
      score: 1 - p,
      triggered,
      severity: p <= limit / 10 ? 'critical' : triggered ? 'warning' : 'info',
      message: `reconstruction error ${raw.toPrecision(3)} (p ${p.toPrecision(2)} against training; mostly ${names[top]})`,
      explanation,
      context: { reconstructionError: raw, tailProbability: p },
    };
  }

  learn(point: VectorPoint): void {
    const d = this.features;
    const history = this.windowLength - 1;
    if (history === 0) return;
    if (this.count < history) {
      this.projector.project(point, this.window, this.count * d);
      this.count++;
      return;
    }
    // Slide by one row (O(window × features) floats, a memmove).
    this.window.copyWithin(0, d, history * d);
    this.projector.project(point, this.window, (history - 1) * d);
  }

  snapshot(): LSTMAutoencoderState {
    return { rows: Array.from(this.window.subarray(0, this.count * this.features)) };
  }

  restore(state: LSTMAutoencoderState): void {
    const rows = Math.min(this.windowLength - 1, Math.floor(state.rows.length / this.features));
    this.window.fill(0);
    this.window.set(state.rows.slice(0, rows * this.features));
    this.count = rows;
  }

  reset(): void {
    this.window.fill(0);
    this.count = 0;
  }
}
