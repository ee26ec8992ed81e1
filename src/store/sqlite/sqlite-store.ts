/**
 * The embedded store: one SQLite file in WAL mode (a reader process can read beside the
 * writer), synchronous=NORMAL, statements prepared once and cached, one transaction per write.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Anomaly, Bar, FeatureSet, IndicatorSet, Label, Micros, Quote, Signal, Trade } from '../../core/events.js';
import type {
  AnomalyQuery,
  BarQuery,
  LabelQuery,
  QuarantineQuery,
  QuarantineRow,
  SignalQuery,
  Store,
  StoreBatch,
  TimeRangeQuery,
} from '../store.js';
import { BatchWriter, CHECKPOINT_UPSERT } from './batch-writer.js';
import { MIGRATIONS } from './migrations/index.js';
import { assertKnownSchema, runMigrations, schemaVersion } from './migrate.js';
import { NameDictionary } from './name-dictionary.js';
import { explainOpenFailure, openDatabase } from './open-database.js';
import {
  ANOMALY_COLUMNS,
  BAR_COLUMNS,
  LABEL_COLUMNS,
  QUARANTINE_COLUMNS,
  QUOTE_COLUMNS,
  SIGNAL_COLUMNS,
  TRADE_COLUMNS,
  anomalyFromRow,
  barFromRow,
  labelFromRow,
  quarantineFromRow,
  quoteFromRow,
  signalFromRow,
  tradeFromRow,
  type AnomalyRow,
  type BarRow,
  type LabelRow,
  type QuarantineTableRow,
  type QuoteRow,
  type SignalRow,
  type TradeRow,
} from './rows.js';
import { SelectBuilder, assertRangeOptions, type BuiltQuery } from './select-builder.js';

export interface SqliteStoreOptions {
  /** Database file (its directory is created if missing), or ':memory:' for tests. */
  readonly path: string;
  /** Open an existing, up-to-date store for reading only (a reader process beside the writer). */
  readonly readonly?: boolean;
  /** How long a statement waits for another connection's lock; default 5000 ms. */
  readonly busyTimeoutMs?: number;
}

function batchIsEmpty(batch: StoreBatch): boolean {
  return (
    !batch.trades?.length &&
    !batch.quotes?.length &&
    !batch.bars?.length &&
    !batch.anomalies?.length &&
    !batch.signals?.length &&
    !batch.labels?.length &&
    !batch.quarantine?.length &&
    !batch.indicators?.length &&
    !batch.features?.length &&
    !batch.checkpoints?.length
  );
}

export class SqliteStore implements Store {
  private readonly symbolNames: NameDictionary;
  private readonly sourceNames: NameDictionary;
  private readonly writer: BatchWriter | undefined;
  private readonly statements = new Map<string, BetterSqlite3.Statement<unknown[]>>();

  /**
   * Use `openSqliteStore`, which opens the file and migrates it.
   * @param migrationsApplied versions this open applied (empty when the file was up to date).
   */
  constructor(
    private readonly db: BetterSqlite3.Database,
    readonly path: string,
    readonly migrationsApplied: readonly number[],
  ) {
    this.symbolNames = new NameDictionary(db, 'symbols', 'symbol');
    this.sourceNames = new NameDictionary(db, 'sources', 'source');
    this.writer = db.readonly ? undefined : new BatchWriter(db, this.symbolNames, this.sourceNames);
  }

  get schemaVersion(): number {
    return schemaVersion(this.connection());
  }

  async write(batch: StoreBatch): Promise<void> {
    const writer = this.writable();
    if (!batchIsEmpty(batch)) writer.write(batch);
  }

  async trades(query: TimeRangeQuery): Promise<Trade[]> {
    const symbolId = this.symbolIdOrUndefined(query);
    if (symbolId === undefined) return [];
    const built = new SelectBuilder(`SELECT ${TRADE_COLUMNS} FROM trades`)
      .where('symbol_id = ?', symbolId)
      .between('ts_event', query.from, query.to)
      .build(['ts_event', 'trade_id'], query);
    return this.all<TradeRow>(built).map((row) => tradeFromRow(query.symbol, row, this.sourceNames));
  }

  async quotes(query: TimeRangeQuery): Promise<Quote[]> {
    const symbolId = this.symbolIdOrUndefined(query);
    if (symbolId === undefined) return [];
    const built = new SelectBuilder(`SELECT ${QUOTE_COLUMNS} FROM quotes`)
      .where('symbol_id = ?', symbolId)
      .between('ts_event', query.from, query.to)
      .build(['ts_event', 'bid_price', 'bid_size', 'ask_price', 'ask_size', 'source_id'], query);
    return this.all<QuoteRow>(built).map((row) => quoteFromRow(query.symbol, row, this.sourceNames));
  }

  async bars(query: BarQuery): Promise<Bar[]> {
    return this.selectBars(query);
  }

  async latestBar(symbol: string, timeframe: string): Promise<Bar | null> {
    return this.selectBars({ symbol, timeframe, order: 'desc', limit: 1 })[0] ?? null;
  }

  async indicators(query: BarQuery): Promise<IndicatorSet[]> {
    const symbolId = this.symbolIdOrUndefined(query);
    if (symbolId === undefined) return [];
    const built = new SelectBuilder('SELECT start_ts, end_ts, ts_recv, indicator_values FROM bar_indicators')
      .where('symbol_id = ?', symbolId)
      .where('timeframe = ?', query.timeframe)
      .between('start_ts', query.from, query.to)
      .build(['start_ts'], query);
    return this.all<{ start_ts: number; end_ts: number; ts_recv: number; indicator_values: string }>(built).map(
      (row) => ({
        type: 'indicators',
        symbol: query.symbol,
        timeframe: query.timeframe,
        start: row.start_ts,
        ts: row.end_ts,
        tsRecv: row.ts_recv,
        values: JSON.parse(row.indicator_values) as Record<string, number | null>,
      }),
    );
  }

  async features(query: BarQuery): Promise<FeatureSet[]> {
    const symbolId = this.symbolIdOrUndefined(query);
    if (symbolId === undefined) return [];
    const built = new SelectBuilder(
      'SELECT start_ts, end_ts, ts_recv, schema_version, feature_names, feature_values FROM bar_features',
    )
      .where('symbol_id = ?', symbolId)
      .where('timeframe = ?', query.timeframe)
      .between('start_ts', query.from, query.to)
      .build(['start_ts'], query);
    type Row = {
      start_ts: number;
      end_ts: number;
      ts_recv: number;
      schema_version: number;
      feature_names: string;
      feature_values: string;
    };
    return this.all<Row>(built).map((row) => ({
      type: 'features',
      symbol: query.symbol,
      timeframe: query.timeframe,
      ts: row.end_ts,
      start: row.start_ts,
      tsRecv: row.ts_recv,
      schemaVersion: row.schema_version,
      names: JSON.parse(row.feature_names) as string[],
      values: JSON.parse(row.feature_values) as (number | null)[],
    }));
  }

  async anomalies(query: AnomalyQuery): Promise<Anomaly[]> {
    const built = new SelectBuilder(`SELECT ${ANOMALY_COLUMNS} FROM anomalies`)
      .equals('symbol', query.symbol)
      .equals('timeframe', query.timeframe)
      .equals('kind', query.kind)
      .equals('severity', query.severity)
      .equals('detector', query.detector)
      .between('ts', query.from, query.to)
      .build(['ts', 'id'], query);
    return this.all<AnomalyRow>(built).map(anomalyFromRow);
  }

  async signals(query: SignalQuery): Promise<Signal[]> {
    const builder = new SelectBuilder(`SELECT ${SIGNAL_COLUMNS} FROM signals`)
      .equals('symbol', query.symbol)
      .equals('timeframe', query.timeframe)
      .between('ts', query.from, query.to);
    if (query.minConfidence !== undefined) builder.where('confidence >= ?', query.minConfidence);
    return this.all<SignalRow>(builder.build(['ts', 'id'], query)).map(signalFromRow);
  }

  async labels(query: LabelQuery): Promise<Label[]> {
    const builder = new SelectBuilder(`SELECT ${LABEL_COLUMNS} FROM labels`)
      .equals('symbol', query.symbol)
      .equals('kind', query.kind)
      .equals('source', query.source)
      .equals('anomaly_id', query.anomalyId);
    // Overlap with [from, to); a point label (end = start) counts when it lies inside.
    if (query.to !== undefined) builder.where('start_ts < ?', query.to);
    if (query.from !== undefined) builder.where('(end_ts > ? OR start_ts >= ?)', query.from, query.from);
    return this.all<LabelRow>(builder.build(['start_ts', 'id'], query)).map(labelFromRow);
  }

  async upsertLabel(label: Label): Promise<void> {
    this.writable().upsertLabel(label);
  }

  async deleteLabel(id: string): Promise<boolean> {
    this.writable();
    return this.statement('DELETE FROM labels WHERE id = ?').run(id).changes > 0;
  }

  async quarantine(query: QuarantineQuery): Promise<QuarantineRow[]> {
    const built = new SelectBuilder(`SELECT ${QUARANTINE_COLUMNS} FROM quarantine`)
      .equals('reason', query.reason)
      .equals('symbol', query.symbol)
      .between('ts', query.from, query.to)
      .build(['ts', 'reason', 'payload_hash'], query);
    return this.all<QuarantineTableRow>(built).map(quarantineFromRow);
  }

  async quarantineCounts(): Promise<Record<string, number>> {
    const rows = this.statement(
      'SELECT reason, count(*) AS count FROM quarantine GROUP BY reason ORDER BY reason',
    ).all();
    const counts: Record<string, number> = {};
    for (const row of rows as { reason: string; count: number }[]) counts[row.reason] = row.count;
    return counts;
  }

  async symbols(): Promise<string[]> {
    // One index probe per known symbol rather than a DISTINCT over every tick.
    const sql = `SELECT symbol FROM symbols s
      WHERE EXISTS (SELECT 1 FROM trades t WHERE t.symbol_id = s.id)
         OR EXISTS (SELECT 1 FROM bars b WHERE b.symbol_id = s.id)
      ORDER BY symbol`;
    return this.statement(sql).pluck().all() as string[];
  }

  async pruneTicks(olderThan: Micros): Promise<number> {
    this.writable();
    const symbolIds = this.statement('SELECT id FROM symbols').pluck().all() as number[];
    // Per symbol, so each DELETE is a range on the clustered key (symbol_id, ts_event, …).
    const deleteTrades = this.statement('DELETE FROM trades WHERE symbol_id = ? AND ts_event < ?');
    const deleteQuotes = this.statement('DELETE FROM quotes WHERE symbol_id = ? AND ts_event < ?');
    const prune = this.connection().transaction((): number => {
      let deleted = 0;
      for (const id of symbolIds) {
        deleted += deleteTrades.run(id, olderThan).changes;
        deleted += deleteQuotes.run(id, olderThan).changes;
      }
      return deleted;
    });
    return prune.immediate();
  }

  async getCheckpoint(key: string): Promise<string | null> {
    const value = this.statement('SELECT value FROM checkpoints WHERE key = ?').pluck().get(key) as string | undefined;
    return value ?? null;
  }

  async putCheckpoint(key: string, value: string): Promise<void> {
    this.writable();
    this.statement(CHECKPOINT_UPSERT).run(key, value);
  }

  /**
   * EXPLAIN QUERY PLAN of every statement this store has prepared for queries so far (reads,
   * retention deletes): a diagnostic that shows which index each query shape uses.
   */
  queryPlans(): Array<{ sql: string; plan: string[] }> {
    const db = this.connection();
    const plans: Array<{ sql: string; plan: string[] }> = [];
    for (const sql of this.statements.keys()) {
      const parameterCount = sql.split('?').length - 1; // our SQL has no '?' inside literals
      const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array<null>(parameterCount).fill(null));
      plans.push({ sql, plan: (rows as { detail: string }[]).map((row) => row.detail) });
    }
    return plans;
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    // Fold the WAL back into the database file so the file alone is the whole store.
    if (!this.db.memory && !this.db.readonly) this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.close();
  }

  private selectBars(query: BarQuery): Bar[] {
    const symbolId = this.symbolIdOrUndefined(query);
    if (symbolId === undefined) return [];
    const built = new SelectBuilder(`SELECT ${BAR_COLUMNS} FROM bars`)
      .where('symbol_id = ?', symbolId)
      .where('timeframe = ?', query.timeframe)
      .between('start_ts', query.from, query.to)
      .build(['start_ts'], query);
    return this.all<BarRow>(built).map((row) => barFromRow(query.symbol, query.timeframe, row));
  }

  /** Validates the options even when the symbol is unknown, so a bad query fails the same way. */
  private symbolIdOrUndefined(query: TimeRangeQuery): number | undefined {
    this.connection();
    assertRangeOptions(query);
    return this.symbolNames.lookup(query.symbol);
  }

  private all<R>(query: BuiltQuery): R[] {
    return this.statement(query.sql).all(...query.params) as R[];
  }

  private statement(sql: string): BetterSqlite3.Statement<unknown[]> {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.connection().prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private connection(): BetterSqlite3.Database {
    if (!this.db.open) throw new Error(`the tickwatch store "${this.path}" is closed`);
    return this.db;
  }

  private writable(): BatchWriter {
    this.connection();
    if (this.writer === undefined) {
      throw new Error(`the tickwatch store "${this.path}" was opened read-only: open it without readonly to write`);
    }
    return this.writer;
  }
}

/**
 * Opens (creating if needed) a SQLite store and brings its schema up to date. A read-only open
 * migrates nothing and requires the file to be up to date already.
 */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<SqliteStore> {
  const db = openDatabase(options);
  try {
    if (options.readonly) {
      assertKnownSchema(db, options.path);
      const version = schemaVersion(db);
      if (version < MIGRATIONS.length) {
        throw new Error(
          `the tickwatch store "${options.path}" has schema version ${version}, this build needs ${MIGRATIONS.length}: ` +
            `open it once with write access (e.g. start the writer) to migrate it`,
        );
      }
      return new SqliteStore(db, options.path, []);
    }
    const applied = runMigrations(db, options.path);
    return new SqliteStore(db, options.path, applied);
  } catch (error) {
    db.close();
    throw explainOpenFailure(error, options.path);
  }
}
