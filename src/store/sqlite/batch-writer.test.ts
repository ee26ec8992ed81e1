/** SQLite-specific write failures (the shared rules are in the store contract suite). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Trade } from '../../core/events.js';
import { openSqliteStore, type SqliteStore } from './sqlite-store.js';

const trade: Trade = {
  type: 'trade',
  symbol: 'AAPL',
  tsEvent: 1_000_000,
  tsRecv: 1_000_100,
  price: 187.25,
  size: 100,
  side: 'buy',
  tradeId: 't1',
  source: 'test',
};

describe('SQLite batch writes', () => {
  let store: SqliteStore;
  beforeEach(async () => {
    store = await openSqliteStore({ path: ':memory:' });
  });
  afterEach(async () => {
    await store.close();
  });

  it('rejects a NaN price (a bug upstream) and names the likely cause', async () => {
    const bad = { ...trade, tradeId: 't2', price: Number.NaN };
    await expect(store.write({ trades: [trade, bad] })).rejects.toThrow(
      'store write rejected, nothing of the batch was stored: NOT NULL constraint failed: trades.price (a NaN number or a missing field)',
    );
    expect(await store.trades({ symbol: 'AAPL' })).toEqual([]);
  });

  it('keeps the original error as the cause', async () => {
    const error: unknown = await store.write({ trades: [{ ...trade, size: Number.NaN }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).cause).toMatchObject({ code: 'SQLITE_CONSTRAINT_NOTNULL' });
  });

  it('stores 50,000 trades over 20 symbols in order and replays them without duplicates', async () => {
    const trades: Trade[] = Array.from({ length: 50_000 }, (_, i) => ({
      ...trade,
      symbol: `S${i % 20}`,
      tsEvent: 1_700_000_000_000_000 + i * 37,
      tradeId: String(i),
      price: 100 + (i % 977) * 0.01,
    }));
    for (let i = 0; i < trades.length; i += 10_000) await store.write({ trades: trades.slice(i, i + 10_000) });
    await store.write({ trades });
    const s7 = await store.trades({ symbol: 'S7' });
    expect(s7).toEqual(trades.filter((t) => t.symbol === 'S7'));
    expect(await store.symbols()).toHaveLength(20);
  });
});
