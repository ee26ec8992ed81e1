import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectorAuc, detectorContract } from '../../../test/contract/detector-contract.js';
import { simulatedFeatures, storeFeatures, vectorPoint } from '../../../test/helpers/simulated-features.js';
import { microsFromIso } from '../../core/time.js';
import { LSTMAutoencoderDetector } from '../../detectors/ml/lstm-autoencoder.js';
import { LSTMAutoencoderNetwork } from '../../detectors/ml/lstm-autoencoder-network.js';
import { loadModelDetector, loadModelDetectorFactory } from '../load-model-detector.js';
import { modelMetadataSchema } from '../model-files.js';
import { trainModel } from '../train-model.js';
import { buildTrainingMatrix, slidingWindows } from '../training-data.js';
import { parseAutoencoderWeights } from './autoencoder-weights.js';
import { ERRORS_FILE, lstmAutoencoderFromFiles } from './lstm-autoencoder-model.js';
import { NETWORK_FILE, NetworkReconstructor, WEIGHTS_FILE, loadNetwork } from './lstm-network.js';
import { loadTensorflow } from './tensorflow.js';

// Tiny on purpose (seconds): window 16, 8 units, 2 epochs on two quiet simulated days.
const KINDS = ['volume_spike', 'price_jump', 'flash_crash'] as const;
const training = simulatedFeatures({ seed: 'lstm-train', days: 2, kinds: KINDS, anomaliesPerSymbolDay: 0 });
const testing = simulatedFeatures({ seed: 'lstm-test', days: 2, kinds: KINDS, anomaliesPerSymbolDay: 4 });
const dataDir = await mkdtemp(join(tmpdir(), 'tickwatch-lstm-'));
const store = await storeFeatures(':memory:', training.features);
const started = performance.now();
const trained = await trainModel({
  store,
  storeDescription: 'memory',
  dataDir,
  detector: 'lstm_autoencoder',
  symbols: ['AAPL'],
  timeframe: '1m',
  from: microsFromIso('2024-03-01'),
  to: microsFromIso('2024-04-01'),
  lstm: { windowLength: 16, units: 8, epochs: 2, batchSize: 32 },
});
const trainSeconds = (performance.now() - started) / 1000;
afterAll(async () => {
  await store.close();
  await rm(dataDir, { recursive: true, force: true });
});

const metadata = modelMetadataSchema.parse(JSON.parse(await readFile(join(trained.directory, 'model.json'), 'utf8')));
const files = new Map(
  await Promise.all(
    [NETWORK_FILE, WEIGHTS_FILE, ERRORS_FILE].map(
      async (name) => [name, await readFile(join(trained.directory, name))] as const,
    ),
  ),
);
const network = new LSTMAutoencoderNetwork(
  parseAutoencoderWeights((files.get(NETWORK_FILE) as Buffer).toString(), files.get(WEIGHTS_FILE) as Buffer, 16),
);
const errors = JSON.parse((files.get(ERRORS_FILE) as Buffer).toString()) as number[];
const points = (testing.features.get('AAPL') ?? []).map(vectorPoint);
const labels = testing.labels.get('AAPL') ?? [];

describe('lstm_autoencoder model', () => {
  it('trains in seconds and records shape, losses and the error distribution', () => {
    expect(trainSeconds).toBeLessThan(60);
    expect(metadata.parameters).toMatchObject({ windowLength: 16, units: 8, epochs: 2 });
    expect(metadata.metrics.windows).toBe((training.features.get('AAPL')?.length ?? 0) - 15);
    expect(metadata.metrics.loss).toBeGreaterThan(0);
    expect(metadata.metrics.validationLoss).toBeGreaterThan(0);
    expect(errors.length).toBe(Math.min(2000, metadata.metrics.windows ?? 0));
    expect(errors).toEqual([...errors].sort((a, b) => a - b));
  });

  it('pure inference matches TensorFlow.js predict on the saved weights (tfjs as the oracle)', async () => {
    const tensorflow = await loadTensorflow();
    const model = await loadNetwork(
      tensorflow,
      (files.get(NETWORK_FILE) as Buffer).toString(),
      files.get(WEIGHTS_FILE) as Buffer,
    );
    const reference = new NetworkReconstructor(tensorflow, model, 16, network.features);
    const matrix = buildTrainingMatrix(
      [{ symbol: 'AAPL', vectors: testing.features.get('AAPL') ?? [] }],
      metadata.features.names,
    );
    const { windows } = slidingWindows(matrix, 16, 37);
    const count = 8;
    const expected = reference.reconstruct(windows, count);
    const actual = network.reconstruct(windows, count);
    expect(actual.length).toBe(expected.length);
    let worst = 0;
    for (let i = 0; i < actual.length; i++)
      worst = Math.max(worst, Math.abs((actual[i] as number) - (expected[i] as number)));
    expect(worst).toBeLessThan(1e-4);
    model.dispose();
  });

  it('loads through the registry without TensorFlow.js and finds the injected anomalies', async () => {
    const loaded = await loadModelDetector(dataDir, 'lstm_autoencoder');
    expect(loaded.status).toBe('loaded');
    if (loaded.status !== 'loaded') return;
    expect(loaded.value.name).toBe('lstm_autoencoder');
    expect(detectorAuc(loaded.value, points, labels)).toBeGreaterThan(0.85);
  });

  it('gives one detector per call from the factory, each with its own window', async () => {
    const factory = await loadModelDetectorFactory(dataDir, 'lstm_autoencoder');
    expect(factory.status).toBe('loaded');
    if (factory.status !== 'loaded') return;
    const a = factory.value();
    const b = factory.value();
    for (const point of points.slice(0, 40)) a.learn(point);
    expect(a.snapshot()).not.toEqual(b.snapshot());
    expect(b.score(points[40] as (typeof points)[number])).toBeNull(); // b is still warming up
    expect(a.score(points[40] as (typeof points)[number])).not.toBeNull();
  });

  it('refuses weights that do not match their specs (the loader turns this into a warning)', () => {
    const truncated = new Map<string, Buffer>(files);
    truncated.set(WEIGHTS_FILE, (files.get(WEIGHTS_FILE) as Buffer).subarray(0, 100));
    expect(() => lstmAutoencoderFromFiles(metadata, truncated)).toThrow(/shorter than its specs/);
    const fewer = { ...metadata, features: { ...metadata.features, names: metadata.features.names.slice(1) } };
    expect(() => lstmAutoencoderFromFiles(fewer, files)).toThrow();
  });
});

detectorContract('lstm_autoencoder trained on simulated AAPL features', {
  create: () => new LSTMAutoencoderDetector(network, metadata.features, errors),
  stream: points,
  labels,
  minAuc: 0.85, // 0.95 measured
});
