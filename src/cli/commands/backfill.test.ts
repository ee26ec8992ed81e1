/** The backfill command end to end: commander parsing, the Binance klines client against a local server, SQLite. */
import { Command } from 'commander';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { binanceKlinesRoute, recordedKlines } from '../../../test/sources/binance-server.js';
import { LocalHttpServer } from '../../../test/sources/http-server.js';
import { openSqliteStore } from '../../store/sqlite/index.js';
import { parseTime, register } from './backfill.js';

let dir = '';
let server: LocalHttpServer;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tickwatch-backfill-cli-'));
  server = await LocalHttpServer.start();
  server.route('/api/v3/klines', binanceKlinesRoute(recordedKlines()));
});

afterEach(async () => {
  vi.restoreAllMocks();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function run(...extra: string[]): Promise<string> {
  const program = new Command().exitOverride();
  register(program);
  let output = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    output += String(chunk);
    return true;
  });
  await program.parseAsync(
    [
      'backfill',
      '--source',
      'binance',
      '--symbols',
      'BTCUSDT',
      '--from',
      '2024-01-01',
      '--to',
      '2024-01-01T00:05:00Z',
      '--timeframe',
      '1m',
      '--base-url',
      server.url,
      '--db',
      join(dir, 'bars.db'),
      '--data-dir',
      dir,
      '--no-progress',
      ...extra,
    ],
    { from: 'user' },
  );
  vi.restoreAllMocks();
  return output;
}

describe('tickwatch backfill', () => {
  it('stores the bars and prints a summary; a second run finds the range complete; --restart adds nothing', async () => {
    expect(await run()).toMatch(
      /5 bars received, 5 new rows stored[\s\S]*gaps found 0, filled 0, remaining 0[\s\S]*BTCUSDT.*\(fetched\)/,
    );
    expect(await run()).toMatch(/0 bars received, 0 new rows[\s\S]*already complete/);
    expect(await run('--restart')).toMatch(/5 bars received, 0 new rows stored/);
    const store = await openSqliteStore({ path: join(dir, 'bars.db') });
    expect(await store.bars({ symbol: 'BTCUSDT', timeframe: '1m' })).toHaveLength(5);
    await store.close();
  });

  it('rejects a timeframe the provider does not serve and bad dates, before any request', async () => {
    await expect(run('--timeframe', '7m')).rejects.toThrow(/binance serves 1s, 1m/);
    expect(() => parseTime('2024-01-01 10:00')).toThrow(/ISO-8601/);
    expect(parseTime('2024-01-01')).toBe(Date.UTC(2024, 0, 1) * 1000);
    expect(parseTime('2024-01-01T09:30:00-05:00')).toBe(Date.UTC(2024, 0, 1, 14, 30) * 1000);
    expect(server.requests).toHaveLength(0);
  });
});
