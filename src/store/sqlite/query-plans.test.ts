/**
 * Every query shape the store runs must seek an index (a SEARCH), never scan a tick table, and
 * never sort in a temporary B-tree: the clustered keys already hold rows in query order.
 * The plans are read from the statements the store actually prepared (SqliteStore.queryPlans).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Trade } from '../../core/events.js';
import { openSqliteStore, type SqliteStore } from './sqlite-store.js';

const trade: Trade = {
  type: 'trade',
  symbol: 'AAPL',
  tsEvent: 1,
  tsRecv: 1,
  price: 1,
  size: 1,
  side: 'buy',
  tradeId: '1',
  source: 'test',
};

describe('SQLite query plans', () => {
  let store: SqliteStore;
  let plans: Map<string, string>;

  beforeAll(async () => {
    store = await openSqliteStore({ path: ':memory:' });
    await store.write({ trades: [trade] }); // the symbol must exist for tick queries to reach SQL
    const range = { from: 1, to: 2 };
    await store.trades({ symbol: 'AAPL', ...range });
    await store.trades({ symbol: 'AAPL', order: 'desc', limit: 10 });
    await store.quotes({ symbol: 'AAPL', ...range, order: 'desc' });
    await store.bars({ symbol: 'AAPL', timeframe: '1m', ...range });
    await store.latestBar('AAPL', '1m');
    await store.anomalies({ symbol: 'AAPL', ...range, kind: 'volume_spike' });
    await store.anomalies({ ...range, order: 'desc', limit: 5 });
    await store.signals({ symbol: 'AAPL', minConfidence: 0.5, ...range });
    await store.signals({ ...range });
    await store.labels({ symbol: 'AAPL', ...range });
    await store.labels({ ...range });
    await store.quarantine({ reason: 'late', ...range });
    await store.quarantine({ symbol: 'AAPL', ...range });
    await store.quarantineCounts();
    await store.symbols();
    await store.pruneTicks(1);
    plans = new Map(store.queryPlans().map((p) => [p.sql.replace(/\s+/g, ' '), p.plan.join(' | ')]));
  });
  afterAll(async () => {
    await store.close();
  });

  const planOf = (fragment: string): string[] =>
    [...plans].filter(([sql]) => sql.includes(fragment)).map(([, plan]) => plan);

  it('tick and bar range queries seek the clustered primary key by (symbol, …, time)', () => {
    const tickPlans = [...planOf('FROM trades WHERE'), ...planOf('FROM quotes WHERE'), ...planOf('FROM bars WHERE')];
    expect(tickPlans).toHaveLength(7); // 2 trade reads, quotes, bars, latestBar, 2 retention deletes
    for (const plan of tickPlans) expect(plan).toMatch(/^SEARCH \w+ USING PRIMARY KEY \(symbol_id=\?/);
    expect(planOf('FROM trades WHERE symbol_id = ? AND ts_event >= ?')[0]).toBe(
      'SEARCH trades USING PRIMARY KEY (symbol_id=? AND ts_event>? AND ts_event<?)',
    );
    expect(planOf('FROM bars WHERE')).toContain(
      'SEARCH bars USING PRIMARY KEY (symbol_id=? AND timeframe=? AND start_ts>? AND start_ts<?)',
    );
  });

  it('queries by symbol use the (symbol, time) index; queries across symbols use the time index', () => {
    expect(planOf('FROM anomalies WHERE symbol = ?')).toEqual([
      'SEARCH anomalies USING INDEX anomalies_by_symbol_time (symbol=? AND ts>? AND ts<?)',
    ]);
    expect(planOf('FROM anomalies WHERE ts >= ?')).toEqual([
      'SEARCH anomalies USING INDEX anomalies_by_time (ts>? AND ts<?)',
    ]);
    expect(planOf('FROM signals WHERE symbol = ?')[0]).toMatch(
      /USING INDEX signals_by_symbol_time \(symbol=\? AND ts>/,
    );
    expect(planOf('FROM signals WHERE ts >= ?')[0]).toMatch(/USING INDEX signals_by_time \(ts>/);
    expect(planOf('FROM labels WHERE symbol = ?')[0]).toMatch(
      /USING INDEX labels_by_symbol_start \(symbol=\? AND start_ts</,
    );
    expect(planOf('FROM quarantine WHERE reason = ?')[0]).toMatch(
      /USING INDEX quarantine_by_reason \(reason=\? AND ts>/,
    );
    expect(planOf('FROM quarantine WHERE symbol = ?')[0]).toMatch(
      /USING INDEX quarantine_by_symbol \(symbol=\? AND ts>/,
    );
  });

  it('no query sorts in a temporary B-tree or scans a tick table', () => {
    expect(plans.size).toBeGreaterThanOrEqual(18);
    for (const [sql, plan] of plans) {
      expect(plan, sql).not.toMatch(/TEMP B-TREE/);
      expect(plan, sql).not.toMatch(/SCAN (trades|quotes|bars|t|b)\b/);
    }
  });

  it('quarantine counts read only the reason index; symbols() probes each symbol instead of scanning ticks', () => {
    expect(planOf('GROUP BY reason')).toEqual(['SCAN quarantine USING COVERING INDEX quarantine_by_reason']);
    const [symbolsPlan] = planOf('FROM symbols s');
    expect(symbolsPlan).toContain('SEARCH t USING PRIMARY KEY (symbol_id=?)');
    expect(symbolsPlan).toContain('SEARCH b USING PRIMARY KEY (symbol_id=?)');
  });
});
