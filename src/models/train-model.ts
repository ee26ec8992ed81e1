/**
 * Offline training: reads stored feature vectors (one FeatureSet per closed bar) for some
 * symbols and a time range, fits the chosen model, and writes it as the next version under
 * `<dataDir>/models/<detector>/`. The `tickwatch train` command is a thin shell around this.
 */
import type { FeatureSet } from '../core/events.js';
import { isoFromMicros } from '../core/time.js';
import type { Store } from '../store/store.js';
import { HALF_SPACE_TREES_FILE, trainHalfSpaceTrees, type HalfSpaceTreesTraining } from './half-space-trees-model.js';
import { FOREST_FILE, trainIsolationForest } from './isolation-forest-model.js';
import { trainLSTMAutoencoder, type LSTMAutoencoderTraining } from './lstm/lstm-autoencoder-model.js';
import { loadTensorflow } from './lstm/tensorflow.js';
import { writeModel, type ModelDetectorName, type ModelMetadata } from './model-files.js';
import { buildTrainingMatrix } from './training-data.js';

export interface TrainModelOptions {
  readonly store: Store;
  /** Shown in the error when there is nothing to train on. */
  readonly storeDescription: string;
  readonly dataDir: string;
  readonly detector: ModelDetectorName;
  readonly symbols: readonly string[];
  readonly timeframe: string;
  readonly from: number;
  readonly to: number;
  /** Features to train on (default DEFAULT_MODEL_FEATURES), or 'all'. */
  readonly features?: readonly string[] | 'all';
  readonly lstm?: LSTMAutoencoderTraining;
  readonly isolationForest?: { readonly trees?: number; readonly seed?: string };
  readonly halfSpaceTrees?: HalfSpaceTreesTraining;
  readonly onLoaded?: (symbol: string, vectors: number) => void;
  readonly onWarning?: (warning: string) => void;
  /** Wall-clock milliseconds (injected so the timing in the metadata is testable). */
  readonly now?: () => number;
}

export interface TrainModelResult {
  readonly directory: string;
  readonly version: number;
  readonly metadata: ModelMetadata;
}

/** An expected failure with a message that tells the user what to do (no stack trace needed). */
export class TrainingInputError extends Error {
  override readonly name = 'TrainingInputError';
}

export async function trainModel(options: TrainModelOptions): Promise<TrainModelResult> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const series: Array<{ symbol: string; vectors: FeatureSet[] }> = [];
  for (const symbol of options.symbols) {
    const vectors = await options.store.features({
      symbol,
      timeframe: options.timeframe,
      from: options.from,
      to: options.to,
    });
    options.onLoaded?.(symbol, vectors.length);
    series.push({ symbol, vectors });
  }
  const empty = series.filter((s) => s.vectors.length === 0).map((s) => s.symbol);
  const range = `${options.timeframe} bars from ${isoFromMicros(options.from)} to ${isoFromMicros(options.to)}`;
  if (empty.length === options.symbols.length)
    throw new TrainingInputError(
      `no stored feature vectors for ${options.symbols.join(', ')} (${range}) in ${options.storeDescription}. ` +
        'Produce them first: `tickwatch replay --input <recording>` (e.g. the output of `tickwatch simulate`) ' +
        'or `tickwatch run` stores one feature vector per closed bar; then train on that range.',
    );
  if (empty.length > 0)
    options.onWarning?.(`no stored feature vectors for ${empty.join(', ')} (${range}); training without them`);
  let matrix;
  try {
    matrix = buildTrainingMatrix(series, options.features);
  } catch (error) {
    throw new TrainingInputError((error as Error).message);
  }
  let files: Map<string, Buffer | string>;
  let parameters: Record<string, number | string>;
  let metrics: Record<string, number>;
  try {
    if (options.detector === 'isolation_forest') {
      const forest = trainIsolationForest(matrix, options.isolationForest);
      files = new Map([[FOREST_FILE, forest.file]]);
      ({ parameters, metrics } = forest);
    } else if (options.detector === 'half_space_trees') {
      const trees = trainHalfSpaceTrees(matrix, options.halfSpaceTrees);
      files = new Map([[HALF_SPACE_TREES_FILE, trees.file]]);
      ({ parameters, metrics } = trees);
    } else {
      const tensorflow = await loadTensorflow();
      if (tensorflow.warning !== null) options.onWarning?.(tensorflow.warning);
      ({ files, parameters, metrics } = await trainLSTMAutoencoder(tensorflow, matrix, options.lstm));
    }
  } catch (error) {
    if (error instanceof Error && /needs at least/.test(error.message)) throw new TrainingInputError(error.message);
    throw error;
  }
  const vectors = matrix.lengths.reduce((a, b) => a + b, 0);
  return writeModel(
    options.dataDir,
    {
      detector: options.detector,
      createdAt: new Date().toISOString(),
      features: {
        schemaVersion: matrix.schemaVersion,
        ...matrix.scaling,
        names: [...matrix.scaling.names],
        center: [...matrix.scaling.center],
        scale: [...matrix.scaling.scale],
      },
      training: {
        symbols: series.filter((s) => s.vectors.length > 0).map((s) => s.symbol),
        timeframe: options.timeframe,
        from: isoFromMicros(options.from),
        to: isoFromMicros(options.to),
        vectors,
        seconds: (now() - started) / 1000,
      },
      parameters,
      metrics: Object.fromEntries(Object.entries(metrics).filter(([, v]) => Number.isFinite(v))),
    },
    files,
  );
}
