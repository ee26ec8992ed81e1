import { Command } from 'commander';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { simulatedFeatures, storeFeatures } from '../../../test/helpers/simulated-features.js';
import { loadModelDetector } from '../../models/load-model-detector.js';
import { register } from './train.js';

const dir = mkdtempSync(join(tmpdir(), 'tickwatch-train-'));
const simulated = simulatedFeatures({ seed: 'train-cli', days: 2, kinds: ['volume_spike'], anomaliesPerSymbolDay: 0 });
await (await storeFeatures(join(dir, 'tickwatch.db'), simulated.features)).close();

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function train(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  const program = new Command().exitOverride();
  register(program);
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  await program.parseAsync(['train', '--symbols', 'AAPL', '--data-dir', dir, ...args], { from: 'user' });
  vi.restoreAllMocks();
  return { stdout, stderr };
}

describe('tickwatch train', () => {
  it('trains an isolation forest from the stored vectors, writes version 1 and prints its metrics', async () => {
    const { stdout } = await train(
      '--detector',
      'isolation_forest',
      '--from',
      '2024-03-04',
      '--to',
      '2024-03-06',
      '--trees',
      '20',
      '--no-progress',
    );
    const directory = join(dir, 'models', 'isolation_forest', '1');
    expect(stdout).toContain(`Wrote isolation_forest model version 1 to ${directory}`);
    expect(stdout).toMatch(new RegExp(`trained on ${simulated.features.get('AAPL')?.length} vectors of AAPL`));
    expect(stdout).toMatch(/trainingScoreP99\s+0\.\d+/);
    expect(readdirSync(directory).sort()).toEqual(['forest.json', 'model.json']);
    const metadata = JSON.parse(readFileSync(join(directory, 'model.json'), 'utf8')) as {
      parameters: { trees: number };
    };
    expect(metadata.parameters.trees).toBe(20);
    expect((await loadModelDetector(dir, 'isolation_forest')).status).toBe('loaded');
  });

  it('trains a tiny LSTM autoencoder with a progress bar', async () => {
    const { stdout, stderr } = await train(
      '--detector',
      'lstm_autoencoder',
      '--from',
      '2024-03-04',
      '--to',
      '2024-03-06',
      '--epochs',
      '1',
      '--window',
      '8',
      '--units',
      '4',
    );
    expect(stdout).toContain(
      `Wrote lstm_autoencoder model version 1 to ${join(dir, 'models', 'lstm_autoencoder', '1')}`,
    );
    expect(stdout).toMatch(/validationLoss\s+\d/);
    expect(stderr).toMatch(/training .*epoch 1\/1/);
    const loaded = await loadModelDetector(dir, 'lstm_autoencoder');
    expect(loaded.status === 'loaded' && loaded.value.warmUp).toBe(7);
  });

  it('trains half-space trees with a progress bar: mass profiles of the stored vectors, a density threshold', async () => {
    const { stdout, stderr } = await train(
      '--detector',
      'half_space_trees',
      '--from',
      '2024-03-04',
      '--to',
      '2024-03-06',
      '--trees',
      '20',
      '--depth',
      '8',
    );
    const directory = join(dir, 'models', 'half_space_trees', '1');
    const vectors = simulated.features.get('AAPL')?.length ?? 0;
    expect(stdout).toContain(`Wrote half_space_trees model version 1 to ${directory}`);
    expect(stdout).toMatch(new RegExp(`trained on ${vectors} vectors of AAPL`));
    expect(stdout).toMatch(/trainingScoreP99\s+0\.\d+/);
    expect(stdout).toMatch(/trainingTriggeredShare\s+0\.\d+/);
    expect(stderr).toMatch(new RegExp(`training .*\\| ${vectors}/${vectors} vectors counted`));
    expect(readdirSync(directory).sort()).toEqual(['half-space-trees.json', 'model.json']);
    const metadata = JSON.parse(readFileSync(join(directory, 'model.json'), 'utf8')) as {
      parameters: { trees: number; depth: number; window: number; densityThreshold: number };
    };
    expect(metadata.parameters).toMatchObject({ trees: 20, depth: 8, window: vectors });
    expect(metadata.parameters.densityThreshold).toBeGreaterThan(0);
    const loaded = await loadModelDetector(dir, 'half_space_trees');
    expect(loaded.status === 'loaded' && loaded.value.name).toBe('half_space_trees_model');
  });

  it('says how to produce feature vectors when the range has none, and exits with 1', async () => {
    const { stdout, stderr } = await train(
      '--detector',
      'isolation_forest',
      '--from',
      '2023-01-01',
      '--to',
      '2023-02-01',
      '--no-progress',
    );
    expect(stdout).toBe('');
    expect(stderr).toMatch(/no stored feature vectors for AAPL \(1m bars from 2023-01-01T00:00:00.000Z/);
    expect(stderr).toMatch(/tickwatch replay --input/);
    expect(process.exitCode).toBe(1);
  });

  it('rejects an unknown detector and unknown features with what is expected', async () => {
    await expect(train('--detector', 'svm', '--from', '2024-03-04', '--to', '2024-03-06')).rejects.toThrow(
      /isolation_forest or lstm_autoencoder or half_space_trees/,
    );
    await expect(
      train('--detector', 'half_space_trees', '--from', '2024-03-04', '--to', '2024-03-06', '--depth', '16'),
    ).rejects.toThrow(/expected a depth from 1 to 15, got "16"/);
    const { stderr } = await train(
      '--detector',
      'isolation_forest',
      '--from',
      '2024-03-04',
      '--to',
      '2024-03-06',
      '--features',
      'ret_1,nope',
      '--no-progress',
    );
    expect(stderr).toMatch(/unknown feature\(s\) nope/);
    expect(process.exitCode).toBe(1);
  });
});
