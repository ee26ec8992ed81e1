/**
 * Training (TensorFlow.js) and loading (pure TypeScript) the LSTM autoencoder model: the network plus
 * `errors.json`, the newest-step reconstruction errors of up to 2000 training windows, from which
 * the detector's TailCalibrator is filled (so scores are calibrated from the first bar).
 */
import { LSTMAutoencoderDetector, newestStepErrors } from '../../detectors/ml/lstm-autoencoder.js';
import type { LSTMAutoencoderConfig } from '../../detectors/ml/lstm-autoencoder.js';
import { quantile, type FeatureScaling } from '../../detectors/ml/lstm-autoencoder-scaling.js';
import type { ModelMetadata } from '../model-files.js';
import { slidingWindows, type TrainingMatrix } from '../training-data.js';
import { LSTMAutoencoderNetwork } from '../../detectors/ml/lstm-autoencoder-network.js';
import { parseAutoencoderWeights } from './autoencoder-weights.js';
import {
  NETWORK_FILE,
  WEIGHTS_FILE,
  buildNetwork,
  saveNetwork,
  trainNetwork,
  type TrainingOptions,
} from './lstm-network.js';
import type { Tensorflow } from './tensorflow.js';

export const ERRORS_FILE = 'errors.json';

export interface LSTMAutoencoderTraining extends Partial<Omit<TrainingOptions, 'seed'>> {
  readonly windowLength?: number;
  readonly units?: number;
  readonly seed?: string;
  /** Training windows start every `stride` bars (1: every bar). */
  readonly stride?: number;
}

export const DEFAULT_LSTM_TRAINING = {
  windowLength: 32,
  units: 16,
  epochs: 5,
  batchSize: 64,
  learningRate: 0.005,
  validationSplit: 0.1,
  stride: 1,
  seed: 'lstm-autoencoder',
} as const;

/** Training windows whose errors calibrate the detector. */
const CALIBRATION_WINDOWS = 2000;

export interface TrainedLSTMAutoencoder {
  readonly files: Map<string, Buffer | string>;
  readonly parameters: Record<string, number | string>;
  readonly metrics: Record<string, number>;
}

export async function trainLSTMAutoencoder(
  tensorflow: Tensorflow,
  matrix: TrainingMatrix,
  options: LSTMAutoencoderTraining = {},
): Promise<TrainedLSTMAutoencoder> {
  const settings = { ...DEFAULT_LSTM_TRAINING, ...options };
  const features = matrix.scaling.names.length;
  const shape = { windowLength: settings.windowLength, features, units: settings.units };
  const { windows, count } = slidingWindows(matrix, settings.windowLength, settings.stride);
  if (count < 20)
    throw new Error(
      `lstm_autoencoder needs at least 20 windows of ${settings.windowLength} bars per symbol; the stored vectors give ${count}`,
    );
  const model = buildNetwork(tensorflow, shape, settings.seed);
  try {
    const history = await trainNetwork(tensorflow, model, shape, windows, count, settings);
    // Calibration errors: evenly spaced windows over the whole training range.
    const take = Math.min(count, CALIBRATION_WINDOWS);
    const size = settings.windowLength * features;
    const sample = new Float32Array(take * size);
    for (let i = 0; i < take; i++) {
      const w = Math.floor((i * count) / take);
      sample.set(windows.subarray(w * size, (w + 1) * size), i * size);
    }
    const saved = await saveNetwork(tensorflow, model);
    // Errors from the pure network the detector scores with, so calibration matches scoring.
    const reconstructor = new LSTMAutoencoderNetwork(
      parseAutoencoderWeights(saved.network, saved.weights, settings.windowLength),
    );
    const perFeature = newestStepErrors(
      sample,
      reconstructor.reconstruct(sample, take),
      take,
      settings.windowLength,
      features,
    );
    const errors: number[] = [];
    for (let i = 0; i < take; i++) {
      let sum = 0;
      for (let f = 0; f < features; f++) sum += perFeature[i * features + f] as number;
      errors.push(sum / features);
    }
    errors.sort((a, b) => a - b);
    return {
      files: new Map<string, Buffer | string>([
        [NETWORK_FILE, saved.network],
        [WEIGHTS_FILE, saved.weights],
        [ERRORS_FILE, JSON.stringify(errors)],
      ]),
      parameters: {
        windowLength: settings.windowLength,
        units: settings.units,
        epochs: history.epochs,
        batchSize: settings.batchSize,
        learningRate: settings.learningRate,
        stride: settings.stride,
        seed: settings.seed,
        backend: tensorflow.backend,
      },
      metrics: {
        windows: count,
        loss: history.loss,
        ...(history.validationLoss === null ? {} : { validationLoss: history.validationLoss }),
        errorMedian: quantile(errors, 0.5),
        errorP99: quantile(errors, 0.99),
      },
    };
  } finally {
    model.dispose();
  }
}

/** Builds the detector from a loaded model's files (no TensorFlow.js needed); throws on malformed files. */
export function lstmAutoencoderFromFiles(
  metadata: ModelMetadata,
  files: ReadonlyMap<string, Buffer>,
  config?: LSTMAutoencoderConfig,
): LSTMAutoencoderDetector {
  return lstmAutoencoderFactory(metadata, files, config)();
}

/** Parses once; every call gives a detector (its own window, e.g. one per symbol) sharing the network. */
export function lstmAutoencoderFactory(
  metadata: ModelMetadata,
  files: ReadonlyMap<string, Buffer>,
  config?: LSTMAutoencoderConfig,
): () => LSTMAutoencoderDetector {
  const network = files.get(NETWORK_FILE);
  const weights = files.get(WEIGHTS_FILE);
  const errorsFile = files.get(ERRORS_FILE);
  if (network === undefined || weights === undefined || errorsFile === undefined)
    throw new Error(`expected ${NETWORK_FILE}, ${WEIGHTS_FILE} and ${ERRORS_FILE}`);
  const windowLength = metadata.parameters.windowLength;
  if (typeof windowLength !== 'number' || !(Number.isInteger(windowLength) && windowLength >= 1))
    throw new Error('parameters.windowLength missing');
  const errors = JSON.parse(errorsFile.toString('utf8')) as unknown;
  if (!Array.isArray(errors) || !errors.every((e) => typeof e === 'number' && Number.isFinite(e)))
    throw new Error(`${ERRORS_FILE} is not a list of numbers`);
  const scaling: FeatureScaling = metadata.features;
  const parsed = parseAutoencoderWeights(network.toString('utf8'), weights, windowLength);
  if (parsed.features !== scaling.names.length)
    throw new Error(`the network has ${parsed.features} features, model.json ${scaling.names.length}`);
  const reconstructor = new LSTMAutoencoderNetwork(parsed);
  return () => new LSTMAutoencoderDetector(reconstructor, scaling, errors as number[], config);
}
