/**
 * Offline Isolation Forest: trained once on stored feature vectors, persisted, then frozen.
 *
 * It reuses the streaming IsolationForestDetector (src/detectors/ml) for the trees, the score and
 * its exact per-feature explanation: the model file holds the scaled training rows the forest was
 * grown from and the generator state, and loading grows the identical forest again (restore), so
 * the weights are a few hundred kB of JSON and no tree format has to be kept stable.
 */
import { Random } from '../core/random.js';
import type { RandomState } from '../core/random.js';
import {
  DEFAULT_ISOLATION_FOREST,
  IsolationForestDetector,
  type IsolationForestConfig,
} from '../detectors/ml/isolation-forest.js';
import { quantile, type FeatureScaling } from '../detectors/ml/lstm-autoencoder-scaling.js';
import { FrozenModelDetector } from './frozen-model-detector.js';
import type { TrainingMatrix } from './training-data.js';

export const FOREST_FILE = 'forest.json';

export interface IsolationForestTraining {
  readonly seed?: string;
  readonly trees?: number;
  /** Rows kept for the fit (evenly spaced over the training data). */
  readonly maxRows?: number;
}

interface ForestFile {
  readonly config: IsolationForestConfig;
  readonly rows: number[];
  readonly random: RandomState;
}

export interface TrainedIsolationForest {
  readonly file: string;
  readonly parameters: Record<string, number | string>;
  readonly metrics: Record<string, number>;
}

export function trainIsolationForest(
  matrix: TrainingMatrix,
  options: IsolationForestTraining = {},
): TrainedIsolationForest {
  const d = matrix.scaling.names.length;
  const total = matrix.rows.length / d;
  const maxRows = options.maxRows ?? 4096;
  const take = Math.min(total, maxRows);
  if (take < 8) throw new Error(`isolation_forest needs at least 8 feature vectors, got ${total}`);
  const rows: number[] = [];
  for (let i = 0; i < take; i++) {
    const r = Math.floor((i * total) / take);
    for (let f = 0; f < d; f++) rows.push(matrix.rows[r * d + f] as number);
  }
  const config: IsolationForestConfig = {
    ...DEFAULT_ISOLATION_FOREST,
    seed: options.seed ?? DEFAULT_ISOLATION_FOREST.seed,
    trees: options.trees ?? DEFAULT_ISOLATION_FOREST.trees,
    sampleSize: Math.min(DEFAULT_ISOLATION_FOREST.sampleSize, take),
    trainWindow: take,
    refitEvery: 0,
  };
  const forest: ForestFile = { config, rows, random: new Random(config.seed).snapshot() };
  const detector = forestDetector(forest, d);
  // Training scores: what an ordinary vector scores, for the metrics and for choosing thresholds.
  const names = matrix.scaling.names;
  const scores: number[] = [];
  const point = { ts: 0, names, values: new Float64Array(d) };
  for (let i = 0; i < take; i++) {
    for (let f = 0; f < d; f++) point.values[f] = rows[i * d + f] as number;
    scores.push(detector.score(point)?.raw ?? Number.NaN);
  }
  scores.sort((a, b) => a - b);
  return {
    file: JSON.stringify(forest),
    parameters: { trees: config.trees, sampleSize: config.sampleSize, fitRows: take, seed: String(config.seed) },
    metrics: {
      trainingScoreMedian: quantile(scores, 0.5),
      trainingScoreP99: quantile(scores, 0.99),
      trainingScoreMax: scores.at(-1) ?? Number.NaN,
    },
  };
}

function forestDetector(forest: ForestFile, dimensions: number): IsolationForestDetector {
  const detector = new IsolationForestDetector(forest.config);
  detector.restore({
    dimensions,
    history: [],
    fit: { rows: forest.rows, random: forest.random },
    random: forest.random,
    sinceFit: 0,
  });
  return detector;
}

/** Parses a forest file; throws on a malformed one (the loader turns that into a warning). */
export function isolationForestFromFile(content: string, scaling: FeatureScaling): FrozenModelDetector {
  return isolationForestFactory(content, scaling)();
}

/** Parses once; every call gives a detector (one per symbol) sharing the grown forest. */
export function isolationForestFactory(content: string, scaling: FeatureScaling): () => FrozenModelDetector {
  const forest = JSON.parse(content) as ForestFile;
  const d = scaling.names.length;
  if (!Array.isArray(forest.rows) || forest.rows.length !== forest.config.trainWindow * d)
    throw new Error(`forest rows do not match ${forest.config?.trainWindow} × ${d} features`);
  const grown = forestDetector(forest, d);
  return () => new FrozenModelDetector('isolation_forest_model', grown, scaling);
}
