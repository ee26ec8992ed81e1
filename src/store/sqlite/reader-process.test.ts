/**
 * A reader in another process (e.g. `tickwatch serve` beside `tickwatch process`) reads the last
 * committed state while a writer holds the write lock mid-transaction: WAL readers never wait
 * for writers and never see uncommitted rows.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { Trade } from '../../core/events.js';
import { openSqliteStore } from './sqlite-store.js';

const directory = mkdtempSync(join(tmpdir(), 'tickwatch-reader-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));
const storeModule = pathToFileURL(fileURLToPath(new URL('./sqlite-store.ts', import.meta.url))).href;

/** Runs a read-only store in a child process (through tsx, as the CLI does in development). */
function readInChildProcess(path: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const script = join(directory, 'reader.mts');
  writeFileSync(
    script,
    `import { openSqliteStore } from ${JSON.stringify(storeModule)};
     const store = await openSqliteStore({ path: ${JSON.stringify(path)}, readonly: true, busyTimeoutMs: 0 });
     const trades = await store.trades({ symbol: 'AAPL' });
     process.stdout.write(JSON.stringify({ count: trades.length, symbols: await store.symbols() }));
     await store.close();`,
  );
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: projectRoot });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const trade = (i: number): Trade => ({
  type: 'trade',
  symbol: 'AAPL',
  tsEvent: 1_000_000 * i,
  tsRecv: 1_000_000 * i,
  price: 100,
  size: 1,
  side: 'buy',
  tradeId: String(i),
  source: 'test',
});

describe('a reader process beside the writer', () => {
  it('reads the committed rows while another connection holds an open write transaction', async () => {
    const path = join(directory, 'shared.db');
    const writer = await openSqliteStore({ path });
    await writer.write({ trades: Array.from({ length: 25 }, (_, i) => trade(i)) });

    // A second writer takes an EXCLUSIVE lock and changes rows without committing; in rollback-
    // journal mode that lock would shut readers out, in WAL mode they read the last commit.
    const other = new Database(path);
    other.exec('BEGIN EXCLUSIVE; DELETE FROM trades;');
    try {
      // busyTimeoutMs: 0 in the child: had the reader needed a lock, it would fail, not wait.
      const result = await readInChildProcess(path);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual({ count: 25, symbols: ['AAPL'] });
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(await writer.trades({ symbol: 'AAPL' })).toHaveLength(25);
    await writer.close();
  });
});
