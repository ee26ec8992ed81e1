/**
 * The tickwatch data model: immutable, typed events.
 *
 * Every timestamp is an integer number of microseconds since the Unix epoch (UTC), held in a
 * JS `number` (2^53 µs is ~285 years, nanoseconds would overflow). Every market event carries
 * `tsEvent` (venue time, when it happened) and `tsRecv` (when this process received it), so
 * latency can be measured end to end.
 */

/** Integer microseconds since the Unix epoch, UTC. */
export type Micros = number;

/** Aggressor side of a trade. `unknown` when neither the venue nor inference could tell. */
export type Side = 'buy' | 'sell' | 'unknown';

export type AssetClass = 'stock' | 'crypto' | 'forex' | 'index' | 'option' | 'future';

/** The trading calendars an instrument can name (src/bars/sessions.ts builds each one). */
export const CALENDAR_NAMES = ['nyse', 'nyse-extended', 'forex', '24x7'] as const;
export type CalendarName = (typeof CALENDAR_NAMES)[number];

/** Static facts about a tradable instrument. */
export interface Instrument {
  readonly symbol: string;
  readonly assetClass: AssetClass;
  /** Name of the trading calendar whose sessions drive daily bars and quiet-feed expectations. */
  readonly calendar: CalendarName;
  /** Smallest price increment. */
  readonly tickSize: number;
}

export interface Trade {
  readonly type: 'trade';
  readonly symbol: string;
  readonly tsEvent: Micros;
  readonly tsRecv: Micros;
  readonly price: number;
  readonly size: number;
  readonly side: Side;
  /** Venue trade id; unique per symbol and source. Used to reject duplicates. */
  readonly tradeId: string;
  /** Name of the source that produced the event (e.g. `simulator`, `polygon`). */
  readonly source: string;
}

export interface Quote {
  readonly type: 'quote';
  readonly symbol: string;
  readonly tsEvent: Micros;
  readonly tsRecv: Micros;
  readonly bidPrice: number;
  readonly bidSize: number;
  readonly askPrice: number;
  readonly askSize: number;
  readonly source: string;
}

/** A market event as it enters the pipeline. */
export type MarketEvent = Trade | Quote;

/** OHLCV bar over the half-open interval [start, end). */
export interface BarFields {
  readonly symbol: string;
  /** Timeframe label, e.g. `1s`, `1m`, `5m`, `1h`, `1d`. */
  readonly timeframe: string;
  readonly start: Micros;
  readonly end: Micros;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  /** Volume-weighted average price of the bar's trades. */
  readonly vwap: number;
  readonly trades: number;
  readonly buyVolume: number;
  readonly sellVolume: number;
  /** 0 for the first version of a closed bar; +1 for each correction by a late trade. */
  readonly revision: number;
  /** Event time of the last trade included in the bar. */
  readonly tsEvent: Micros;
  /** Receive time of the newest trade in the bar (for end-to-end latency). */
  readonly tsRecv: Micros;
}

/** A closed bar. Closed history never repaints except through an explicit correction. */
export interface Bar extends BarFields {
  readonly type: 'bar';
}

/** The bar that is still forming; superseded by the next partial or by the closed bar. */
export interface PartialBar extends BarFields {
  readonly type: 'bar.partial';
}

/** A closed bar amended by a trade that arrived late but within the allowed lateness. */
export interface BarCorrection extends BarFields {
  readonly type: 'bar.correction';
}

/**
 * Indicator values computed on a closed bar: one entry per output column, named
 * `name_param1_param2[_output]` (e.g. `sma_20`, `macd_12_26_9_signal`); null while warming up.
 */
export interface IndicatorSet {
  readonly type: 'indicators';
  readonly symbol: string;
  readonly timeframe: string;
  /** Start of the bar the values belong to (the bar's natural key). */
  readonly start: Micros;
  /** End of that bar. */
  readonly ts: Micros;
  readonly tsRecv: Micros;
  readonly values: Readonly<Record<string, number | null>>;
}

export type Severity = 'info' | 'warning' | 'critical';

/** One feature's contribution to an anomaly score. Positive pushes towards "anomalous". */
export interface Contribution {
  readonly feature: string;
  readonly value: number;
  readonly contribution: number;
}

export interface Anomaly {
  readonly type: 'anomaly';
  /** Deterministic id: detector, symbol, timeframe and time; the same input gives the same id. */
  readonly id: string;
  readonly symbol: string;
  readonly timeframe: string;
  /** Event time the anomaly refers to (for bar detectors, the bar's end). */
  readonly ts: Micros;
  readonly kind: string;
  readonly severity: Severity;
  /** Calibrated score in [0, 1]. */
  readonly score: number;
  /** The detector's raw score in its own units (e.g. a volume multiple). */
  readonly rawScore: number;
  readonly detector: string;
  readonly message: string;
  readonly explanation: readonly Contribution[];
  readonly context: Readonly<Record<string, number | string>>;
  /** Receive time of the input that triggered the anomaly (for latency). */
  readonly tsRecv: Micros;
}

export type SignalAction = 'BUY' | 'SELL' | 'HOLD';

export interface Signal {
  readonly type: 'signal';
  readonly id: string;
  readonly symbol: string;
  readonly timeframe: string;
  readonly ts: Micros;
  readonly action: SignalAction;
  /** In [0, 1]. */
  readonly confidence: number;
  readonly entry: number;
  readonly stop: number | null;
  readonly target: number | null;
  readonly size: number;
  readonly reasons: readonly string[];
  readonly strategy: string;
}

/** A human (or simulator ground-truth) verdict on a time range of one symbol. */
export interface Label {
  readonly type: 'label';
  readonly id: string;
  readonly symbol: string;
  readonly start: Micros;
  readonly end: Micros;
  /** Class of the labelled range, e.g. `volume_spike`, `flash_crash`, `normal`. */
  readonly kind: string;
  /** Who produced it: `simulator` (ground truth), `user`, `feedback`. */
  readonly source: string;
  readonly anomalyId: string | null;
  readonly verdict: 'anomaly' | 'normal' | null;
  readonly note: string;
  readonly createdAt: Micros;
}

/** Why an input was rejected. Stable codes: they are metric labels and API values. */
export type QuarantineReason =
  | 'malformed'
  | 'unknown_type'
  | 'unknown_symbol'
  | 'bad_price'
  | 'bad_size'
  | 'crossed_quote'
  | 'bad_timestamp'
  | 'future_timestamp'
  | 'stale_timestamp'
  | 'duplicate_trade'
  | 'late';

export const QUARANTINE_REASONS: readonly QuarantineReason[] = [
  'malformed',
  'unknown_type',
  'unknown_symbol',
  'bad_price',
  'bad_size',
  'crossed_quote',
  'bad_timestamp',
  'future_timestamp',
  'stale_timestamp',
  'duplicate_trade',
  'late',
];

export interface Quarantined {
  readonly type: 'quarantine';
  readonly reason: QuarantineReason;
  /** Human-readable detail: which field, which value, which limit. */
  readonly detail: string;
  /** Symbol if one could be read from the input, else ''. */
  readonly symbol: string;
  /** The clock's time when the input was rejected. */
  readonly ts: Micros;
  /** The rejected input, as received (JSON-serialisable copy). */
  readonly payload: unknown;
}

/**
 * The feature vector of one closed bar of one (symbol, timeframe), in the order of the feature
 * schema (src/features/definitions.ts); null while a feature warms up or is undefined. Plain
 * JSON: names and values are parallel arrays.
 */
export interface FeatureSet {
  readonly type: 'features';
  readonly symbol: string;
  readonly timeframe: string;
  /** The bar's end: the event time the features describe. */
  readonly ts: Micros;
  /** The bar's start (with symbol and timeframe, the bar's natural key). */
  readonly start: Micros;
  /** Receive time of the bar (for latency). */
  readonly tsRecv: Micros;
  readonly schemaVersion: number;
  readonly names: readonly string[];
  readonly values: readonly (number | null)[];
}

/**
 * Rolling correlations of bar log returns across a set of symbols at one timeframe, after one
 * aligned bar time. `values` is the symbols × symbols matrix, row-major; null where a pair has
 * too few common bars yet.
 */
export interface CorrelationMatrixEvent {
  readonly type: 'correlation';
  readonly timeframe: string;
  /** End of the aligned bar time. */
  readonly ts: Micros;
  /** Start of the aligned bar time. */
  readonly start: Micros;
  readonly tsRecv: Micros;
  /** Number of common bar returns each correlation spans. */
  readonly window: number;
  readonly symbols: readonly string[];
  readonly values: readonly (number | null)[];
}

/** Everything the pipeline emits. */
export type PipelineEvent =
  | Trade
  | Quote
  | Bar
  | PartialBar
  | BarCorrection
  | IndicatorSet
  | FeatureSet
  | CorrelationMatrixEvent
  | Anomaly
  | Signal
  | Label
  | Quarantined;

export type PipelineEventType = PipelineEvent['type'];
