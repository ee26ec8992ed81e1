import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { exitOf, runCli, startCli, waitForOutput } from './run-cli.js';

// Child processes on a loaded 2-core machine: generous limits (each step also has its own wait).
vi.setConfig({ testTimeout: 180_000 });
const dir = mkdtempSync(join(tmpdir(), 'tickwatch-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Crypto only: 24/7, so the test does not depend on the weekday (stock sessions are unit-tested in warmup.test.ts).
const env = {
  TICKWATCH_SOURCE__SIMULATOR__SYMBOLS: '[BTC-USD, ETH-USD]',
  TICKWATCH_SOURCE__SIMULATOR__WARMUP_DAYS: '0.05',
  TICKWATCH_LIVEVIEW__INTERVAL_MS: '500',
};

describe('tickwatch run', () => {
  it('warms up, shows live prices, stops cleanly on SIGINT with everything flushed, and resumes from the checkpoint', async () => {
    // A history long enough (half a second or more) that trailing the wall clock by it would show.
    const runEnv = { ...env, TICKWATCH_SOURCE__SIMULATOR__WARMUP_DAYS: '0.25' };
    const first = startCli(['run', '--data-dir', dir, '--port', '0'], runEnv);
    const shown = await waitForOutput(first, /── .* UTC · .* ticks\/s[\s\S]*\n[A-Z]+(-USD)?\s+[\d,.]+\s+[▲▼·]/, 60_000);
    expect(shown).toMatch(/Dashboard and API: http:\/\/localhost:\d+/);
    expect(shown).not.toMatch(/localhost:8080\b/); // --port 0 picked a free port
    expect(shown).toMatch(/Admin account created — user: admin, password: \S{12,}/);
    expect(shown).toMatch(/Simulating 0\.3 days of history for 2 symbols/);
    expect(shown).toMatch(/History ready in [\d.]+ s \([\d.]+ s CPU\): [\d.]+k? trades/);
    expect(shown).toMatch(/Live\. Store: .*tickwatch\.db/);
    // The service a user would try first: health is public, the API needs a login.
    const base = /Dashboard and API: (http:\/\/localhost:\d+)/.exec(shown)?.[1] ?? '';
    const password = /password: (\S+)/.exec(shown)?.[1] ?? '';
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    expect((await fetch(`${base}/api/v1/symbols`)).status).toBe(401);
    const page = await fetch(`${base}/`); // the dashboard's login page needs no session
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<div id="root"/);
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const latest = await fetch(`${base}/api/v1/latest/BTC-USD`, { headers: { cookie } });
    expect(latest.status).toBe(200);
    expect(JSON.stringify(await latest.json())).toMatch(/"price":\d/);
    // Live means at the wall clock: the run also simulated the time its history took, so a forming
    // bar is out well under a second after its newest input's receive time (not the catch-up late).
    const historySeconds = Number(/History ready in ([\d.]+) s/.exec(shown)?.[1]);
    let partial: { count: number; p50: number } | undefined;
    for (let tries = 0; tries < 40 && (partial?.count ?? 0) < 10; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const stats = (await (await fetch(`${base}/api/v1/system/stats`, { headers: { cookie } })).json()) as {
        latencyMs: Record<string, { count: number; p50: number }>;
      };
      partial = stats.latencyMs['receive_to_bar_partial'];
    }
    expect(partial?.count).toBeGreaterThanOrEqual(10);
    expect(partial?.p50).toBeLessThan(Math.min(500, (historySeconds * 1000) / 2));
    const metrics = await fetch(`${base}/metrics`, { headers: { cookie } });
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/^tickwatch_/m);
    first.kill('SIGINT');
    const stopped = await waitForOutput(first, /Stopped cleanly: .* rows stored, checkpoint saved/, 30_000);
    expect(stopped).toMatch(/SIGINT: stopping/);
    expect(await exitOf(first)).toBe(0);

    const store = await openSqliteStore({ path: join(dir, 'tickwatch.db') });
    const symbols = await store.symbols();
    expect(symbols).toEqual(['BTC-USD', 'ETH-USD']);
    const lastBars = await Promise.all(symbols.map((symbol) => store.latestBar(symbol, '1m')));
    const checkpoint = await store.getCheckpoint('run.simulator');
    await store.close();
    expect(checkpoint).not.toBeNull();
    expect(lastBars.every((bar) => bar !== null && bar.volume > 0)).toBe(true);

    const second = startCli(['run', '--data-dir', dir, '--port', '0'], runEnv);
    const resumed = await waitForOutput(second, /Live\./, 60_000);
    expect(resumed).toMatch(/Resuming from the checkpoint of \d{4}-\d\d-\d\dT/);
    expect(resumed).not.toMatch(/Admin account created/);
    second.kill('SIGTERM');
    await waitForOutput(second, /Stopped cleanly/, 30_000);
    expect(await exitOf(second)).toBe(0);
  });

  it('a recorded run replays to the same stored bars, indicators and anomalies (live/replay parity)', async () => {
    const runDir = join(dir, 'recorded');
    const child = startCli(['run', '--data-dir', runDir, '--no-server'], { ...env, TICKWATCH_RECORD__ENABLED: 'true' });
    const shown = await waitForOutput(child, /Live\./, 60_000);
    const recording = /Recording inputs to (\S+)/.exec(shown)?.[1] ?? '';
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // a little live time too
    child.kill('SIGINT');
    await waitForOutput(child, /Stopped cleanly/, 30_000);
    expect(await exitOf(child)).toBe(0);

    const replayDb = join(dir, 'replayed.db');
    const replayed = await runCli([
      'replay',
      '--input',
      recording,
      '--db',
      replayDb,
      '--data-dir',
      join(dir, 'replay-data'),
    ]);
    expect(replayed.code).toBe(0);
    const live = await openSqliteStore({ path: join(runDir, 'tickwatch.db') });
    const again = await openSqliteStore({ path: replayDb });
    try {
      expect(await again.symbols()).toEqual(await live.symbols());
      for (const symbol of await live.symbols()) {
        for (const timeframe of ['1s', '1m', '5m']) {
          const liveBars = await live.bars({ symbol, timeframe });
          expect(liveBars.length).toBeGreaterThan(0);
          expect(await again.bars({ symbol, timeframe })).toEqual(liveBars);
        }
        expect(await again.indicators({ symbol, timeframe: '1m' })).toEqual(
          await live.indicators({ symbol, timeframe: '1m' }),
        );
        expect(await again.trades({ symbol })).toEqual(await live.trades({ symbol }));
      }
      expect(await again.anomalies({})).toEqual(await live.anomalies({}));
    } finally {
      await live.close();
      await again.close();
    }
  });

  it('a bad configuration stops start-up with the field and the fix', async () => {
    const result = await runCli(['run', '--data-dir', dir], { TICKWATCH_PIPELINE__BARS__CLOSE_DELAY_MS: 'soon' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/pipeline\.bars\.closeDelayMs: .* fix: use milliseconds after a window ends/);
  });

  it('config check prints the effective configuration', async () => {
    const result = await runCli(['config', 'check'], { TICKWATCH_SOURCE__SIMULATOR__SEED: '99' });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/configuration is valid/);
    expect(result.stdout).toMatch(/seed: 99/);
  });
});
