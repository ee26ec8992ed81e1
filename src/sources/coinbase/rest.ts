/**
 * Coinbase Exchange historical candles: `GET /products/{id}/candles?granularity&start&end`
 * (public, no key). A request may cover at most 300 candles, so the range is walked in windows
 * of 300 × granularity; rows are `[time_s, low, high, open, close, volume]` (low and high
 * BEFORE open), newest first, and empty intervals are omitted.
 */
import type { Micros } from '../../core/events.js';
import { restCircuitBreaker } from '../common/circuit-breaker.js';
import { numberOrDecimal } from '../common/decimal.js';
import type { GapReport } from '../common/gap-detector.js';
import { historyBar } from '../common/history-bar.js';
import { HttpClient } from '../common/http-client.js';
import { TokenBucketRateLimiter, type RateLimit } from '../common/rate-limiter.js';
import { receiveMicros } from '../common/receive-clock.js';
import type { SourceBar, SourceLogger } from '../common/source.js';

export const COINBASE_HOSTS = {
  stream: 'wss://ws-feed.exchange.coinbase.com',
  sandboxStream: 'wss://ws-feed-public.sandbox.exchange.coinbase.com',
  rest: 'https://api.exchange.coinbase.com',
} as const;

/** Public endpoints: 8 requests/s per IP, burst 20 [CBX rate-limits]. */
export const COINBASE_RATE_LIMITS = {
  public: { ratePerSecond: 8, capacity: 20 },
} as const satisfies Record<string, RateLimit>;

export const COINBASE_MAX_CANDLES = 300;

/** tickwatch timeframe → Coinbase granularity (s); the only six Coinbase accepts. */
export const COINBASE_GRANULARITIES: Readonly<Record<string, number>> = {
  '1m': 60,
  '5m': 300,
  '15m': 900,
  '1h': 3_600,
  '6h': 21_600,
  '1d': 86_400,
};

export function coinbaseGranularity(timeframe: string): number {
  const seconds = COINBASE_GRANULARITIES[timeframe];
  if (seconds === undefined) {
    throw new Error(
      `coinbase: timeframe "${timeframe}" is not supported; candles come in ${Object.keys(COINBASE_GRANULARITIES).join(', ')}`,
    );
  }
  return seconds;
}

export interface CoinbaseCandlesRequest {
  /** Product id, e.g. `BTC-USD`. */
  readonly productId: string;
  readonly timeframe: string;
  /** Bar starts from (inclusive) to (exclusive), µs. */
  readonly from: Micros;
  readonly to: Micros;
}

export interface CoinbaseRestOptions {
  readonly baseUrl?: string;
  readonly rateLimit?: RateLimit;
  readonly timeoutMs?: number;
  readonly maxRetries?: number;
  readonly logger?: SourceLogger;
  readonly name?: string;
}

/** Rows of a candles response → bars in ascending time order. */
export function parseCoinbaseCandles(
  body: unknown,
  productId: string,
  timeframe: string,
  recv: Micros,
  source = 'coinbase',
): SourceBar[] {
  if (!Array.isArray(body)) {
    const message = typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : undefined;
    throw new Error(`${source}: candles response is not an array${message ? `: ${String(message)}` : ''}`);
  }
  const width = coinbaseGranularity(timeframe) * 1_000_000;
  const series = { source, symbol: productId, timeframe };
  const bars: SourceBar[] = [];
  for (const row of body as unknown[]) {
    if (!Array.isArray(row) || typeof row[0] !== 'number') {
      throw new Error(`${source}: malformed candle ${JSON.stringify(row).slice(0, 200)}`);
    }
    const [time, low, high, open, close, volume] = (row as unknown[]).map((value, index) =>
      index === 0 ? (value as number) : numberOrDecimal(value),
    ) as [number, number, number, number, number, number];
    if (Number.isNaN(low + high + open + close + volume)) {
      throw new Error(`${source}: malformed candle ${JSON.stringify(row).slice(0, 200)}`);
    }
    const start = time * 1_000_000;
    bars.push(historyBar(series, start, start + width, { open, high, low, close, volume }, recv));
  }
  return bars.sort((a, b) => a.start - b.start);
}

export class CoinbaseRestClient {
  readonly http: HttpClient;
  private readonly baseUrl: string;
  private readonly name: string;

  constructor(options: CoinbaseRestOptions = {}) {
    this.name = options.name ?? 'coinbase';
    this.baseUrl = (options.baseUrl ?? COINBASE_HOSTS.rest).replace(/\/+$/, '');
    this.http = new HttpClient({
      provider: this.name,
      timeoutMs: options.timeoutMs,
      maxRetries: options.maxRetries,
      rateLimiter: new TokenBucketRateLimiter(options.rateLimit ?? COINBASE_RATE_LIMITS.public),
      circuitBreaker: restCircuitBreaker(this.name),
      logger: options.logger,
    });
  }

  /** Candles window by window (300 candles each), ascending; one yielded page per window. */
  async *candles(request: CoinbaseCandlesRequest, signal?: AbortSignal): AsyncGenerator<SourceBar[]> {
    const granularity = coinbaseGranularity(request.timeframe);
    const width = granularity * 1_000_000;
    const windowWidth = width * COINBASE_MAX_CANDLES;
    const first = Math.ceil(request.from / width) * width;
    for (let windowStart = first; windowStart < request.to; windowStart += windowWidth) {
      const windowEnd = Math.min(windowStart + windowWidth, request.to);
      // `end` is inclusive at Coinbase: ask up to the last candle start inside the window.
      const lastStart = Math.ceil(windowEnd / width) * width - width;
      const query = new URLSearchParams({
        granularity: String(granularity),
        start: isoSeconds(windowStart),
        end: isoSeconds(lastStart),
      });
      const url = `${this.baseUrl}/products/${encodeURIComponent(request.productId)}/candles?${query.toString()}`;
      const body = await this.http.getJson(url, { signal });
      const bars = parseCoinbaseCandles(body, request.productId, request.timeframe, receiveMicros(), this.name);
      yield bars.filter((bar) => bar.start >= windowStart && bar.start < windowEnd);
    }
  }
}

function isoSeconds(micros: Micros): string {
  return new Date(Math.floor(micros / 1_000)).toISOString().replace('.000Z', 'Z');
}

/** A GapFiller fetch for Coinbase gaps: 1m candles covering the gap. */
export function coinbaseGapFetch(
  client: CoinbaseRestClient,
  timeframe = '1m',
): (gap: GapReport, signal: AbortSignal) => AsyncIterable<SourceBar[]> {
  return (gap, signal) => {
    const width = coinbaseGranularity(timeframe) * 1_000_000;
    return client.candles(
      { productId: gap.symbol, timeframe, from: Math.floor(gap.from / width) * width, to: gap.to + 1 },
      signal,
    );
  };
}
