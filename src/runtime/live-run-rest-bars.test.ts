/**
 * A live run whose only data are REST minute bars: a Polygon index on a basic plan (REST polling,
 * no WebSocket) served by a local aggregates endpoint. The warm-up and the poller's bars enter the
 * pipeline, so the index gets indicators, and a minute both bring is counted once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { json, LocalHttpServer } from '../../test/sources/http-server.js';
import { validateConfig } from '../config/load.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import { startTickwatch } from './app.js';

const dir = mkdtempSync(join(tmpdir(), 'tickwatch-rest-bars-'));
let rest: LocalHttpServer | null = null;
afterAll(async () => {
  await rest?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const MINUTE_MS = 60_000;
/** The minute's close: 5000 + its index within the hour (deterministic, known to the test). */
const closeOf = (startMs: number): number => 5_000 + ((startMs / MINUTE_MS) % 60);

describe('live run on REST minute bars', () => {
  it.each([
    { warmup: 30, name: 'warms up and polls' },
    { warmup: 0, name: 'without warm-up, polls' },
  ])('$name a Polygon index: its bars reach the indicators once each', async ({ warmup }) => {
    await rest?.stop();
    rest = await LocalHttpServer.start();
    const requests: string[] = [];
    rest.route('/v2/aggs/ticker/', (_request, response, url) => {
      requests.push(url.pathname);
      // …/range/1/minute/{from}/{to}: the closed minutes in the range.
      const [from, to] = url.pathname.split('/').slice(-2).map(Number) as [number, number];
      const now = Date.now();
      const results = [];
      for (let t = Math.ceil(from / MINUTE_MS) * MINUTE_MS; t <= to && t + MINUTE_MS <= now; t += MINUTE_MS) {
        const c = closeOf(t);
        results.push({ t, o: c - 1, h: c + 1, l: c - 2, c, v: 0 });
      }
      json(response, 200, { status: 'OK', resultsCount: results.length, results });
    });
    const config = validateConfig(
      {
        dataDir: join(dir, `warmup-${warmup}`),
        server: { enabled: false },
        liveView: { enabled: false },
        store: { flushIntervalMs: 50 },
        pipeline: { indicators: { set: 'none', custom: [{ name: 'sma', params: [3] }] } },
        source: {
          polygon: {
            enabled: true,
            apiKey: 'pk_test_valid_key_0123456789',
            assets: [{ cluster: 'indices', symbols: ['I:SPX'], plan: 'basic' }],
            restBaseUrl: rest.url,
            pollIntervalMs: 1_000,
          },
          warmup: { minutes: warmup },
        },
      },
      'test',
    );
    let output = '';
    const app = await startTickwatch(config, { write: (text) => (output += text), color: false });
    const deadline = Date.now() + 20_000;
    // The warm-up's request, then at least one poll (reaching back an hour, over the warm-up's minutes).
    while (requests.length < (warmup > 0 ? 2 : 1) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    await new Promise((resolve) => setTimeout(resolve, 500));
    await app.stop();
    expect(requests.length).toBeGreaterThanOrEqual(warmup > 0 ? 2 : 1);
    if (warmup > 0) expect(output).toMatch(/Warm-up: 30 minute bars of 1 of 1 symbols in [\d.]+ s\./);
    else expect(output).not.toMatch(/Warm-up/);

    const store = await openSqliteStore({ path: app.storePath });
    try {
      const bars = await store.bars({ symbol: 'I:SPX', timeframe: '1m' });
      const indicators = await store.indicators({ symbol: 'I:SPX', timeframe: '1m' });
      expect(bars.length).toBeGreaterThanOrEqual(30);
      // Every stored minute is the provider's (the pipeline's roll-up of one bar is that bar).
      for (const bar of bars) expect(bar.close).toBe(closeOf(bar.start / 1_000));
      // The SMA(3) of each minute is the mean of the last three closes: no minute counted twice.
      const closes = new Map(bars.map((bar) => [bar.start, bar.close]));
      const withValues = indicators.filter((set) => set.values['sma_3'] !== null);
      expect(withValues.length).toBeGreaterThanOrEqual(28);
      for (const set of withValues) {
        const mean =
          ((closes.get(set.start) ?? 0) +
            (closes.get(set.start - MINUTE_MS * 1_000) ?? 0) +
            (closes.get(set.start - 2 * MINUTE_MS * 1_000) ?? 0)) /
          3;
        expect(set.values['sma_3']).toBeCloseTo(mean, 9);
      }
      // 5m bars were built from the minutes.
      const fiveMinutes = await store.bars({ symbol: 'I:SPX', timeframe: '5m' });
      expect(fiveMinutes.length).toBeGreaterThanOrEqual(5);
      for (const bar of fiveMinutes) expect(bar.close).toBe(closeOf(bar.end / 1_000 - MINUTE_MS));
      // A provider bar counts as one trade (indices have no trade count): five per whole 5m window,
      // so no minute the warm-up and the poller both brought entered twice.
      expect(fiveMinutes.slice(1).map((bar) => bar.trades)).toEqual(fiveMinutes.slice(1).map(() => 5));
      expect(bars.filter((bar) => bar.revision !== 0 || bar.trades > 1)).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
