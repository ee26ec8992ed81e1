import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FOREST_FILE } from './isolation-forest-model.js';
import { loadModelDetector } from './load-model-detector.js';
import { MODEL_FORMAT_VERSION, modelVersions, readModelFiles, writeModel, type ModelMetadata } from './model-files.js';

const METADATA: Omit<ModelMetadata, 'version' | 'files' | 'formatVersion'> = {
  detector: 'isolation_forest',
  createdAt: '2026-01-01T00:00:00.000Z',
  features: { schemaVersion: 1, names: ['a', 'b'], center: [0, 0], scale: [1, 1], clip: 20 },
  training: {
    symbols: ['AAPL'],
    timeframe: '1m',
    from: '2024-03-04T00:00:00.000Z',
    to: '2024-03-05T00:00:00.000Z',
    vectors: 10,
    seconds: 0.1,
  },
  parameters: { trees: 1 },
  metrics: { trainingScoreMedian: 0.4 },
};

let dataDir = '';
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'tickwatch-models-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('model files', () => {
  it('numbers versions 1, 2, … and reads the latest by default, any version on request', async () => {
    const first = await writeModel(dataDir, METADATA, new Map([[FOREST_FILE, 'one']]));
    const second = await writeModel(dataDir, METADATA, new Map([[FOREST_FILE, 'two']]));
    expect([first.version, second.version]).toEqual([1, 2]);
    expect(second.directory).toBe(join(dataDir, 'models', 'isolation_forest', '2'));
    expect(await modelVersions(dataDir, 'isolation_forest')).toEqual([1, 2]);
    const latest = await readModelFiles(dataDir, 'isolation_forest');
    expect(latest.status).toBe('loaded');
    if (latest.status !== 'loaded') return;
    expect(latest.version).toBe(2);
    expect(latest.value.metadata.formatVersion).toBe(MODEL_FORMAT_VERSION);
    expect(latest.value.files.get(FOREST_FILE)?.toString()).toBe('two');
    const older = await readModelFiles(dataDir, 'isolation_forest', 1);
    expect(older.status === 'loaded' && older.value.files.get(FOREST_FILE)?.toString()).toBe('one');
  });

  it('reports a missing model as a warning that says how to train one', async () => {
    const result = await readModelFiles(dataDir, 'lstm_autoencoder');
    expect(result.status).toBe('missing');
    expect(result.status !== 'loaded' && result.warning).toMatch(/tickwatch train --detector lstm_autoencoder/);
    const detector = await loadModelDetector(dataDir, 'lstm_autoencoder');
    expect(detector.status).toBe('missing');
  });

  it('degrades to a warning, never a throw, for corrupt or incompatible files', async () => {
    const corruptions: Array<[string, (directory: string) => Promise<void>, RegExp]> = [
      ['unparsable model.json', (d) => writeFile(join(d, 'model.json'), '{ not json'), /model\.json unreadable/],
      ['a weight file edited', (d) => writeFile(join(d, FOREST_FILE), 'twp'), /does not match its checksum/],
      ['a weight file deleted', (d) => rm(join(d, FOREST_FILE)), /forest\.json is missing/],
      [
        'another format version',
        async (d) => {
          const metadata = JSON.parse(await readFile(join(d, 'model.json'), 'utf8')) as ModelMetadata;
          await writeFile(join(d, 'model.json'), JSON.stringify({ ...metadata, formatVersion: 99 }));
        },
        /format version 99/,
      ],
      [
        'a field of the wrong type',
        async (d) => {
          const metadata = JSON.parse(await readFile(join(d, 'model.json'), 'utf8')) as ModelMetadata;
          await writeFile(
            join(d, 'model.json'),
            JSON.stringify({ ...metadata, features: { ...metadata.features, scale: [1, -1] } }),
          );
        },
        /features\.scale\.1/,
      ],
    ];
    for (const [what, corrupt, message] of corruptions) {
      const { directory } = await writeModel(dataDir, METADATA, new Map([[FOREST_FILE, 'two']]));
      await corrupt(directory);
      const result = await loadModelDetector(dataDir, 'isolation_forest');
      expect(result.status, what).toBe('invalid');
      expect(result.status !== 'loaded' && result.warning, what).toMatch(message);
      expect(result.status !== 'loaded' && result.warning, what).toMatch(/running without it/);
    }
  });

  it('rejects a well-formed file whose content is not a forest, and a model of another feature schema', async () => {
    await writeModel(dataDir, METADATA, new Map([[FOREST_FILE, '{"config":{"trainWindow":3},"rows":[1]}']]));
    const bad = await loadModelDetector(dataDir, 'isolation_forest');
    expect(bad.status !== 'loaded' && bad.warning).toMatch(/forest rows do not match/);
    await writeModel(
      dataDir,
      { ...METADATA, features: { ...METADATA.features, schemaVersion: 999 } },
      new Map([[FOREST_FILE, '{}']]),
    );
    const other = await loadModelDetector(dataDir, 'isolation_forest');
    expect(other.status !== 'loaded' && other.warning).toMatch(/feature schema 999/);
  });
});
