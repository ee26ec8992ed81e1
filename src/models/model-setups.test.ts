/**
 * loadModelSetups: trained models become pipeline feature-detector setups that score feature
 * vectors; a missing, corrupt or mismatched model is a warning, never an exception.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatedFeatures, storeFeatures } from '../../test/helpers/simulated-features.js';
import { validateConfig } from '../config/load.js';
import type { Anomaly } from '../core/events.js';
import { microsFromIso } from '../core/time.js';
import { FeatureDetectorOperator } from '../detectors/feature-detector-operator.js';
import type { SqliteStore } from '../store/sqlite/index.js';
import { loadModelSetups } from './model-setups.js';
import { trainModel } from './train-model.js';

const dir = mkdtempSync(join(tmpdir(), 'tickwatch-model-setups-'));
// Two quiet days to train on, then a day with volume spikes and price jumps to score.
const quiet = simulatedFeatures({ seed: 'setups', days: 2, kinds: ['volume_spike'], anomaliesPerSymbolDay: 0 });
const eventful = simulatedFeatures({
  seed: 'setups-test',
  days: 1,
  kinds: ['volume_spike', 'price_jump'],
  anomaliesPerSymbolDay: 8,
});
let store: SqliteStore;

beforeAll(async () => {
  store = await storeFeatures(join(dir, 'tickwatch.db'), quiet.features);
  const common = {
    store,
    storeDescription: 'test store',
    dataDir: dir,
    symbols: ['AAPL'],
    timeframe: '1m',
    from: microsFromIso('2024-03-01T00:00:00Z'),
    to: microsFromIso('2024-04-01T00:00:00Z'),
  };
  await trainModel({ ...common, detector: 'isolation_forest', isolationForest: { trees: 30 } });
  await trainModel({ ...common, detector: 'lstm_autoencoder', lstm: { epochs: 1, windowLength: 8, units: 4 } });
  await trainModel({ ...common, detector: 'half_space_trees', halfSpaceTrees: { trees: 30 } });
}, 180_000);

afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function collect(): { warnings: string[]; infos: string[]; report: { warn(m: string): void; info(m: string): void } } {
  const warnings: string[] = [];
  const infos: string[] = [];
  return { warnings, infos, report: { warn: (m) => warnings.push(m), info: (m) => infos.push(m) } };
}

const config = (models: unknown[], features = ['1m', '5m']) =>
  validateConfig({ dataDir: dir, pipeline: { features: { timeframes: features }, detectors: { models } } }, 'test');

describe('loadModelSetups', () => {
  it('turns the three trained models into setups whose detectors flag the eventful day’s vectors', async () => {
    const { warnings, infos, report } = collect();
    const setups = await loadModelSetups(
      config([
        { detector: 'isolation_forest' },
        { detector: 'lstm_autoencoder', timeframes: ['1m'] },
        { detector: 'half_space_trees' },
      ]),
      report,
    );
    expect(warnings).toEqual([]);
    expect(infos).toHaveLength(3);
    expect(infos[0]).toMatch(
      /^isolation_forest model version 1 scores 1m feature vectors \(trained on \d+ vectors of AAPL/,
    );
    expect(setups.map((s) => [s.timeframe, s.context?.['model']])).toEqual([
      ['1m', 'isolation_forest v1'],
      ['1m', 'lstm_autoencoder v1'],
      ['1m', 'half_space_trees v1'],
    ]);
    const vectors = eventful.features.get('AAPL') ?? [];
    const labels = eventful.labels.get('AAPL') ?? [];
    for (const setup of setups) {
      const operator = new FeatureDetectorOperator(setup.create(), { context: setup.context ?? {} });
      const flagged: Anomaly[] = [];
      for (const set of vectors) operator.next(set, (a) => flagged.push(a));
      expect(flagged.length, operator.name).toBeGreaterThan(0);
      // Flagged bars overlap the injected anomalies far more often than bars at large.
      const rate = (list: readonly boolean[]) => list.filter(Boolean).length / list.length;
      const flaggedLabels = flagged.map((a) => labels[vectors.findIndex((v) => v.ts === a.ts)] === true);
      expect(rate(flaggedLabels), operator.name).toBeGreaterThan(2 * rate(labels));
      expect(flagged[0]?.context['model']).toBe(setup.context?.['model']);
    }
  });

  it('warns about a missing version, a corrupt file and a timeframe it was not trained on, and skips only what cannot be used', async () => {
    const { warnings, report } = collect();
    const pinned = await loadModelSetups(config([{ detector: 'isolation_forest', version: 7 }]), report);
    expect(pinned).toEqual([]);
    expect(warnings[0]).toMatch(/no isolation_forest model version 7 in .*train one with `tickwatch train/);

    const other = await loadModelSetups(config([{ detector: 'isolation_forest', timeframes: ['5m'] }]), report);
    expect(other).toHaveLength(1);
    expect(warnings[1]).toMatch(/trained on 1m feature vectors and now scores 5m ones/);

    writeFileSync(join(dir, 'models', 'lstm_autoencoder', '1', 'weights.bin'), Buffer.alloc(8));
    const corrupt = await loadModelSetups(
      config([{ detector: 'lstm_autoencoder' }, { detector: 'isolation_forest' }]),
      report,
    );
    expect(corrupt.map((s) => s.context?.['model'])).toEqual(['isolation_forest v1']);
    expect(warnings[2]).toMatch(
      /lstm_autoencoder model .* cannot be used .*retrain with `tickwatch train --detector lstm_autoencoder`/,
    );

    writeFileSync(join(dir, 'models', 'half_space_trees', '1', 'half-space-trees.json'), '{"truncated": ');
    const skipped = await loadModelSetups(
      config([{ detector: 'half_space_trees' }, { detector: 'isolation_forest' }]),
      report,
    );
    expect(skipped.map((s) => s.context?.['model'])).toEqual(['isolation_forest v1']);
    expect(warnings[3]).toMatch(
      /half_space_trees model .* cannot be used \(half-space-trees\.json does not match its checksum\); running without it/,
    );
  });
});
