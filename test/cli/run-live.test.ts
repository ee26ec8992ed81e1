/**
 * `tickwatch run` on live sources: the real CLI in a child process, configured with Binance and
 * Coinbase pointed at the local protocol servers (test/sources/) and Polygon without a key.
 * The run warms up from the local klines endpoint before the streams start; trades reach the
 * store and the API; a gap is filled from the klines endpoint and its minutes reach the pipeline's
 * bars; when the Coinbase server dies, Binance keeps flowing and health and metrics show Coinbase down.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { binanceKlinesRoute, startBinanceServer, syntheticKlines } from '../sources/binance-server.js';
import { startCoinbaseServer } from '../sources/coinbase-server.js';
import { LocalHttpServer } from '../sources/http-server.js';
import type { LocalWebSocketServer } from '../sources/ws-server.js';
import { exitOf, runCli, startCli, waitForOutput } from './run-cli.js';

vi.setConfig({ testTimeout: 180_000 });
const dir = mkdtempSync(join(tmpdir(), 'tickwatch-live-'));
const servers: { stop(): Promise<void> }[] = [];
afterAll(async () => {
  await Promise.allSettled(servers.map((s) => s.stop()));
  rmSync(dir, { recursive: true, force: true });
});

const MINUTE_MS = 60_000;

/** A bar window in a pipeline checkpoint (bar-window.ts WindowState, or a flat run). */
interface Window {
  kind: 'bar' | 'flat';
  start: number;
  end: number;
  trades: number;
  volume: number;
}

/** Sends a Binance trade and a Coinbase match every 100 ms, stamped with the current time. */
function startFeeding(binance: LocalWebSocketServer, coinbase: LocalWebSocketServer) {
  const sent = { binance: 0, coinbase: 0 };
  // The first Binance trade is three minutes old and the next one skips 10 ids: a sequence gap
  // of three minutes, which the run must fill from the klines endpoint.
  let binanceId = 5_000;
  let coinbaseId = 9_000;
  const binanceTrade = (id: number, timeMs: number): string =>
    JSON.stringify({
      stream: 'btcusdt@trade',
      data: {
        e: 'trade',
        E: timeMs,
        s: 'BTCUSDT',
        t: id,
        p: (40_000 + (id % 50)).toFixed(2),
        q: '0.01000000',
        T: timeMs,
        m: id % 2 === 0,
        M: true,
      },
    });
  const timer = setInterval(() => {
    if (binance.open.length > 0) {
      if (sent.binance === 0) {
        binance.broadcast(binanceTrade(binanceId, Date.now() - 3 * MINUTE_MS));
        binanceId += 10;
      }
      binance.broadcast(binanceTrade(binanceId++, Date.now()));
      sent.binance++;
    }
    if (coinbase.open.length > 0 && coinbase.open.some((c) => c.state.subscribed === true)) {
      coinbaseId++;
      coinbase.broadcast(
        JSON.stringify({
          type: 'match',
          trade_id: coinbaseId,
          maker_order_id: 'a',
          taker_order_id: 'b',
          side: coinbaseId % 2 === 0 ? 'buy' : 'sell',
          size: '0.02000000',
          price: (3_000 + (coinbaseId % 20)).toFixed(2),
          product_id: 'BTC-USD',
          sequence: coinbaseId,
          time: new Date().toISOString(),
        }),
      );
      sent.coinbase++;
    }
  }, 100);
  return { sent, stop: () => clearInterval(timer) };
}

describe('tickwatch run with live sources', () => {
  it('warms up from REST, runs Binance and Coinbase side by side, fills a gap into the pipeline, keeps Binance flowing when Coinbase dies, and resumes from its checkpoint', async () => {
    const binance = await startBinanceServer();
    const coinbase = await startCoinbaseServer();
    const rest = await LocalHttpServer.start();
    servers.push(binance, coinbase, rest);
    const klinesFrom = Math.floor((Date.now() - 10 * MINUTE_MS) / MINUTE_MS) * MINUTE_MS;
    const klines = syntheticKlines(klinesFrom, 30);
    // The warm-up's request (the first) sees a history that ends five minutes ago, as a lagging
    // REST API would: the gap's minutes (three minutes ago) are left for the gap fill to bring.
    const history = klines.filter((row) => (row[0] as number) < klinesFrom + 5 * MINUTE_MS);
    const warmupRoute = binanceKlinesRoute(history);
    const fullRoute = binanceKlinesRoute(klines);
    let klinesRequests = 0;
    rest.route('/api/v3/klines', (request, response, url) =>
      (klinesRequests++ === 0 ? warmupRoute : fullRoute)(request, response, url),
    );

    const configFile = join(dir, 'tickwatch.yaml');
    writeFileSync(
      configFile,
      JSON.stringify({
        source: {
          binance: {
            enabled: true,
            symbols: ['btcusdt'],
            streamBaseUrl: binance.url,
            restBaseUrl: rest.url,
          },
          // The local REST server has no Coinbase candles: its warm-up fails alone (a 404), Binance's goes on.
          coinbase: {
            enabled: true,
            productIds: ['BTC-USD'],
            channels: ['matches'],
            streamUrl: coinbase.url,
            restBaseUrl: rest.url,
          },
          // No key anywhere: Polygon fails on its own and the others run.
          polygon: { enabled: true, assets: [{ cluster: 'stocks', symbols: ['AAPL'], plan: 'starter' }] },
        },
        // sma_5: warm after the five history minutes alone.
        pipeline: { indicators: { custom: [{ name: 'sma', params: [5], symbols: ['BTCUSDT'] }] } },
        liveView: { intervalMs: 500 },
        store: { flushIntervalMs: 100 },
      }),
    );
    const child = startCli(['run', '--config', configFile, '--data-dir', dir, '--port', '0'], {
      POLYGON_API_KEY: '',
      MASSIVE_API_KEY: '',
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const feeding = startFeeding(binance, coinbase);
    try {
      const shown = await waitForOutput(child, /Live from binance, coinbase \(3 symbols\)/, 60_000);
      expect(shown).toMatch(/Warm-up: fetching 240 minutes of 1-minute history per symbol from binance, coinbase/);
      expect(shown).toMatch(/Warm-up: 5 minute bars of 1 of 3 symbols in [\d.]+ s; not fetched: coinbase: BTC-USD: /);
      expect(shown).toMatch(
        /Source polygon: down — not started: polygon: no API key; set POLYGON_API_KEY or MASSIVE_API_KEY/,
      );
      const base = /Dashboard and API: (http:\/\/localhost:\d+)/.exec(shown)?.[1] ?? '';
      const password = /password: (\S+)/.exec(shown)?.[1] ?? '';
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
      const get = async (path: string): Promise<Response> => fetch(`${base}${path}`, { headers: { cookie } });
      const tickCount = async (symbol: string): Promise<number> =>
        ((await (await get(`/api/v1/ticks/${symbol}?limit=10000`)).json()) as { count: number }).count;
      const health = async () =>
        (await (await fetch(`${base}/health/ready`)).json()) as {
          sources: { name: string; status: string; detail?: string }[];
        };
      const eventually = async (check: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> => {
        const deadline = Date.now() + timeoutMs;
        while (!(await check())) {
          if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      };

      // Both live sources deliver trades into the store, read back through the API.
      await eventually(
        async () => (await tickCount('BTCUSDT')) >= 5 && (await tickCount('BTC-USD')) >= 5,
        'trades from both sources in the store',
        30_000,
      );
      const latest = (await (await get('/api/v1/latest/BTC-USD')).json()) as unknown;
      expect(JSON.stringify(latest)).toMatch(/"price":30\d\d/);
      const up = await health();
      expect(up.sources.find((s) => s.name === 'binance')?.status).toBe('up');
      expect(up.sources.find((s) => s.name === 'coinbase')?.status).toBe('up');
      expect(up.sources.find((s) => s.name === 'polygon')?.status).toBe('down');
      // The three-minute sequence gap was fetched from the klines endpoint.
      await eventually(
        async () => rest.requests.some((r) => r.url.startsWith('/api/v3/klines?') && r.url.includes('BTCUSDT')),
        'a klines request for the gap',
        15_000,
      );

      // Coinbase dies: Binance keeps flowing, Coinbase turns down in health and metrics.
      await coinbase.stop();
      const binanceBefore = await tickCount('BTCUSDT');
      await eventually(
        async () => (await health()).sources.find((s) => s.name === 'coinbase')?.status === 'down',
        'coinbase down in /health/ready',
        45_000,
      );
      const down = await health();
      expect(down.sources.find((s) => s.name === 'coinbase')?.detail).toMatch(/reconnecting: .*ECONNREFUSED/);
      expect(down.sources.find((s) => s.name === 'binance')?.status).toBe('up');
      expect(await tickCount('BTCUSDT')).toBeGreaterThan(binanceBefore);
      const metrics = await (await get('/metrics')).text();
      expect(metrics).toMatch(/tickwatch_source_state\{source="coinbase",state="disconnected"\} 1/);
      expect(metrics).toMatch(/tickwatch_source_state\{source="binance",state="connected"\} 1/);
      expect(metrics).toMatch(/tickwatch_source_state\{source="polygon",state="stopped"\} 1/);
      expect(metrics).toMatch(/tickwatch_source_reconnects_total\{source="coinbase"\} [1-9]/);
      await waitForOutput(child, /sources: polygon down · binance up · coinbase down/, 10_000);
      expect(output).toMatch(/Source coinbase: down — reconnecting: /);

      child.kill('SIGINT');
      await waitForOutput(
        child,
        /Stopped cleanly at .* rows stored \(\d+ provider bars, [1-9]\d* gaps filled, [1-9]\d* gap minutes into the pipeline\)/,
        30_000,
      );
      expect(await exitOf(child)).toBe(0);
    } finally {
      feeding.stop();
      if (child.exitCode === null) child.kill('SIGKILL');
    }

    const store = await openSqliteStore({ path: join(dir, 'tickwatch.db') });
    try {
      expect((await store.trades({ symbol: 'BTCUSDT' })).length).toBeGreaterThan(10);
      expect((await store.trades({ symbol: 'BTC-USD' })).length).toBeGreaterThanOrEqual(5); // at least what the API showed before Coinbase died
      // Minutes inside the gap hold the provider's klines (synthetic volume 1.5), not pipeline bars.
      const filled = (await store.bars({ symbol: 'BTCUSDT', timeframe: '1m' })).filter((bar) => bar.volume === 1.5);
      expect(filled.length).toBeGreaterThanOrEqual(2);
      // Warm-up: the five history minutes are 1m bars with indicators, before any trade: the SMA(5)
      // of the fifth is computed from the history alone.
      const firstTrade = (await store.trades({ symbol: 'BTCUSDT', order: 'asc', limit: 1 }))[0]?.tsEvent ?? 0;
      const historyStart = klinesFrom * 1_000;
      const historyEnd = historyStart + 5 * MINUTE_MS * 1_000;
      expect(firstTrade).toBeGreaterThan(historyEnd);
      const warmBars = (await store.bars({ symbol: 'BTCUSDT', timeframe: '1m' })).filter(
        (bar) => bar.start >= historyStart && bar.start < historyEnd,
      );
      expect(warmBars.map((bar) => bar.volume)).toEqual([1.5, 1.5, 1.5, 1.5, 1.5]);
      const warmIndicators = (await store.indicators({ symbol: 'BTCUSDT', timeframe: '1m' })).filter(
        (set) => set.start >= historyStart && set.start < historyEnd,
      );
      expect(warmIndicators).toHaveLength(5);
      // The synthetic klines close at 40001…40005.
      expect(warmIndicators[3]?.values['sma_5']).toBeNull();
      expect(warmIndicators[4]?.values['sma_5']).toBeCloseTo(40_003, 6);
      // Gap fill: the gap's empty minutes entered the pipeline (the bars it corrected into existence
      // are stored at revision 1) and the 5m window holding them counts their trades beside the ticks.
      const state = JSON.parse((await store.getCheckpoint('run.live')) ?? 'null') as {
        pipeline: { symbols: Record<string, { bars: Record<string, { current: Window | null; retained: Window[] }> }> };
      };
      const gapMinutes = (await store.bars({ symbol: 'BTCUSDT', timeframe: '1m' })).filter(
        (bar) => bar.revision === 1 && bar.volume === 1.5 && bar.start >= historyEnd,
      );
      expect(gapMinutes.length).toBeGreaterThanOrEqual(1);
      const fiveMinutes = state.pipeline.symbols['BTCUSDT']?.bars['5m'];
      const windows = [...(fiveMinutes?.retained ?? []), ...(fiveMinutes?.current ? [fiveMinutes.current] : [])];
      const holding = windows.find(
        (w) => w.kind === 'bar' && w.start <= (gapMinutes[0]?.start ?? 0) && (gapMinutes[0]?.start ?? 0) < w.end,
      );
      expect(holding).toBeDefined();
      const window = holding as Window;
      const ticks = (await store.trades({ symbol: 'BTCUSDT', limit: 100_000 })).filter(
        (t) => t.tsEvent >= window.start && t.tsEvent < window.end,
      ).length;
      const gapTrades = gapMinutes
        .filter((bar) => bar.start >= window.start && bar.start < window.end)
        .reduce((sum, bar) => sum + bar.trades, 0);
      expect(gapTrades).toBeGreaterThan(0);
      // The 5m window is clock-aligned, so depending on the minute the test starts it may also
      // hold warm-up history minutes, which entered the pipeline too.
      const historyTrades = warmBars
        .filter((bar) => bar.start >= window.start && bar.start < window.end)
        .reduce((sum, bar) => sum + bar.trades, 0);
      expect(window.trades).toBe(ticks + gapTrades + historyTrades);
    } finally {
      await store.close();
    }

    // A restart restores the pipeline's state from the checkpoint.
    const again = startCli(['run', '--config', configFile, '--data-dir', dir, '--port', '0'], {
      POLYGON_API_KEY: '',
      MASSIVE_API_KEY: '',
    });
    try {
      const resumed = await waitForOutput(again, /Live from binance, coinbase/, 60_000);
      expect(resumed).toMatch(/Resuming from the checkpoint of \d{4}-\d\d-\d\dT.*\(pipeline state restored\)/);
      expect(resumed).not.toMatch(/Admin account created/);
      again.kill('SIGTERM');
      await waitForOutput(again, /Stopped cleanly/, 30_000);
      expect(await exitOf(again)).toBe(0);
    } finally {
      if (again.exitCode === null) again.kill('SIGKILL');
    }
  });

  it('refuses the simulator beside live sources at start-up, naming the field and the fix', async () => {
    const mixed = await runCli(['run', '--data-dir', join(dir, 'mixed'), '--port', '0'], {
      TICKWATCH_SOURCE__SIMULATOR__ENABLED: 'true',
      TICKWATCH_SOURCE__BINANCE__ENABLED: 'true',
    });
    expect(mixed.code).toBe(1);
    expect(mixed.stderr).toMatch(
      /source\.simulator\.enabled: the simulator runs on its own replayed clock and cannot share a run with live sources \(binance\) — fix: set source\.simulator\.enabled to auto or false/,
    );
    const flags = await runCli(['run', '--speed', '10', '--data-dir', join(dir, 'flags'), '--port', '0'], {
      TICKWATCH_SOURCE__BINANCE__ENABLED: 'true',
    });
    expect(flags.code).toBe(1);
    expect(flags.stderr).toMatch(/--speed, --symbols and --seed set the simulator, .* — fix: drop them/);
  });
});
