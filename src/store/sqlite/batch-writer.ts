/**
 * Writes a StoreBatch in one IMMEDIATE transaction with statements prepared once. Every insert
 * is keyed on the table's natural key, so a replayed batch changes nothing.
 *
 * IMMEDIATE takes the write lock up front: a deferred transaction that starts by reading and
 * then writes can fail with SQLITE_BUSY when another connection wrote in between, and no
 * busy timeout can help it.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type {
  Anomaly,
  Bar,
  BarCorrection,
  FeatureSet,
  IndicatorSet,
  Label,
  Quarantined,
  Quote,
  Signal,
  Trade,
} from '../../core/events.js';
import { payloadHash, payloadJson } from '../payload-hash.js';
import type { Checkpoint, StoreBatch } from '../store.js';
import type { NameDictionary } from './name-dictionary.js';

type Run = BetterSqlite3.Statement<unknown[]>;

const LABEL_UPSERT = `
  INSERT INTO labels (id, symbol, start_ts, end_ts, kind, source, anomaly_id, verdict, note, created_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (id) DO UPDATE SET
    symbol = excluded.symbol, start_ts = excluded.start_ts, end_ts = excluded.end_ts, kind = excluded.kind,
    source = excluded.source, anomaly_id = excluded.anomaly_id, verdict = excluded.verdict,
    note = excluded.note, created_at = excluded.created_at`;

export const CHECKPOINT_UPSERT = `
  INSERT INTO checkpoints (key, value) VALUES (?, ?)
  ON CONFLICT (key) DO UPDATE SET value = excluded.value`;

/** Says that nothing was stored, and what a constraint failure usually means. */
function explainWriteFailure(error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  // better-sqlite3 binds NaN as NULL, so a NaN number surfaces as a NOT NULL failure.
  const hint = message.includes('NOT NULL constraint failed') ? ' (a NaN number or a missing field)' : '';
  return new Error(`store write rejected, nothing of the batch was stored: ${message}${hint}`, { cause: error });
}

export class BatchWriter {
  private readonly insertTrade: Run;
  private readonly insertQuote: Run;
  private readonly upsertBarStatement: Run;
  private readonly insertAnomaly: Run;
  private readonly insertSignal: Run;
  private readonly upsertLabelStatement: Run;
  private readonly insertQuarantined: Run;
  private readonly upsertCheckpoint: Run;
  private readonly upsertIndicators: Run;
  private readonly upsertFeatures: Run;
  private readonly transaction: BetterSqlite3.Transaction<(batch: StoreBatch) => void>;

  constructor(
    db: BetterSqlite3.Database,
    private readonly symbols: NameDictionary,
    private readonly sources: NameDictionary,
  ) {
    this.insertTrade = db.prepare(`
      INSERT INTO trades (symbol_id, ts_event, trade_id, ts_recv, price, size, side, source_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`);
    this.insertQuote = db.prepare(`
      INSERT INTO quotes (symbol_id, ts_event, bid_price, bid_size, ask_price, ask_size, source_id, ts_recv)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`);
    // Only a higher revision replaces a stored bar: an older or repeated one changes nothing.
    this.upsertBarStatement = db.prepare(`
      INSERT INTO bars (symbol_id, timeframe, start_ts, end_ts, open, high, low, close, volume, vwap, trades,
                        buy_volume, sell_volume, revision, ts_event, ts_recv)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (symbol_id, timeframe, start_ts) DO UPDATE SET
        end_ts = excluded.end_ts, open = excluded.open, high = excluded.high, low = excluded.low,
        close = excluded.close, volume = excluded.volume, vwap = excluded.vwap, trades = excluded.trades,
        buy_volume = excluded.buy_volume, sell_volume = excluded.sell_volume, revision = excluded.revision,
        ts_event = excluded.ts_event, ts_recv = excluded.ts_recv
      WHERE excluded.revision > bars.revision`);
    this.insertAnomaly = db.prepare(`
      INSERT INTO anomalies (id, symbol, timeframe, ts, kind, severity, score, raw_score, detector, message,
                             explanation, context, ts_recv)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`);
    this.insertSignal = db.prepare(`
      INSERT INTO signals (id, symbol, timeframe, ts, action, confidence, entry, stop, target, size, reasons, strategy)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`);
    this.upsertLabelStatement = db.prepare(LABEL_UPSERT);
    this.insertQuarantined = db.prepare(`
      INSERT INTO quarantine (ts, reason, payload_hash, symbol, detail, payload)
      VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`);
    this.upsertCheckpoint = db.prepare(CHECKPOINT_UPSERT);
    this.upsertIndicators = db.prepare(`
      INSERT INTO bar_indicators (symbol_id, timeframe, start_ts, end_ts, ts_recv, indicator_values)
      VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (symbol_id, timeframe, start_ts) DO UPDATE SET
        end_ts = excluded.end_ts, ts_recv = excluded.ts_recv, indicator_values = excluded.indicator_values`);
    this.upsertFeatures = db.prepare(`
      INSERT INTO bar_features (symbol_id, timeframe, start_ts, end_ts, ts_recv, schema_version, feature_names, feature_values)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (symbol_id, timeframe, start_ts) DO UPDATE SET
        end_ts = excluded.end_ts, ts_recv = excluded.ts_recv, schema_version = excluded.schema_version,
        feature_names = excluded.feature_names, feature_values = excluded.feature_values`);
    this.transaction = db.transaction((batch: StoreBatch) => this.writeAll(batch));
  }

  /** All of the batch or, on any error, none of it (the error is rethrown). */
  write(batch: StoreBatch): void {
    try {
      this.transaction.immediate(batch);
    } catch (error) {
      // Names added inside the rolled-back transaction were never committed.
      this.symbols.forget();
      this.sources.forget();
      throw explainWriteFailure(error);
    }
  }

  upsertLabel(label: Label): void {
    this.writeLabel(label);
  }

  private writeAll(batch: StoreBatch): void {
    if (batch.trades) for (const trade of batch.trades) this.writeTrade(trade);
    if (batch.quotes) for (const quote of batch.quotes) this.writeQuote(quote);
    if (batch.bars) for (const bar of batch.bars) this.writeBar(bar);
    if (batch.anomalies) for (const anomaly of batch.anomalies) this.writeAnomaly(anomaly);
    if (batch.signals) for (const signal of batch.signals) this.writeSignal(signal);
    if (batch.labels) for (const label of batch.labels) this.writeLabel(label);
    if (batch.quarantine) for (const rejected of batch.quarantine) this.writeQuarantined(rejected);
    if (batch.indicators) for (const set of batch.indicators) this.writeIndicators(set);
    if (batch.features) for (const set of batch.features) this.writeFeatures(set);
    if (batch.checkpoints) for (const checkpoint of batch.checkpoints) this.writeCheckpoint(checkpoint);
  }

  private writeIndicators(set: IndicatorSet): void {
    this.upsertIndicators.run(
      this.symbols.idFor(set.symbol),
      set.timeframe,
      set.start,
      set.ts,
      set.tsRecv,
      JSON.stringify(set.values),
    );
  }

  private writeFeatures(set: FeatureSet): void {
    this.upsertFeatures.run(
      this.symbols.idFor(set.symbol),
      set.timeframe,
      set.start,
      set.ts,
      set.tsRecv,
      set.schemaVersion,
      this.namesJson(set.names),
      JSON.stringify(set.values),
    );
  }

  /** Feature names repeat on every row; the JSON text of the last list is reused while it is the same array. */
  private namesJson(names: readonly string[]): string {
    if (names !== this.lastNames) {
      this.lastNames = names;
      this.lastNamesJson = JSON.stringify(names);
    }
    return this.lastNamesJson;
  }

  private lastNames: readonly string[] | null = null;
  private lastNamesJson = '[]';

  private writeTrade(t: Trade): void {
    this.insertTrade.run(
      this.symbols.idFor(t.symbol),
      t.tsEvent,
      t.tradeId,
      t.tsRecv,
      t.price,
      t.size,
      t.side,
      this.sources.idFor(t.source),
    );
  }

  private writeQuote(q: Quote): void {
    this.insertQuote.run(
      this.symbols.idFor(q.symbol),
      q.tsEvent,
      q.bidPrice,
      q.bidSize,
      q.askPrice,
      q.askSize,
      this.sources.idFor(q.source),
      q.tsRecv,
    );
  }

  private writeBar(b: Bar | BarCorrection): void {
    // A forming bar (bar.partial) is superseded within seconds; storing it would repaint history.
    if (b.type !== 'bar' && b.type !== 'bar.correction') {
      throw new TypeError(
        `only closed bars and corrections are stored, got a "${String((b as { type: unknown }).type)}" event`,
      );
    }
    this.upsertBarStatement.run(
      this.symbols.idFor(b.symbol),
      b.timeframe,
      b.start,
      b.end,
      b.open,
      b.high,
      b.low,
      b.close,
      b.volume,
      b.vwap,
      b.trades,
      b.buyVolume,
      b.sellVolume,
      b.revision,
      b.tsEvent,
      b.tsRecv,
    );
  }

  private writeAnomaly(a: Anomaly): void {
    this.insertAnomaly.run(
      a.id,
      a.symbol,
      a.timeframe,
      a.ts,
      a.kind,
      a.severity,
      a.score,
      a.rawScore,
      a.detector,
      a.message,
      JSON.stringify(a.explanation),
      JSON.stringify(a.context),
      a.tsRecv,
    );
  }

  private writeSignal(s: Signal): void {
    this.insertSignal.run(
      s.id,
      s.symbol,
      s.timeframe,
      s.ts,
      s.action,
      s.confidence,
      s.entry,
      s.stop,
      s.target,
      s.size,
      JSON.stringify(s.reasons),
      s.strategy,
    );
  }

  private writeLabel(l: Label): void {
    this.upsertLabelStatement.run(
      l.id,
      l.symbol,
      l.start,
      l.end,
      l.kind,
      l.source,
      l.anomalyId,
      l.verdict,
      l.note,
      l.createdAt,
    );
  }

  private writeQuarantined(q: Quarantined): void {
    this.insertQuarantined.run(q.ts, q.reason, payloadHash(q.payload), q.symbol, q.detail, payloadJson(q.payload));
  }

  private writeCheckpoint(c: Checkpoint): void {
    this.upsertCheckpoint.run(c.key, c.value);
  }
}
