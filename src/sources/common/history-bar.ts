/**
 * The bar a REST history response (candles, aggregates, chart rows) becomes. These responses
 * carry no VWAP or trade count, and a bar is final only if its end had passed when the response
 * arrived; one that is still forming is `partial`.
 */
import type { Micros } from '../../core/events.js';
import type { SourceBar } from './source.js';

/** Which series the bars belong to. */
export interface HistorySeries {
  readonly source: string;
  readonly symbol: string;
  readonly timeframe: string;
}

export interface BarValues {
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

export function historyBar(
  series: HistorySeries,
  start: Micros,
  end: Micros,
  values: BarValues,
  recv: Micros,
): SourceBar {
  return {
    type: 'source.bar',
    source: series.source,
    symbol: series.symbol,
    timeframe: series.timeframe,
    start,
    end,
    open: values.open,
    high: values.high,
    low: values.low,
    close: values.close,
    volume: values.volume,
    vwap: Number.NaN,
    trades: Number.NaN,
    revision: end <= recv ? 'final' : 'partial',
    tsRecv: recv,
  };
}
