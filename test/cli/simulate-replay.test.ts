import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { runCli } from './run-cli.js';

// Child processes on a loaded 2-core machine: allow a minute per step.
vi.setConfig({ testTimeout: 90_000 });
const dir = mkdtempSync(join(tmpdir(), 'tickwatch-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function storedCounts(db: string): Promise<Record<string, number>> {
  const store = await openSqliteStore({ path: db });
  const counts: Record<string, number> = {
    anomalies: (await store.anomalies({})).length,
    labels: (await store.labels({})).length,
  };
  for (const symbol of await store.symbols()) {
    counts[`trades:${symbol}`] = (await store.trades({ symbol })).length;
    counts[`bars1m:${symbol}`] = (await store.bars({ symbol, timeframe: '1m' })).length;
  }
  await store.close();
  return counts;
}

describe('tickwatch simulate → replay', () => {
  const out = join(dir, 'dataset');
  const db = join(dir, 'replay.db');

  it('simulate writes events, labels and metadata; the same seed writes the same dataset', async () => {
    const args = [
      'simulate',
      '--symbols',
      '3',
      '--days',
      '0.1',
      '--seed',
      '5',
      '--start',
      '2025-01-07T14:00:00Z',
      '--anomaly-rate',
      '24',
    ];
    const first = await runCli([...args, '--out', out]);
    expect(first.stderr).not.toMatch(/Error/);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Wrote [\d.]+[kM]? trades, [\d.]+[kM]? quotes and \d+ labels for 3 symbols/);
    expect(existsSync(join(out, 'events.ndjson.gz'))).toBe(true);
    const labels = readFileSync(join(out, 'labels.csv'), 'utf8').trim().split('\n');
    expect(labels[0]).toBe('kind,symbol,start,end');
    expect(labels.length).toBeGreaterThan(2);
    expect(labels[1]).toMatch(/^[a-z_]+,[A-Z-]+,\d{4}-\d\d-\d\dT[\d:.]+Z,\d{4}-\d\d-\d\dT[\d:.]+Z$/);
    const meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8')) as { instruments: unknown[]; trades: number };
    expect(meta.instruments).toHaveLength(3);
    expect(meta.trades).toBeGreaterThan(1000);

    const again = join(dir, 'dataset-again');
    await runCli([...args, '--out', again, '--no-gzip']);
    const { gunzipSync } = await import('node:zlib');
    expect(readFileSync(join(again, 'events.ndjson'), 'utf8')).toBe(
      gunzipSync(readFileSync(join(out, 'events.ndjson.gz'))).toString(),
    );
  });

  it('replay pushes the dataset through the pipeline into the store; replaying again adds no duplicates', async () => {
    const first = await runCli(['replay', '--input', out, '--speed', 'max', '--db', db, '--data-dir', dir]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Replayed [\d.]+[kM]? input events from 1 file\(s\)/);
    expect(first.stdout).toMatch(/anomaly\s+\d+/);
    const counts = await storedCounts(db);
    expect(counts['labels']).toBeGreaterThan(1);
    expect(Object.keys(counts).filter((k) => k.startsWith('trades:'))).toHaveLength(3);
    await runCli(['replay', '--input', join(out, 'events.ndjson.gz'), '--db', db, '--data-dir', dir]);
    expect(await storedCounts(db)).toEqual(counts);
  });

  it('replay explains a missing input', async () => {
    const result = await runCli(['replay', '--input', join(dir, 'nope'), '--db', db, '--data-dir', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/replay input not found: .*nope — give a \.ndjson/);
  });
});
