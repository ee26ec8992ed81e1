/**
 * A live run in-process: Polygon stocks and Binance crypto side by side on the local protocol
 * servers, and Alpaca with a rejected key. The rejected source stops alone (its secret never
 * printed); the others' trades reach the store with their instruments' calendars.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startAlpacaServer } from '../../test/sources/alpaca-server.js';
import { startBinanceServer } from '../../test/sources/binance-server.js';
import { startPolygonServer } from '../../test/sources/polygon-server.js';
import { waitFor, type LocalWebSocketServer } from '../../test/sources/ws-server.js';
import { validateConfig } from '../config/load.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import { startTickwatch } from './app.js';

const dir = mkdtempSync(join(tmpdir(), 'tickwatch-live-run-'));
const servers: LocalWebSocketServer[] = [];
afterAll(async () => {
  await Promise.allSettled(servers.map((s) => s.stop()));
  rmSync(dir, { recursive: true, force: true });
});

const POLYGON_KEY = 'pk_test_valid_key_0123456789';
const WRONG_ALPACA_SECRET = 'wrong-secret-0123456789abcdef';

describe('startTickwatch with live sources', () => {
  it('runs Polygon stocks beside Binance crypto while Alpaca fails on its rejected key', async () => {
    const polygon = await startPolygonServer({ validKey: POLYGON_KEY });
    const binance = await startBinanceServer();
    const alpaca = await startAlpacaServer({ keyId: 'AKRIGHT', secretKey: 'right-secret' });
    servers.push(polygon, binance, alpaca);
    const config = validateConfig(
      {
        dataDir: dir,
        server: { enabled: false },
        liveView: { intervalMs: 200 },
        store: { flushIntervalMs: 50 },
        source: {
          polygon: {
            enabled: true,
            apiKey: POLYGON_KEY,
            assets: [{ cluster: 'stocks', symbols: ['AAPL'], plan: 'advanced' }],
            hosts: { realtime: polygon.url },
            gapFill: false,
          },
          binance: { enabled: true, symbols: ['BTCUSDT'], streamBaseUrl: binance.url, gapFill: false },
          alpaca: {
            enabled: true,
            keyId: 'AKWRONG',
            secretKey: WRONG_ALPACA_SECRET,
            symbols: ['MSFT'],
            streamBaseUrl: alpaca.url,
          },
          // No REST server here: the warm-up would reach for the providers' real hosts.
          warmup: { minutes: 0 },
        },
      },
      'test',
    );
    let output = '';
    const app = await startTickwatch(config, { write: (text) => (output += text), color: false });

    let id = 0;
    const feed = setInterval(() => {
      const now = Date.now();
      id++;
      polygon.broadcast(
        JSON.stringify([
          { ev: 'T', sym: 'AAPL', x: 4, i: `p${id}`, z: 3, p: 190 + (id % 7) / 100, s: 100, c: [0], t: now, q: id },
        ]),
      );
      binance.broadcast(
        JSON.stringify({
          stream: 'btcusdt@trade',
          data: { e: 'trade', E: now, s: 'BTCUSDT', t: id, p: '40000.00', q: '0.5', T: now, m: false, M: true },
        }),
      );
    }, 50);
    try {
      await waitFor(() => /Source alpaca: down — stopped: /.test(output), 'alpaca stopped', 15_000);
      await waitFor(() => /AAPL\s+190\.\d\d/.test(output) && /BTCUSDT\s+40,000\.00/.test(output), 'prices', 15_000);
      expect(output).toMatch(/Live from polygon, alpaca, binance \(3 symbols\)/);
      expect(output).toMatch(/sources: polygon up · alpaca down · binance up/);
      await new Promise((resolve) => setTimeout(resolve, 600)); // ~12 more trades of each
    } finally {
      clearInterval(feed);
      await app.stop();
    }
    expect(output).toMatch(/Stopped cleanly/);
    expect(output).not.toContain(WRONG_ALPACA_SECRET);
    expect(output).not.toContain(POLYGON_KEY);

    const store = await openSqliteStore({ path: app.storePath });
    try {
      const apple = await store.trades({ symbol: 'AAPL' });
      const bitcoin = await store.trades({ symbol: 'BTCUSDT' });
      expect(apple.length).toBeGreaterThan(3);
      expect(apple.every((t) => t.source === 'polygon' && t.price >= 190)).toBe(true);
      expect(bitcoin.length).toBeGreaterThan(3);
      expect(await store.trades({ symbol: 'MSFT' })).toEqual([]);
    } finally {
      await store.close();
    }
  }, 60_000);
});
