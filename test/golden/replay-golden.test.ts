/**
 * Golden test: the committed recording replayed through the pipeline into a fresh SQLite store
 * must produce exactly the committed output events and stored rows — on every run, twice in a
 * row. A change in any output is a failure until it is reviewed and the expectations are
 * refreshed on purpose: `UPDATE_GOLDEN=1 npx vitest run test/golden`.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PipelineEvent } from '../../src/core/events.js';
import { validateConfig } from '../../src/config/load.js';
import { pipelineOptions } from '../../src/runtime/pipeline-options.js';
import { replay } from '../../src/runtime/replay.js';
import { StoreWriter } from '../../src/runtime/store-writer.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';

const RECORDING = new URL('../../test-data/golden/recording.ndjson.gz', import.meta.url).pathname;
const EXPECTED_SUMMARY = new URL('../../test-data/golden/expected-summary.json', import.meta.url).pathname;
const EXPECTED_NOTABLE = new URL('../../test-data/golden/expected-events.ndjson', import.meta.url).pathname;
const update = process.env['UPDATE_GOLDEN'] === '1';
const dirs: string[] = [];

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function replayIntoStore(): Promise<{ events: PipelineEvent[]; rows: Record<string, unknown[]> }> {
  const dir = mkdtempSync(join(tmpdir(), 'tickwatch-golden-'));
  dirs.push(dir);
  const store = await openSqliteStore({ path: join(dir, 'golden.db') });
  const writer = new StoreWriter(store, { batchSize: 5_000, storeTrades: true, storeQuotes: true });
  const config = validateConfig({}, 'golden');
  const { instruments: _none, ...pipeline } = pipelineOptions(config, []);
  const events: PipelineEvent[] = [];
  await replay({
    files: [RECORDING],
    pipeline,
    speed: 'max',
    onEvent: (event) => {
      events.push(event);
      writer.add(event);
    },
    onBatch: async () => {
      if (writer.full) await writer.flush();
    },
  });
  await writer.flush();
  const symbols = await store.symbols();
  const rows: Record<string, unknown[]> = { symbols };
  for (const symbol of symbols) {
    rows[`trades:${symbol}`] = await store.trades({ symbol });
    rows[`quotes:${symbol}`] = await store.quotes({ symbol });
    for (const timeframe of config.pipeline.timeframes) {
      rows[`bars:${symbol}:${timeframe}`] = await store.bars({ symbol, timeframe });
      rows[`indicators:${symbol}:${timeframe}`] = await store.indicators({ symbol, timeframe });
      rows[`features:${symbol}:${timeframe}`] = await store.features({ symbol, timeframe });
    }
  }
  rows['anomalies'] = await store.anomalies({});
  rows['labels'] = await store.labels({});
  rows['quarantine'] = await store.quarantine({});
  await store.close();
  return { events, rows };
}

function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

function summarise(events: readonly PipelineEvent[], rows: Record<string, unknown[]>): Record<string, unknown> {
  const byType: Record<string, number> = {};
  for (const event of events) byType[event.type] = (byType[event.type] ?? 0) + 1;
  const rowCounts: Record<string, number> = {};
  for (const [key, list] of Object.entries(rows)) rowCounts[key] = list.length;
  return { eventsByType: byType, eventsDigest: digest(events), rowCounts, rowsDigest: digest(rows) };
}

/** The events a reviewer reads when the golden changes: everything except raw trades, quotes and forming bars. */
function notable(events: readonly PipelineEvent[]): string {
  return `${events
    .filter(
      (e) =>
        e.type !== 'trade' &&
        e.type !== 'quote' &&
        e.type !== 'bar.partial' &&
        !(e.type === 'bar' && e.timeframe === '1s'),
    )
    .map((e) => JSON.stringify(e))
    .join('\n')}\n`;
}

describe('golden replay', () => {
  it('replays the committed recording to the committed outputs and stored rows', async () => {
    const { events, rows } = await replayIntoStore();
    const summary = summarise(events, rows);
    if (update || !existsSync(EXPECTED_SUMMARY)) {
      if (!update) throw new Error(`missing ${EXPECTED_SUMMARY}: run UPDATE_GOLDEN=1 npx vitest run test/golden`);
      writeFileSync(EXPECTED_SUMMARY, `${JSON.stringify(summary, null, 2)}\n`);
      writeFileSync(EXPECTED_NOTABLE, notable(events));
    }
    // Readable diff first (anomalies, bars, corrections, quarantine), then the exact digests.
    expect(notable(events)).toBe(readFileSync(EXPECTED_NOTABLE, 'utf8'));
    expect(summary).toEqual(JSON.parse(readFileSync(EXPECTED_SUMMARY, 'utf8')));
    // The recording exercises the whole pipeline, so the golden cannot pass vacuously.
    const byType = summary['eventsByType'] as Record<string, number>;
    for (const type of [
      'trade',
      'quote',
      'bar',
      'bar.partial',
      'bar.correction',
      'indicators',
      'features',
      'correlation',
      'anomaly',
      'label',
      'quarantine',
    ]) {
      expect(byType[type], `events of type ${type}`).toBeGreaterThan(0);
    }
  });

  it('is deterministic: a second replay gives byte-identical events and rows', async () => {
    const first = await replayIntoStore();
    const second = await replayIntoStore();
    expect(digest(second.events)).toBe(digest(first.events));
    expect(digest(second.rows)).toBe(digest(first.rows));
  });
});
