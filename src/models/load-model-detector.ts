/**
 * What the pipeline calls to use a trained model: the latest version of a detector's model as a
 * VectorDetector over feature vectors, or a warning. Never throws: a missing, corrupt, or
 * incompatible model (other feature schema, other format) degrades to `{ status: 'missing' |
 * 'invalid', warning }`, and the run goes on with the rule and statistical detectors.
 */
import { FEATURE_SCHEMA_VERSION } from '../features/definitions.js';
import type { VectorDetector } from '../detectors/detector.js';
import type { LSTMAutoencoderConfig } from '../detectors/ml/lstm-autoencoder.js';
import { halfSpaceTreesFactory, HALF_SPACE_TREES_FILE } from './half-space-trees-model.js';
import { isolationForestFactory, FOREST_FILE } from './isolation-forest-model.js';
import { lstmAutoencoderFactory } from './lstm/lstm-autoencoder-model.js';
import { readModelFiles, type ModelDetectorName, type ModelLoadResult } from './model-files.js';

export interface LoadModelOptions {
  /** A specific version instead of the latest. */
  readonly version?: number;
  readonly lstm?: LSTMAutoencoderConfig;
}

/** The latest (or a given) model as one detector. */
export async function loadModelDetector(
  dataDir: string,
  detector: ModelDetectorName,
  options: LoadModelOptions = {},
): Promise<ModelLoadResult<VectorDetector>> {
  const result = await loadModelDetectorFactory(dataDir, detector, options);
  return result.status === 'loaded' ? { ...result, value: result.value() } : result;
}

/**
 * The model as a factory: files are read and parsed once, and each call gives a fresh detector
 * (the LSTM keeps a window per instance, so the pipeline creates one per symbol and timeframe).
 */
export async function loadModelDetectorFactory(
  dataDir: string,
  detector: ModelDetectorName,
  options: LoadModelOptions = {},
): Promise<ModelLoadResult<() => VectorDetector>> {
  const read = await readModelFiles(dataDir, detector, options.version);
  if (read.status !== 'loaded') return read;
  const { metadata, files } = read.value;
  const invalid = (why: string): ModelLoadResult<() => VectorDetector> => ({
    status: 'invalid',
    warning: `${detector} model ${read.directory} cannot be used (${why}); running without it — retrain with \`tickwatch train --detector ${detector}\``,
  });
  if (metadata.features.schemaVersion !== FEATURE_SCHEMA_VERSION)
    return invalid(
      `trained on feature schema ${metadata.features.schemaVersion}, this tickwatch computes schema ${FEATURE_SCHEMA_VERSION}`,
    );
  try {
    let value: () => VectorDetector;
    if (detector === 'isolation_forest') {
      const forest = files.get(FOREST_FILE);
      if (forest === undefined) return invalid(`${FOREST_FILE} is not listed in model.json`);
      value = isolationForestFactory(forest.toString('utf8'), metadata.features);
    } else if (detector === 'half_space_trees') {
      const trees = files.get(HALF_SPACE_TREES_FILE);
      if (trees === undefined) return invalid(`${HALF_SPACE_TREES_FILE} is not listed in model.json`);
      value = halfSpaceTreesFactory(trees.toString('utf8'), metadata.features);
    } else {
      value = lstmAutoencoderFactory(metadata, files, options.lstm);
    }
    return { status: 'loaded', value, version: read.version, directory: read.directory, metadata };
  } catch (error) {
    return invalid((error as Error).message);
  }
}
