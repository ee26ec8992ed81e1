/**
 * Trained models and correlation breaks in a replay, as a user would run them: simulate a day,
 * replay it (feature vectors are stored), train a small Isolation Forest, enable it and a
 * correlation pair in the configuration, replay again and find their anomalies in the store. A
 * corrupt model file is a warning and the replay goes on with the other detectors.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { Anomaly } from '../../src/core/events.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { exitOf, runCli, startCli, waitForOutput } from './run-cli.js';

// Child processes on a loaded 2-core machine: allow a few minutes per step.
vi.setConfig({ testTimeout: 240_000 });
const dir = mkdtempSync(join(tmpdir(), 'tickwatch-models-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const dataset = join(dir, 'dataset');

async function anomalies(db: string): Promise<Anomaly[]> {
  const store = await openSqliteStore({ path: db });
  try {
    return (await store.anomalies({})) as Anomaly[];
  } finally {
    await store.close();
  }
}

function config(name: string, detectors: Record<string, unknown>): string {
  const file = join(dir, name);
  // JSON is YAML: the configuration file takes it as is.
  writeFileSync(file, JSON.stringify({ pipeline: { detectors } }));
  return file;
}

const replay = (db: string, ...extra: string[]) =>
  runCli(['replay', '--input', dataset, '--speed', 'max', '--db', db, '--data-dir', dir, ...extra]);

describe('models and correlation breaks in replay', () => {
  it('a trained isolation forest scores the replay and its anomalies are stored', async () => {
    // Tuesday, 24 hours from before the NYSE open: AAPL's session and BTC-USD's whole day.
    const simulated = await runCli([
      'simulate',
      '--symbols',
      '2',
      '--days',
      '1',
      '--seed',
      'models',
      '--start',
      '2025-01-07T14:00:00Z',
      '--out',
      dataset,
    ]);
    expect(simulated.code).toBe(0);
    const stored = await replay(join(dir, 'training.db'));
    expect(stored.code).toBe(0);
    const trained = await runCli([
      'train',
      '--detector',
      'isolation_forest',
      '--symbols',
      'AAPL,BTC-USD',
      '--from',
      '2025-01-07',
      '--to',
      '2025-01-09',
      '--trees',
      '30',
      '--db',
      join(dir, 'training.db'),
      '--data-dir',
      dir,
      '--no-progress',
    ]);
    expect(trained.stderr).toBe('');
    expect(trained.stdout).toContain('Wrote isolation_forest model version 1');

    const db = join(dir, 'scored.db');
    const result = await replay(db, '--config', config('models.yaml', { models: [{ detector: 'isolation_forest' }] }));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Model: isolation_forest model version 1 scores 1m feature vectors \(trained on \d+/);
    const found = (await anomalies(db)).filter((a) => a.detector === 'isolation_forest_model');
    expect(found.length).toBeGreaterThan(0);
    for (const anomaly of found) {
      expect(anomaly.timeframe).toBe('1m');
      expect(anomaly.context['model']).toBe('isolation_forest v1');
      expect(anomaly.explanation.length).toBeGreaterThan(0);
    }
    // The model flags a few bars, not every one: 2 symbols, ~1800 one-minute bars.
    expect(found.length).toBeLessThan(200);
  });

  it('trained half-space trees (with a progress bar) score the replay and their anomalies are stored', async () => {
    const trained = await runCli([
      'train',
      '--detector',
      'half_space_trees',
      '--symbols',
      'AAPL,BTC-USD',
      '--from',
      '2025-01-07',
      '--to',
      '2025-01-09',
      '--db',
      join(dir, 'training.db'),
      '--data-dir',
      dir,
    ]);
    expect(trained.code).toBe(0);
    expect(trained.stdout).toContain('Wrote half_space_trees model version 1');
    expect(trained.stderr).toMatch(/training .*vectors counted into the mass profile/); // the progress bar

    const file = config('trees.yaml', { models: [{ detector: 'half_space_trees' }] });
    const db = join(dir, 'trees.db');
    const result = await replay(db, '--config', file);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Model: half_space_trees model version 1 scores 1m feature vectors \(trained on \d+/);
    const found = (await anomalies(db)).filter((a) => a.detector === 'half_space_trees_model');
    expect(found.length).toBeGreaterThan(0);
    expect(found.length).toBeLessThan(200); // a few of ~1800 one-minute bars
    for (const anomaly of found) {
      expect(anomaly.context['model']).toBe('half_space_trees v1');
      expect(anomaly.explanation.length).toBeGreaterThan(0);
    }
  });

  it('run scores with the trained model, and a missing model is a warning it runs on without', async () => {
    const file = join(dir, 'run.yaml');
    writeFileSync(
      file,
      JSON.stringify({
        // Crypto only: 24/7, so the test does not depend on the weekday.
        source: { simulator: { symbols: ['BTC-USD'], warmupDays: 2, anomaliesPerSymbolDay: 12 } },
        pipeline: { detectors: { models: [{ detector: 'isolation_forest' }, { detector: 'lstm_autoencoder' }] } },
        liveView: { intervalMs: 500 },
      }),
    );
    const child = startCli(['run', '--config', file, '--data-dir', dir, '--port', '0']);
    const shown = await waitForOutput(child, /Live\. Store: /, 180_000);
    expect(shown).toMatch(/Model: isolation_forest model version 1 scores 1m feature vectors/);
    expect(shown).toMatch(/Warning: no lstm_autoencoder model in .*running without it/);
    child.kill('SIGINT');
    await waitForOutput(child, /Stopped cleanly/, 60_000);
    expect(await exitOf(child)).toBe(0);
    const found = (await anomalies(join(dir, 'tickwatch.db'))).filter((a) => a.detector === 'isolation_forest_model');
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((a) => a.symbol === 'BTC-USD' && a.context['model'] === 'isolation_forest v1')).toBe(true);
  });

  it('eval scores the dataset with the trained model next to the other detectors', async () => {
    const result = await runCli([
      'eval',
      '--dataset',
      dataset,
      '--no-members',
      '--config',
      config('eval.yaml', { models: [{ detector: 'isolation_forest' }] }),
      '--data-dir',
      dir,
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/Model: isolation_forest model version 1 scores 1m feature vectors/);
    expect(result.stderr).not.toMatch(/Warning/);
    // A row per kind for the model, with its hits and false alarms counted like any detector's.
    expect(result.stdout).toMatch(/^isolation_forest_model\s+1m\s+\(all\)\s+\d+\s+\d+\s+\d+/m);
    expect(result.stdout).toMatch(/^volume_spike\s+1m\s+\(all\)/m);
  });

  it('a corrupt or missing model is a warning, and the replay runs on with the other detectors', async () => {
    writeFileSync(join(dir, 'models', 'isolation_forest', '1', 'forest.json'), '{"truncated": ');
    const db = join(dir, 'corrupt.db');
    const result = await replay(
      db,
      '--config',
      config('both.yaml', { models: [{ detector: 'isolation_forest' }, { detector: 'lstm_autoencoder' }] }),
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /Warning: isolation_forest model .*cannot be used \(.*checksum|Warning: isolation_forest model .*cannot be used/,
    );
    expect(result.stderr).toMatch(
      /Warning: no lstm_autoencoder model in .*train one with `tickwatch train --detector lstm_autoencoder/,
    );
    expect(result.stdout).toMatch(/Replayed .* input events/);
    const stored = await anomalies(db);
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.some((a) => a.detector === 'isolation_forest_model')).toBe(false);
  });

  it('a configured correlation pair reports breaks naming both symbols', async () => {
    const db = join(dir, 'pairs.db');
    const result = await replay(
      db,
      '--config',
      config('pairs.yaml', {
        correlationBreak: { pairs: [['AAPL', 'BTC-USD']], shortWindow: 10, longWindow: 60, threshold: 2 },
      }),
    );
    expect(result.stderr).toBe('');
    const breaks = (await anomalies(db)).filter((a) => a.detector === 'correlation_break');
    expect(breaks.length).toBeGreaterThan(0);
    for (const anomaly of breaks) {
      expect(anomaly.symbol).toBe('AAPL');
      expect(anomaly.context['pair']).toBe('AAPL/BTC-USD');
      expect(anomaly.message).toMatch(/AAPL.*BTC-USD/);
      expect(anomaly.explanation.map((c) => c.feature)).toEqual([
        'AAPL/BTC-USD short_correlation',
        'AAPL/BTC-USD long_correlation',
      ]);
    }
  });

  it('a pair naming a symbol the run does not have is refused with the fix', async () => {
    const result = await replay(
      join(dir, 'bad-pair.db'),
      '--config',
      config('bad-pair.yaml', { correlationBreak: { pairs: [['AAPL', 'QQQ']] } }),
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/correlationBreak\.pairs: AAPL\/QQQ names QQQ, which is not an instrument/);
  });
});
