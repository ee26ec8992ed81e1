/**
 * What the worker store adds to the contract: many writes in flight commit in call order, a bad
 * batch fails with the in-thread store's message (the oracle: SqliteStore on another file) and
 * writes nothing, close drains and checkpoints.
 */
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeLabel, makeQuarantined, makeTrade } from '../../../../test/contract/store-contract.js';
import type { Trade } from '../../../core/events.js';
import type { StoreBatch } from '../../store.js';
import { openSqliteStore } from '../sqlite-store.js';
import { openSqliteWorkerStore } from './worker-store.js';

const directory = mkdtempSync(join(tmpdir(), 'tickwatch-worker-store-'));
let files = 0;
const freshPath = (): string => join(directory, `store-${files++}.db`);
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** The message the in-thread store (a fresh SqliteStore) rejects the batch with. */
async function inThreadRejection(batch: StoreBatch): Promise<string> {
  const store = await openSqliteStore({ path: freshPath() });
  try {
    await store.write(batch);
    return 'resolved';
  } catch (error) {
    return (error as Error).message;
  } finally {
    await store.close();
  }
}

describe('SqliteWorkerStore', () => {
  it('writes in flight (limit 2) commit in call order and resolve in that order', async () => {
    const store = await openSqliteWorkerStore({ path: freshPath(), maxBatchesInFlight: 2 });
    try {
      const batches = Array.from({ length: 20 }, (_, b) =>
        Array.from({ length: 50 }, (_, i) => makeTrade('AAPL', b * 50 + i)),
      );
      const resolved: number[] = [];
      const writes = batches.map((trades, b) =>
        // The same checkpoint in every batch: last writer wins, so the stored value shows the commit order.
        store.write({ trades, checkpoints: [{ key: 'last', value: String(b) }] }).then(() => resolved.push(b)),
      );
      await Promise.all(writes);
      expect(resolved).toEqual(batches.map((_, b) => b));
      expect(await store.getCheckpoint('last')).toBe('19');
      expect(await store.trades({ symbol: 'AAPL' })).toEqual(batches.flat());
    } finally {
      await store.close();
    }
  });

  it('a bad batch rejects with the in-thread message and writes nothing; the writes around it commit', async () => {
    const store = await openSqliteWorkerStore({ path: freshPath(), maxBatchesInFlight: 1 });
    try {
      const invalidLabel = makeLabel('BAD', 3, { end: makeLabel('BAD', 3).start - 1 });
      const bad: StoreBatch = { trades: [makeTrade('BAD', 0)], labels: [invalidLabel] };
      const malformed: StoreBatch = { trades: [{ ...makeTrade('ODD', 0), price: undefined as unknown as number }] };
      const first = store.write({ trades: [makeTrade('AAPL', 0)] });
      const rejected = store.write(bad);
      const rejectedMalformed = store.write(malformed);
      const after = store.write({ trades: [makeTrade('AAPL', 1)] });
      await first;
      const expectedBad = await inThreadRejection(bad);
      const expectedMalformed = await inThreadRejection(malformed);
      expect(expectedBad).toMatch(/nothing of the batch was stored/);
      await expect(rejected).rejects.toThrow(expectedBad);
      await expect(rejectedMalformed).rejects.toThrow(expectedMalformed);
      await after;
      expect(await store.symbols()).toEqual(['AAPL']);
      expect(await store.trades({ symbol: 'AAPL' })).toEqual([makeTrade('AAPL', 0), makeTrade('AAPL', 1)]);
      expect(await store.labels({})).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('a batch that cannot be sent (a function in a payload) rejects; the store keeps working', async () => {
    const store = await openSqliteWorkerStore({ path: freshPath() });
    try {
      const payload = { callback: () => 1 };
      await expect(store.write({ quarantine: [makeQuarantined(0, { payload })] })).rejects.toThrow(
        /could not be cloned/,
      );
      await store.write({ trades: [makeTrade('AAPL', 0)] });
      expect(await store.trades({ symbol: 'AAPL' })).toEqual([makeTrade('AAPL', 0)]);
    } finally {
      await store.close();
    }
  });

  it('close() waits for the writes in flight, folds the WAL into the file, and later calls reject', async () => {
    const path = freshPath();
    const store = await openSqliteWorkerStore({ path, maxBatchesInFlight: 2 });
    const trades: Trade[] = Array.from({ length: 3000 }, (_, i) => makeTrade('MSFT', i));
    const writes = [0, 1000, 2000].map((start) => store.write({ trades: trades.slice(start, start + 1000) }));
    const closing = store.close(); // not awaiting the writes first
    await Promise.all(writes);
    await closing;
    await store.close(); // twice is harmless
    await expect(store.write({ trades: [makeTrade('MSFT', 9999)] })).rejects.toThrow(/closed/);
    await expect(store.getCheckpoint('x')).rejects.toThrow(/closed/);
    // wal_checkpoint(TRUNCATE) on close leaves an empty (or no) WAL: the file alone is the store.
    expect(!existsSync(`${path}-wal`) || statSync(`${path}-wal`).size === 0).toBe(true);
    const check = await openSqliteStore({ path, readonly: true });
    try {
      expect(await check.trades({ symbol: 'MSFT' })).toEqual(trades);
    } finally {
      await check.close();
    }
  });

  it('open errors: an in-memory path, a bad limit, and a file that is not a store (same message as openSqliteStore)', async () => {
    await expect(openSqliteWorkerStore({ path: ':memory:' })).rejects.toThrow(/in-memory/);
    await expect(openSqliteWorkerStore({ path: freshPath(), maxBatchesInFlight: 0 })).rejects.toThrow(
      /maxBatchesInFlight/,
    );
    const notAStore = freshPath();
    writeFileSync(notAStore, 'just some text, not SQLite at all');
    const expected = await openSqliteStore({ path: notAStore }).then(
      () => 'opened',
      (error: Error) => error.message,
    );
    expect(expected).toMatch(/not a tickwatch store/);
    await expect(openSqliteWorkerStore({ path: notAStore })).rejects.toThrow(expected);
  });
});
