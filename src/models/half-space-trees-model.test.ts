import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectorContract, rocAuc } from '../../test/contract/detector-contract.js';
import { simulatedFeatures, storeFeatures, vectorPoint } from '../../test/helpers/simulated-features.js';
import { microsFromIso } from '../core/time.js';
import type { VectorDetector } from '../detectors/detector.js';
import {
  DEFAULT_TRAINED_HALF_SPACE_TREES,
  HALF_SPACE_TREES_FILE,
  halfSpaceTreesFromFile,
  trainHalfSpaceTrees,
} from './half-space-trees-model.js';
import { loadModelDetector } from './load-model-detector.js';
import { modelMetadataSchema, writeModel, type ModelMetadata } from './model-files.js';
import { trainModel } from './train-model.js';
import { buildTrainingMatrix, DEFAULT_MODEL_FEATURES } from './training-data.js';

// Train on two quiet simulated days, test on two other days with injected anomalies.
const KINDS = ['volume_spike', 'price_jump', 'flash_crash'] as const;
const training = simulatedFeatures({ seed: 'model-train', days: 2, kinds: KINDS, anomaliesPerSymbolDay: 0 });
const testing = simulatedFeatures({ seed: 'model-test', days: 2, kinds: KINDS, anomaliesPerSymbolDay: 4 });
const dataDir = await mkdtemp(join(tmpdir(), 'tickwatch-hst-'));
const store = await storeFeatures(':memory:', training.features);
const counted: Array<[number, number]> = [];
const trained = await trainModel({
  store,
  storeDescription: 'memory',
  dataDir,
  detector: 'half_space_trees',
  symbols: ['AAPL'],
  timeframe: '1m',
  from: microsFromIso('2024-03-01'),
  to: microsFromIso('2024-04-01'),
  halfSpaceTrees: { onProgress: (done, total) => counted.push([done, total]) },
});
afterAll(async () => {
  await store.close();
  await rm(dataDir, { recursive: true, force: true });
});

const trainingVectors = training.features.get('AAPL') ?? [];
const points = (testing.features.get('AAPL') ?? []).map(vectorPoint);
const labels = testing.labels.get('AAPL') ?? [];
const metadata = modelMetadataSchema.parse(JSON.parse(await readFile(join(trained.directory, 'model.json'), 'utf8')));
const treesFile = await readFile(join(trained.directory, HALF_SPACE_TREES_FILE), 'utf8');
// The same training in memory (training is deterministic): what the files must give back.
const inMemory = trainHalfSpaceTrees(buildTrainingMatrix([{ symbol: 'AAPL', vectors: trainingVectors }]));

const scores = (detector: VectorDetector) => points.map((p) => detector.score(p)?.score ?? Number.NaN);
const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

describe('offline half_space_trees', () => {
  it('writes version 1 with the training window, features, parameters and metrics, reporting progress', () => {
    expect(trained.version).toBe(1);
    expect(metadata.detector).toBe('half_space_trees');
    expect(metadata.training.vectors).toBe(trainingVectors.length);
    expect(metadata.features.names).toEqual(DEFAULT_MODEL_FEATURES);
    expect(metadata.files.map((f) => f.name)).toEqual([HALF_SPACE_TREES_FILE]);
    expect(metadata.parameters).toMatchObject({
      trees: DEFAULT_TRAINED_HALF_SPACE_TREES.trees,
      depth: DEFAULT_TRAINED_HALF_SPACE_TREES.depth,
      window: trainingVectors.length, // the reference window is the whole training set
    });
    expect(metadata.metrics.trainingScoreP99).toBeGreaterThan(metadata.metrics.trainingScoreMedian ?? 1);
    expect(metadata.metrics.trainingScoreMax).toBeGreaterThanOrEqual(metadata.metrics.trainingScoreP99 ?? 1);
    // The density threshold is the training quantile, so about that share of training vectors triggers.
    const share = metadata.metrics.trainingTriggeredShare ?? Number.NaN;
    expect(share).toBeGreaterThan(0);
    expect(share).toBeLessThan(4 * DEFAULT_TRAINED_HALF_SPACE_TREES.triggerQuantile);
    expect(counted.at(-1)).toEqual([trainingVectors.length, trainingVectors.length]);
  });

  it('counts every training vector into each tree: every root holds the whole training set', () => {
    const file = JSON.parse(treesFile) as { config: { trees: number; depth: number }; reference: number[] };
    const nodes = 2 ** (file.config.depth + 1) - 1;
    for (let t = 0; t < file.config.trees; t++) expect(file.reference[t * nodes]).toBe(trainingVectors.length);
  });

  it('loads through the registry and scores exactly like the model in memory', async () => {
    const loaded = await loadModelDetector(dataDir, 'half_space_trees');
    expect(loaded.status).toBe('loaded');
    if (loaded.status !== 'loaded') return;
    expect(loaded.value.name).toBe('half_space_trees_model');
    expect(inMemory.file).toBe(treesFile);
    for (const point of points) expect(loaded.value.score(point)).toEqual(inMemory.detector.score(point));
  });

  it('stays frozen: scoring and learning the test days change no later score', () => {
    const detector = halfSpaceTreesFromFile(treesFile, metadata.features);
    const before = scores(detector);
    for (const point of points) detector.learn(point);
    expect(scores(detector)).toEqual(before);
  });

  it('scores held-out anomalous vectors clearly higher than ordinary ones', () => {
    const detector = halfSpaceTreesFromFile(treesFile, metadata.features);
    const all = scores(detector);
    expect(rocAuc(all, labels)).toBeGreaterThan(0.85); // 0.91–0.92 measured over seeds
    const anomalous = all.filter((_, i) => labels[i] === true);
    const ordinary = all.filter((_, i) => labels[i] !== true);
    expect(mean(anomalous)).toBeGreaterThan(3 * mean(ordinary));
    // What triggers is mostly labelled: far more often than bars at large.
    const triggered = points.map((p) => detector.score(p)?.triggered === true);
    const hits = triggered.filter((t, i) => t && labels[i] === true).length;
    const alarms = triggered.filter(Boolean).length;
    expect(alarms).toBeGreaterThan(0);
    expect(hits / alarms).toBeGreaterThan(3 * (anomalous.length / all.length));
  });
});

describe('a half_space_trees model that cannot be used is a warning, never a throw', () => {
  const withFile = async (content: string, edit: Partial<ModelMetadata> = {}) => {
    const directory = await mkdtemp(join(tmpdir(), 'tickwatch-hst-bad-'));
    const { version: _v, files: _f, formatVersion: _fv, ...base } = metadata;
    await writeModel(directory, { ...base, ...edit }, new Map([[HALF_SPACE_TREES_FILE, content]]));
    return directory;
  };
  const expectWarning = async (directory: string, message: RegExp) => {
    const result = await loadModelDetector(directory, 'half_space_trees');
    expect(result.status).not.toBe('loaded');
    expect(result.status !== 'loaded' && result.warning).toMatch(message);
    expect(result.status !== 'loaded' && result.warning).toMatch(/running without it/);
    await rm(directory, { recursive: true, force: true });
  };

  it('missing: says how to train one', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'tickwatch-hst-none-'));
    const result = await loadModelDetector(empty, 'half_space_trees');
    expect(result.status).toBe('missing');
    await expectWarning(empty, /train one with `tickwatch train --detector half_space_trees/);
  });

  it('corrupt: a file that fails its checksum, truncated JSON, or masses that do not fit the trees', async () => {
    const edited = await withFile(treesFile);
    await writeFile(join(edited, 'models', 'half_space_trees', '1', HALF_SPACE_TREES_FILE), treesFile.slice(0, -1));
    await expectWarning(edited, /half-space-trees\.json does not match its checksum/);

    await expectWarning(await withFile(treesFile.slice(0, 100)), /cannot be used \(.*JSON/);

    const file = JSON.parse(treesFile) as { reference: number[]; minimum: number[] };
    await expectWarning(
      await withFile(JSON.stringify({ ...file, reference: file.reference.slice(1) })),
      /masses, 100 trees need/,
    );
    await expectWarning(
      await withFile(JSON.stringify({ ...file, minimum: file.minimum.slice(1) })),
      /work ranges of 8 features, the model has 9/,
    );
    await expectWarning(await withFile(JSON.stringify({ ...file, reference: 'none' })), /reference/);
  });

  it('wrong version: another model format or feature schema', async () => {
    const other = await withFile(treesFile);
    const path = join(other, 'models', 'half_space_trees', '1', 'model.json');
    await writeFile(path, JSON.stringify({ ...JSON.parse(await readFile(path, 'utf8')), formatVersion: 2 }));
    await expectWarning(other, /format version 2, this tickwatch reads 1/);
    await expectWarning(
      await withFile(treesFile, { features: { ...metadata.features, schemaVersion: 999 } }),
      /feature schema 999/,
    );
  });

  it('a model.json that does not list the trees file', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'tickwatch-hst-unlisted-'));
    const { version: _v, files: _f, formatVersion: _fv, ...base } = metadata;
    await writeModel(directory, base, new Map());
    await expectWarning(directory, /half-space-trees\.json is not listed in model\.json/);
  });
});

detectorContract('half_space_trees model trained offline on simulated AAPL features', {
  create: () => halfSpaceTreesFromFile(treesFile, metadata.features),
  stream: points,
  labels,
  minAuc: 0.85, // 0.91 measured
});
