/**
 * The storage contract. Two implementations (SQLite, the embedded default; PostgreSQL, the
 * scale-out store) pass the same contract suite: test/contract/store-contract.ts.
 *
 * The interface is asynchronous although better-sqlite3 is not, so that a networked store fits
 * behind it unchanged.
 *
 * Writes are idempotent: every table has a natural key, so replaying a batch after a crash
 * stores nothing twice. Reads return the same typed events that were written (deep-equal),
 * except bars, which come back as `type: 'bar'` carrying their latest revision.
 *
 * Ordering is deterministic and the same in every implementation (ties are part of the
 * contract, so a backtest reads history in the same order from either store):
 *  - trades: tsEvent, then tradeId (code-point order);
 *  - quotes: tsEvent, then bidPrice, bidSize, askPrice, askSize (then source, in an
 *    implementation-defined order);
 *  - bars: start; anomalies and signals: ts, then id; labels: start, then id;
 *  - quarantine: ts, then reason, then payloadHash.
 * `order: 'desc'` reverses it; `limit` applies after ordering, so `{ order: 'desc', limit: n }`
 * is "the latest n".
 */
import type {
  Anomaly,
  Bar,
  BarCorrection,
  FeatureSet,
  IndicatorSet,
  Label,
  Micros,
  Quarantined,
  QuarantineReason,
  Quote,
  Severity,
  Signal,
  Trade,
} from '../core/events.js';

/** Resume state stored with the data it describes (pipeline snapshots, source cursors). */
export interface Checkpoint {
  readonly key: string;
  readonly value: string;
}

/**
 * Everything one transaction writes; any array may be empty or absent. Rows are written in
 * array order, so within one batch a later bar revision still wins over an earlier one.
 */
export interface StoreBatch {
  /** Insert-or-ignore by (symbol, tsEvent, tradeId): the first write of a trade is kept. */
  readonly trades?: readonly Trade[];
  /** Insert-or-ignore by the whole quote (symbol, tsEvent, prices, sizes, source). */
  readonly quotes?: readonly Quote[];
  /** Upsert by (symbol, timeframe, start) keeping the highest revision. */
  readonly bars?: readonly (Bar | BarCorrection)[];
  /** Insert-or-ignore by id: events are immutable, the first write is the record. */
  readonly anomalies?: readonly Anomaly[];
  /** Insert-or-ignore by id. */
  readonly signals?: readonly Signal[];
  /** Upsert by id: a label is a human verdict and may be edited. */
  readonly labels?: readonly Label[];
  /** Insert-or-ignore by (ts, reason, payloadHash(payload)). */
  readonly quarantine?: readonly Quarantined[];
  /** Upsert by (symbol, timeframe, start): recomputed values (after a correction) replace stored ones. */
  readonly indicators?: readonly IndicatorSet[];
  /** Upsert by (symbol, timeframe, start), like indicator values. */
  readonly features?: readonly FeatureSet[];
  /** Upsert by key, committed atomically with the rows above (e.g. a source cursor). */
  readonly checkpoints?: readonly Checkpoint[];
}

export type SortOrder = 'asc' | 'desc';

/** Shared paging options. `from` is inclusive, `to` exclusive; `limit` is an integer ≥ 0. */
export interface RangeOptions {
  readonly from?: Micros;
  readonly to?: Micros;
  readonly limit?: number;
  readonly order?: SortOrder;
}

/** Trades and quotes filter on tsEvent; bars on start. */
export interface TimeRangeQuery extends RangeOptions {
  readonly symbol: string;
}

export interface BarQuery extends TimeRangeQuery {
  readonly timeframe: string;
}

/** Every filter is optional and exact; `from`/`to` apply to `ts`. */
export interface AnomalyQuery extends RangeOptions {
  readonly symbol?: string;
  readonly kind?: string;
  readonly severity?: Severity;
  readonly detector?: string;
  readonly timeframe?: string;
}

export interface SignalQuery extends RangeOptions {
  readonly symbol?: string;
  readonly timeframe?: string;
  /** Inclusive lower bound on confidence. */
  readonly minConfidence?: number;
}

/**
 * Labels whose range overlaps [from, to): `start < to` and `end > from`. A point label
 * (start === end) overlaps when from ≤ start < to.
 */
export interface LabelQuery extends RangeOptions {
  readonly symbol?: string;
  readonly kind?: string;
  readonly source?: string;
  readonly anomalyId?: string;
}

export interface QuarantineQuery extends RangeOptions {
  readonly reason?: QuarantineReason;
  readonly symbol?: string;
}

/** A stored quarantined input with the hash of its payload (part of its natural key). */
export interface QuarantineRow extends Quarantined {
  readonly payloadHash: string;
}

export interface Store {
  /**
   * Writes the batch in one transaction: all of it or, if any row is rejected (a constraint
   * such as a label ending before it starts, or a bar whose high is below its low), none of it.
   * Idempotent: writing the same batch twice stores nothing new.
   */
  write(batch: StoreBatch): Promise<void>;
  trades(query: TimeRangeQuery): Promise<Trade[]>;
  quotes(query: TimeRangeQuery): Promise<Quote[]>;
  /** The latest revision of each bar, as `type: 'bar'`. */
  bars(query: BarQuery): Promise<Bar[]>;
  /** The bar with the latest start, or null. */
  latestBar(symbol: string, timeframe: string): Promise<Bar | null>;
  /** Indicator values of closed bars, ordered by bar start; `from`/`to` apply to the start. */
  indicators(query: BarQuery): Promise<IndicatorSet[]>;
  /** Feature vectors of closed bars, ordered by bar start; `from`/`to` apply to the start. */
  features(query: BarQuery): Promise<FeatureSet[]>;
  anomalies(query: AnomalyQuery): Promise<Anomaly[]>;
  signals(query: SignalQuery): Promise<Signal[]>;
  labels(query: LabelQuery): Promise<Label[]>;
  /** Inserts the label or replaces the one with the same id. */
  upsertLabel(label: Label): Promise<void>;
  /** True if a label was deleted. */
  deleteLabel(id: string): Promise<boolean>;
  quarantine(query: QuarantineQuery): Promise<QuarantineRow[]>;
  /** Rows per reason; reasons with no rows are absent. */
  quarantineCounts(): Promise<Record<string, number>>;
  /** Symbols that have trades or bars, sorted. */
  symbols(): Promise<string[]>;
  /** Tick retention: deletes trades and quotes with tsEvent < olderThan; returns rows deleted. */
  pruneTicks(olderThan: Micros): Promise<number>;
  getCheckpoint(key: string): Promise<string | null>;
  putCheckpoint(key: string, value: string): Promise<void>;
  /** Flushes and releases the store; later calls reject. Calling it twice is harmless. */
  close(): Promise<void>;
}
