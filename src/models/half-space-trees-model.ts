/**
 * Offline half-space trees: the one-class model of item 4, trained once on stored feature vectors,
 * persisted, then frozen.
 *
 * It reuses the streaming HalfSpaceTreesDetector (src/detectors/ml) for the trees, the score and the
 * explanation. Training sets each feature's work range from the (robustly scaled) training vectors
 * and counts every training vector into the mass profile: the reference window is the training
 * data, however long. The trees come from the seed alone, so the file holds the configuration, the
 * ranges and the reference masses (trees × (2^(depth+1) − 1) counts), and loading restores them into
 * a detector of the same configuration.
 *
 * Frozen: the loaded model never swaps in a window of the stream (docs/models.md says why).
 */
import { z } from 'zod';
import {
  DEFAULT_HALF_SPACE_TREES,
  HalfSpaceTreesDetector,
  type HalfSpaceTreesConfig,
} from '../detectors/ml/half-space-trees.js';
import { quantile, type FeatureScaling } from '../detectors/ml/lstm-autoencoder-scaling.js';
import { FrozenModelDetector } from './frozen-model-detector.js';
import type { TrainingMatrix } from './training-data.js';

export const HALF_SPACE_TREES_FILE = 'half-space-trees.json';

/**
 * Defaults of the trained model. More and deeper trees than the streaming detector: the training
 * set is larger than its 250-value window, and 100 trees make the ranking depend little on the seed
 * (simulated AAPL: ROC-AUC 0.84–0.94 with 25 trees over seeds and depths 8–12; 0.89–0.93 with 100
 * trees of depth 10 over five seeds).
 */
export const DEFAULT_TRAINED_HALF_SPACE_TREES = {
  seed: 'half-space-trees-model',
  trees: 100,
  depth: 10,
  sizeLimit: DEFAULT_HALF_SPACE_TREES.sizeLimit,
  /** Share of training vectors at or below the density threshold (the in-sample alarm rate). */
  triggerQuantile: 0.005,
} as const;

export interface HalfSpaceTreesTraining {
  readonly seed?: string;
  readonly trees?: number;
  readonly depth?: number;
  readonly triggerQuantile?: number;
  /** Training vectors counted so far, of all (called every 5000 and at the end). */
  readonly onProgress?: (counted: number, total: number) => void;
}

const finite = z.number().refine(Number.isFinite, 'must be finite');

const halfSpaceTreesFileSchema = z.object({
  config: z.object({
    seed: z.union([z.string(), z.number()]),
    trees: z.number().int().positive(),
    depth: z.number().int().min(1).max(15),
    window: z.number().int().min(10),
    sizeLimit: finite,
    densityThreshold: finite,
  }),
  minimum: z.array(finite),
  maximum: z.array(finite),
  reference: z.array(finite.refine((n) => n >= 0, 'must be ≥ 0')),
});

type HalfSpaceTreesFile = z.infer<typeof halfSpaceTreesFileSchema>;

export interface TrainedHalfSpaceTrees {
  readonly file: string;
  /** The trained model in memory (what loading the file gives back). */
  readonly detector: FrozenModelDetector;
  readonly parameters: Record<string, number | string>;
  readonly metrics: Record<string, number>;
}

export function trainHalfSpaceTrees(
  matrix: TrainingMatrix,
  options: HalfSpaceTreesTraining = {},
): TrainedHalfSpaceTrees {
  const d = matrix.scaling.names.length;
  const total = matrix.rows.length / d;
  if (total < 10) throw new Error(`half_space_trees needs at least 10 feature vectors, got ${total}`);
  const triggerQuantile = options.triggerQuantile ?? DEFAULT_TRAINED_HALF_SPACE_TREES.triggerQuantile;
  if (!(triggerQuantile > 0 && triggerQuantile < 1))
    throw new Error('half_space_trees.triggerQuantile must be in (0, 1)');
  const untuned: HalfSpaceTreesConfig = {
    ...DEFAULT_HALF_SPACE_TREES,
    seed: options.seed ?? DEFAULT_TRAINED_HALF_SPACE_TREES.seed,
    trees: options.trees ?? DEFAULT_TRAINED_HALF_SPACE_TREES.trees,
    depth: options.depth ?? DEFAULT_TRAINED_HALF_SPACE_TREES.depth,
    sizeLimit: DEFAULT_TRAINED_HALF_SPACE_TREES.sizeLimit,
    window: total, // one window: the reference profile is the whole training set
  };
  // Work ranges: each feature's smallest and largest training value (as the streaming detector's first window).
  const minimum = new Array<number>(d).fill(Number.POSITIVE_INFINITY);
  const maximum = new Array<number>(d).fill(Number.NEGATIVE_INFINITY);
  for (let i = 0; i < total; i++)
    for (let f = 0; f < d; f++) {
      const v = matrix.rows[i * d + f] as number;
      if (v < (minimum[f] as number)) minimum[f] = v;
      if (v > (maximum[f] as number)) maximum[f] = v;
    }
  const filling = new HalfSpaceTreesDetector(untuned);
  const nodes = untuned.trees * (2 ** (untuned.depth + 1) - 1);
  const empty = new Array<number>(nodes).fill(0);
  filling.restore({ warm: [], dimensions: d, minimum, maximum, reference: empty, latest: empty, inWindow: 0 });
  const point = { ts: 0, names: matrix.scaling.names, values: new Float64Array(d) };
  const row = (i: number): typeof point => {
    for (let f = 0; f < d; f++) point.values[f] = matrix.rows[i * d + f] as number;
    return point;
  };
  // Counting the last vector completes the window, which becomes the reference profile.
  for (let i = 0; i < total; i++) {
    filling.learn(row(i));
    if ((i + 1) % 5000 === 0 || i + 1 === total) options.onProgress?.(i + 1, total);
  }
  const filled = filling.snapshot();
  const reference = filled.reference;
  // The density scale depends on the data's spread over the work space (ordinary vectors sit at
  // ρ ≈ 10–1000 here, not near the streaming default's 0.1), so the threshold is a training quantile.
  const densities: number[] = [];
  for (let i = 0; i < total; i++) densities.push(filling.score(row(i))?.raw ?? Number.NaN);
  densities.sort((a, b) => a - b);
  const config: HalfSpaceTreesConfig = { ...untuned, densityThreshold: quantile(densities, triggerQuantile) };
  const file: HalfSpaceTreesFile = { config, minimum, maximum, reference };
  const trained = new HalfSpaceTreesDetector(config);
  trained.restore(filled);
  // Training scores (in-sample), as the loaded model reports them: score = 1 / (1 + ρ).
  const scores = densities.map((rho) => 1 / (1 + rho)).sort((a, b) => a - b);
  return {
    file: JSON.stringify(file),
    detector: new FrozenModelDetector('half_space_trees_model', trained, matrix.scaling),
    parameters: {
      trees: config.trees,
      depth: config.depth,
      window: config.window,
      sizeLimit: config.sizeLimit,
      triggerQuantile,
      densityThreshold: config.densityThreshold,
      seed: String(config.seed),
    },
    metrics: {
      trainingScoreMedian: quantile(scores, 0.5),
      trainingScoreP99: quantile(scores, 0.99),
      trainingScoreMax: scores.at(-1) ?? Number.NaN,
      trainingDensityMedian: quantile(densities, 0.5),
      trainingTriggeredShare: densities.filter((rho) => rho <= config.densityThreshold).length / total,
    },
  };
}

/** Parses a model file; throws on a malformed one (the loader turns that into a warning). */
export function halfSpaceTreesFromFile(content: string, scaling: FeatureScaling): FrozenModelDetector {
  return halfSpaceTreesFactory(content, scaling)();
}

/** Parses once; every call gives a detector (one per symbol) sharing the frozen trees. */
export function halfSpaceTreesFactory(content: string, scaling: FeatureScaling): () => FrozenModelDetector {
  const checked = halfSpaceTreesFileSchema.safeParse(JSON.parse(content));
  if (!checked.success)
    throw new Error(
      `${HALF_SPACE_TREES_FILE}: ${checked.error.issues[0]?.path.join('.')} ${checked.error.issues[0]?.message}`,
    );
  const file = checked.data;
  const d = scaling.names.length;
  if (file.minimum.length !== d || file.maximum.length !== d)
    throw new Error(`${HALF_SPACE_TREES_FILE}: work ranges of ${file.minimum.length} features, the model has ${d}`);
  const nodes = file.config.trees * (2 ** (file.config.depth + 1) - 1);
  if (file.reference.length !== nodes)
    throw new Error(
      `${HALF_SPACE_TREES_FILE}: ${file.reference.length} masses, ${file.config.trees} trees need ${nodes}`,
    );
  const trees = new HalfSpaceTreesDetector(file.config);
  trees.restore({
    warm: [],
    dimensions: d,
    minimum: file.minimum,
    maximum: file.maximum,
    reference: file.reference,
    latest: new Array<number>(nodes).fill(0),
    inWindow: 0,
  });
  return () => new FrozenModelDetector('half_space_trees_model', trees, scaling);
}
