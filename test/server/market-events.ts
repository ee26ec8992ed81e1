/** Test helpers: pipeline events with sensible defaults, for the server, metrics and alert tests. */
import type { Anomaly, Bar, PartialBar, Quote, Severity, Signal, Trade } from '../../src/core/events.js';
import { MICROS_PER_MINUTE } from '../../src/core/time.js';

export const T0 = 1_700_000_000_000_000;

export function trade(symbol: string, index: number, fields: Partial<Omit<Trade, 'type'>> = {}): Trade {
  return {
    type: 'trade',
    symbol,
    tsEvent: T0 + index * 1000,
    tsRecv: T0 + index * 1000 + 200,
    price: 100 + index / 100,
    size: 10,
    side: 'buy',
    tradeId: `${symbol}-${index}`,
    source: 'simulator',
    ...fields,
  };
}

export function quote(symbol: string, index: number, fields: Partial<Omit<Quote, 'type'>> = {}): Quote {
  return {
    type: 'quote',
    symbol,
    tsEvent: T0 + index * 1000,
    tsRecv: T0 + index * 1000 + 200,
    bidPrice: 99.99,
    bidSize: 5,
    askPrice: 100.01,
    askSize: 7,
    source: 'simulator',
    ...fields,
  };
}

function barFields(symbol: string, timeframe: string, index: number, close: number) {
  const start = T0 + index * MICROS_PER_MINUTE;
  return {
    symbol,
    timeframe,
    start,
    end: start + MICROS_PER_MINUTE,
    open: close,
    high: close + 1,
    low: close - 1,
    close,
    volume: 1000,
    vwap: close,
    trades: 10,
    buyVolume: 500,
    sellVolume: 500,
    revision: 0,
    tsEvent: start + MICROS_PER_MINUTE - 1,
    tsRecv: start + MICROS_PER_MINUTE,
  };
}

export function bar(symbol: string, index: number, close = 100, timeframe = '1m'): Bar {
  return { type: 'bar', ...barFields(symbol, timeframe, index, close) };
}

export function partialBar(symbol: string, index: number, close = 100, timeframe = '1m'): PartialBar {
  return { type: 'bar.partial', ...barFields(symbol, timeframe, index, close) };
}

export function anomaly(symbol: string, index: number, fields: Partial<Omit<Anomaly, 'type'>> = {}): Anomaly {
  const kind = fields.kind ?? 'volume_spike';
  const severity: Severity = fields.severity ?? 'warning';
  return {
    type: 'anomaly',
    id: `${kind}:${symbol}:1m:${index}`,
    symbol,
    timeframe: '1m',
    ts: T0 + index * MICROS_PER_MINUTE,
    kind,
    severity,
    score: 0.9,
    rawScore: 4.2,
    detector: 'volume_spike_20',
    message: `volume 4.2× the 20-bar average`,
    explanation: [{ feature: 'volume_ratio', value: 4.2, contribution: 0.9 }],
    context: { volume: 4200, average: 1000 },
    tsRecv: T0 + index * MICROS_PER_MINUTE + 500,
    ...fields,
  };
}

export function signal(symbol: string, index: number, fields: Partial<Omit<Signal, 'type'>> = {}): Signal {
  return {
    type: 'signal',
    id: `sig:${symbol}:${index}`,
    symbol,
    timeframe: '1m',
    ts: T0 + index * MICROS_PER_MINUTE,
    action: 'BUY',
    confidence: 0.7,
    entry: 100,
    stop: 98,
    target: 104,
    size: 10,
    reasons: ['test'],
    strategy: 'test',
    ...fields,
  };
}
