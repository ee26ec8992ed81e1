/**
 * Yahoo Finance `v8/finance/chart/{symbol}` (unofficial, no key, no SLA). Timestamps are Unix
 * seconds (bar start); `indicators.quote[0]` holds parallel arrays in which a bar without
 * trades is `null`; `meta.gmtoffset` is the exchange's UTC offset *now*. Daily bars are stamped
 * at the session open; they are re-anchored to the exchange's local midnight (through the New
 * York DST rules for America/New_York, `gmtoffset` otherwise) so they line up with other sources.
 * Yahoo serves 1m data only 7 days per request and for the last 30 days; 2m–90m for the last
 * 60 days; 1h for the last 730 days: ranges are split into windows accordingly.
 */
import type { Micros } from '../../core/events.js';
import { restCircuitBreaker } from '../common/circuit-breaker.js';
import { historyBar } from '../common/history-bar.js';
import { HttpClient } from '../common/http-client.js';
import { TokenBucketRateLimiter, type RateLimit } from '../common/rate-limiter.js';
import { receiveMicros } from '../common/receive-clock.js';
import type { SourceBar, SourceLogger } from '../common/source.js';
import { easternDateOf, nextEasternMidnight } from './eastern-time.js';

export const YAHOO_HOST = 'https://query1.finance.yahoo.com';
/** Unofficial endpoint with unpublished limits: stay polite. */
export const YAHOO_RATE_LIMIT: RateLimit = { ratePerSecond: 1, capacity: 2 };

const DAY_S = 86_400;
const YAHOO_INTERVALS: Readonly<Record<string, { interval: string; seconds: number; windowDays: number }>> = {
  '1m': { interval: '1m', seconds: 60, windowDays: 7 },
  '2m': { interval: '2m', seconds: 120, windowDays: 60 },
  '5m': { interval: '5m', seconds: 300, windowDays: 60 },
  '15m': { interval: '15m', seconds: 900, windowDays: 60 },
  '30m': { interval: '30m', seconds: 1_800, windowDays: 60 },
  '1h': { interval: '60m', seconds: 3_600, windowDays: 730 },
  '1d': { interval: '1d', seconds: DAY_S, windowDays: 365 * 50 },
};
export const YAHOO_TIMEFRAMES = Object.keys(YAHOO_INTERVALS);

function intervalOf(timeframe: string): { interval: string; seconds: number; windowDays: number } {
  const entry = YAHOO_INTERVALS[timeframe];
  if (entry === undefined)
    throw new Error(`yahoo: timeframe "${timeframe}" is not supported; use ${YAHOO_TIMEFRAMES.join(', ')}`);
  return entry;
}

export interface YahooChartResult {
  readonly bars: SourceBar[];
  /** Rows whose prices were null (no trades in the interval), skipped. */
  readonly skipped: number;
}

type Json = Record<string, unknown>;

export function parseYahooChart(
  body: unknown,
  symbol: string,
  timeframe: string,
  recv: Micros,
  source = 'yahoo',
): YahooChartResult {
  const chart = (body as { chart?: Json } | null)?.chart;
  if (typeof chart !== 'object' || chart === null) throw new Error(`${source}: response has no "chart"`);
  const error = chart.error as { code?: unknown; description?: unknown } | null | undefined;
  if (error) throw new Error(`${source}: ${String(error.code)}: ${String(error.description)}`);
  const result = Array.isArray(chart.result) ? (chart.result[0] as Json | undefined) : undefined;
  if (result === undefined) throw new Error(`${source}: chart has no result`);
  const meta = (result.meta ?? {}) as Json;
  const timestamps = result.timestamp;
  const quote = ((result.indicators as Json | undefined)?.quote as Json[] | undefined)?.[0] ?? {};
  if (!Array.isArray(timestamps)) return { bars: [], skipped: 0 }; // no data in the range
  const { seconds } = intervalOf(timeframe);
  const daily = timeframe === '1d';
  const newYork = meta.exchangeTimezoneName === 'America/New_York';
  const gmtoffset = typeof meta.gmtoffset === 'number' ? meta.gmtoffset : 0;
  const [open, high, low, close, volume] = (['open', 'high', 'low', 'close', 'volume'] as const).map((name) =>
    Array.isArray(quote[name]) ? (quote[name] as unknown[]) : [],
  ) as [unknown[], unknown[], unknown[], unknown[], unknown[]];
  const series = { source, symbol, timeframe };
  const bars: SourceBar[] = [];
  let skipped = 0;
  for (let i = 0; i < timestamps.length; i++) {
    const t = timestamps[i];
    const o = open[i];
    const h = high[i];
    const l = low[i];
    const c = close[i];
    if (
      typeof t !== 'number' ||
      typeof o !== 'number' ||
      typeof h !== 'number' ||
      typeof l !== 'number' ||
      typeof c !== 'number'
    ) {
      skipped++;
      continue;
    }
    const v = volume[i];
    let start = t * 1_000_000;
    let end = start + seconds * 1_000_000;
    if (daily) {
      if (newYork) {
        start = easternDateOf(start).midnight;
        end = nextEasternMidnight(start);
      } else {
        start = (Math.floor((t + gmtoffset) / DAY_S) * DAY_S - gmtoffset) * 1_000_000;
        end = start + DAY_S * 1_000_000;
      }
    }
    // Indices report no volume; a null volume beside real prices means "none reported".
    const values = { open: o, high: h, low: l, close: c, volume: typeof v === 'number' ? v : 0 };
    bars.push(historyBar(series, start, end, values, recv));
  }
  return { bars, skipped };
}

export interface YahooOptions {
  readonly baseUrl?: string;
  readonly rateLimit?: RateLimit;
  readonly includePrePost?: boolean;
  readonly timeoutMs?: number;
  readonly maxRetries?: number;
  readonly logger?: SourceLogger;
  readonly name?: string;
}

export interface YahooBarsRequest {
  readonly symbol: string;
  readonly timeframe: string;
  readonly from: Micros;
  readonly to: Micros;
}

export class YahooChartClient {
  readonly http: HttpClient;
  private readonly baseUrl: string;
  private readonly name: string;

  constructor(private readonly options: YahooOptions = {}) {
    this.name = options.name ?? 'yahoo';
    this.baseUrl = (options.baseUrl ?? YAHOO_HOST).replace(/\/+$/, '');
    this.http = new HttpClient({
      provider: this.name,
      timeoutMs: options.timeoutMs,
      maxRetries: options.maxRetries,
      rateLimiter: new TokenBucketRateLimiter(options.rateLimit ?? YAHOO_RATE_LIMIT),
      circuitBreaker: restCircuitBreaker(this.name),
      logger: options.logger,
    });
  }

  /** Bars window by window (each within Yahoo's per-request span for the interval), ascending. */
  async *bars(request: YahooBarsRequest, signal?: AbortSignal): AsyncGenerator<SourceBar[]> {
    const { interval, windowDays } = intervalOf(request.timeframe);
    const from = Math.floor(request.from / 1_000_000);
    const to = Math.ceil(request.to / 1_000_000);
    for (let windowStart = from; windowStart < to; windowStart += windowDays * DAY_S) {
      const windowEnd = Math.min(windowStart + windowDays * DAY_S, to);
      const query = new URLSearchParams({
        period1: String(windowStart),
        period2: String(windowEnd),
        interval,
        includePrePost: String(this.options.includePrePost ?? false),
        events: 'div|split',
      });
      const url = `${this.baseUrl}/v8/finance/chart/${encodeURIComponent(request.symbol)}?${query.toString()}`;
      const body = await this.http.getJson(url, { signal });
      const { bars } = parseYahooChart(body, request.symbol, request.timeframe, receiveMicros(), this.name);
      yield bars.filter((bar) => bar.start >= request.from && bar.start < request.to);
    }
  }
}
