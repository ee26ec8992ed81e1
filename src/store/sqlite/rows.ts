/**
 * Row shapes of the SQLite tables and their conversion back to events. Each SELECT list sits
 * beside the row type it produces so the two cannot drift apart. Objects are built with the
 * event interfaces' key order, so JSON of a stored event equals JSON of the original.
 */
import type {
  Anomaly,
  Bar,
  Contribution,
  Label,
  QuarantineReason,
  Quote,
  Severity,
  Side,
  Signal,
  SignalAction,
  Trade,
} from '../../core/events.js';
import type { QuarantineRow } from '../store.js';
import type { NameDictionary } from './name-dictionary.js';

export const TRADE_COLUMNS = 'ts_event, trade_id, ts_recv, price, size, side, source_id';
export interface TradeRow {
  ts_event: number;
  trade_id: string;
  ts_recv: number;
  price: number;
  size: number;
  side: string;
  source_id: number;
}
export function tradeFromRow(symbol: string, row: TradeRow, sources: NameDictionary): Trade {
  return {
    type: 'trade',
    symbol,
    tsEvent: row.ts_event,
    tsRecv: row.ts_recv,
    price: row.price,
    size: row.size,
    side: row.side as Side,
    tradeId: row.trade_id,
    source: sources.nameOf(row.source_id),
  };
}

export const QUOTE_COLUMNS = 'ts_event, ts_recv, bid_price, bid_size, ask_price, ask_size, source_id';
export interface QuoteRow {
  ts_event: number;
  ts_recv: number;
  bid_price: number;
  bid_size: number;
  ask_price: number;
  ask_size: number;
  source_id: number;
}
export function quoteFromRow(symbol: string, row: QuoteRow, sources: NameDictionary): Quote {
  return {
    type: 'quote',
    symbol,
    tsEvent: row.ts_event,
    tsRecv: row.ts_recv,
    bidPrice: row.bid_price,
    bidSize: row.bid_size,
    askPrice: row.ask_price,
    askSize: row.ask_size,
    source: sources.nameOf(row.source_id),
  };
}

export const BAR_COLUMNS =
  'start_ts, end_ts, open, high, low, close, volume, vwap, trades, buy_volume, sell_volume, revision, ts_event, ts_recv';
export interface BarRow {
  start_ts: number;
  end_ts: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  vwap: number;
  trades: number;
  buy_volume: number;
  sell_volume: number;
  revision: number;
  ts_event: number;
  ts_recv: number;
}
export function barFromRow(symbol: string, timeframe: string, row: BarRow): Bar {
  return {
    type: 'bar',
    symbol,
    timeframe,
    start: row.start_ts,
    end: row.end_ts,
    open: row.open,
    high: row.high,
    low: row.low,
    close: row.close,
    volume: row.volume,
    vwap: row.vwap,
    trades: row.trades,
    buyVolume: row.buy_volume,
    sellVolume: row.sell_volume,
    revision: row.revision,
    tsEvent: row.ts_event,
    tsRecv: row.ts_recv,
  };
}

export const ANOMALY_COLUMNS =
  'id, symbol, timeframe, ts, kind, severity, score, raw_score, detector, message, explanation, context, ts_recv';
export interface AnomalyRow {
  id: string;
  symbol: string;
  timeframe: string;
  ts: number;
  kind: string;
  severity: string;
  score: number;
  raw_score: number;
  detector: string;
  message: string;
  explanation: string;
  context: string;
  ts_recv: number;
}
export function anomalyFromRow(row: AnomalyRow): Anomaly {
  return {
    type: 'anomaly',
    id: row.id,
    symbol: row.symbol,
    timeframe: row.timeframe,
    ts: row.ts,
    kind: row.kind,
    severity: row.severity as Severity,
    score: row.score,
    rawScore: row.raw_score,
    detector: row.detector,
    message: row.message,
    explanation: JSON.parse(row.explanation) as Contribution[],
    context: JSON.parse(row.context) as Record<string, number | string>,
    tsRecv: row.ts_recv,
  };
}

export const SIGNAL_COLUMNS =
  'id, symbol, timeframe, ts, action, confidence, entry, stop, target, size, reasons, strategy';
export interface SignalRow {
  id: string;
  symbol: string;
  timeframe: string;
  ts: number;
  action: string;
  confidence: number;
  entry: number;
  stop: number | null;
  target: number | null;
  size: number;
  reasons: string;
  strategy: string;
}
export function signalFromRow(row: SignalRow): Signal {
  return {
    type: 'signal',
    id: row.id,
    symbol: row.symbol,
    timeframe: row.timeframe,
    ts: row.ts,
    action: row.action as SignalAction,
    confidence: row.confidence,
    entry: row.entry,
    stop: row.stop,
    target: row.target,
    size: row.size,
    reasons: JSON.parse(row.reasons) as string[],
    strategy: row.strategy,
  };
}

export const LABEL_COLUMNS = 'id, symbol, start_ts, end_ts, kind, source, anomaly_id, verdict, note, created_at';
export interface LabelRow {
  id: string;
  symbol: string;
  start_ts: number;
  end_ts: number;
  kind: string;
  source: string;
  anomaly_id: string | null;
  verdict: string | null;
  note: string;
  created_at: number;
}
export function labelFromRow(row: LabelRow): Label {
  return {
    type: 'label',
    id: row.id,
    symbol: row.symbol,
    start: row.start_ts,
    end: row.end_ts,
    kind: row.kind,
    source: row.source,
    anomalyId: row.anomaly_id,
    verdict: row.verdict as Label['verdict'],
    note: row.note,
    createdAt: row.created_at,
  };
}

export const QUARANTINE_COLUMNS = 'ts, reason, payload_hash, symbol, detail, payload';
export interface QuarantineTableRow {
  ts: number;
  reason: string;
  payload_hash: string;
  symbol: string;
  detail: string;
  payload: string;
}
export function quarantineFromRow(row: QuarantineTableRow): QuarantineRow {
  return {
    type: 'quarantine',
    reason: row.reason as QuarantineReason,
    detail: row.detail,
    symbol: row.symbol,
    ts: row.ts,
    payload: JSON.parse(row.payload) as unknown,
    payloadHash: row.payload_hash,
  };
}
