/**
 * Binance Spot historical klines: `GET /api/v3/klines?symbol&interval&startTime&endTime&limit`
 * (no key). At most 1000 rows per request; the next page starts one ms after the last row's
 * open time. Request weight is 2 per call against 6,000 per minute per IP, so the token bucket
 * counts requests of weight 2 (3,000 per minute), with a small burst.
 */
import type { Micros } from '../../core/events.js';
import { restCircuitBreaker } from '../common/circuit-breaker.js';
import { HttpClient, HttpError, paginate } from '../common/http-client.js';
import { TokenBucketRateLimiter, type RateLimit } from '../common/rate-limiter.js';
import { receiveMicros } from '../common/receive-clock.js';
import type { GapReport } from '../common/gap-detector.js';
import { parseDecimalOrNaN } from '../common/decimal.js';
import type { SourceBar, SourceLogger } from '../common/source.js';
import { binanceInterval } from './parse.js';

export const BINANCE_HOSTS = {
  stream: 'wss://stream.binance.com:9443',
  /** Market-data-only host. */
  dataStream: 'wss://data-stream.binance.vision',
  rest: 'https://api.binance.com',
  dataRest: 'https://data-api.binance.vision',
} as const;

const KLINES_WEIGHT = 2;
const WEIGHT_PER_MINUTE = 6_000;

export const BINANCE_RATE_LIMITS = {
  /** Klines requests: 6,000 weight/min ÷ weight 2, burst 50. */
  klines: { ratePerSecond: WEIGHT_PER_MINUTE / KLINES_WEIGHT / 60, capacity: 50 },
} as const satisfies Record<string, RateLimit>;

export const BINANCE_MAX_KLINES = 1_000;

export interface BinanceKlinesRequest {
  /** Uppercase pair, e.g. `BTCUSDT`. */
  readonly symbol: string;
  /** tickwatch timeframe label (1s, 1m, 5m, 1h, 1d, …). */
  readonly timeframe: string;
  /** Bar starts from (inclusive) to (exclusive), µs. */
  readonly from: Micros;
  readonly to: Micros;
  readonly limit?: number;
}

export interface BinanceRestOptions {
  readonly baseUrl?: string;
  readonly rateLimit?: RateLimit;
  readonly timeoutMs?: number;
  readonly maxRetries?: number;
  readonly maxPages?: number;
  readonly logger?: SourceLogger;
  readonly name?: string;
}

/** Rows of a klines response → bars (closed ones only: a row whose window has not ended is partial). */
export function parseBinanceKlines(
  body: unknown,
  symbol: string,
  timeframe: string,
  recv: Micros,
  source = 'binance',
): SourceBar[] {
  if (!Array.isArray(body))
    throw new Error(`${source}: klines response is not an array: ${JSON.stringify(body).slice(0, 200)}`);
  const bars: SourceBar[] = [];
  for (const row of body as unknown[]) {
    if (!Array.isArray(row) || typeof row[0] !== 'number' || typeof row[6] !== 'number') {
      throw new Error(`${source}: malformed kline row ${JSON.stringify(row).slice(0, 200)}`);
    }
    const [openTime, o, h, l, c, v, closeTime, q, n] = row as [
      number,
      unknown,
      unknown,
      unknown,
      unknown,
      unknown,
      number,
      unknown,
      unknown,
    ];
    const open = parseDecimalOrNaN(o);
    const high = parseDecimalOrNaN(h);
    const low = parseDecimalOrNaN(l);
    const close = parseDecimalOrNaN(c);
    const volume = parseDecimalOrNaN(v);
    const quoteVolume = parseDecimalOrNaN(q);
    if (Number.isNaN(open + high + low + close + volume)) {
      throw new Error(`${source}: malformed kline row ${JSON.stringify(row).slice(0, 200)}`);
    }
    const end = (closeTime + 1) * 1_000;
    bars.push({
      type: 'source.bar',
      source,
      symbol,
      timeframe,
      start: openTime * 1_000,
      end,
      open,
      high,
      low,
      close,
      volume,
      vwap: volume > 0 && quoteVolume >= 0 ? quoteVolume / volume : Number.NaN,
      trades: typeof n === 'number' ? n : Number.NaN,
      revision: end <= recv ? 'final' : 'partial',
      tsRecv: recv,
    });
  }
  return bars;
}

export class BinanceRestClient {
  readonly http: HttpClient;
  private readonly baseUrl: string;
  private readonly name: string;

  constructor(private readonly options: BinanceRestOptions = {}) {
    this.name = options.name ?? 'binance';
    this.baseUrl = (options.baseUrl ?? BINANCE_HOSTS.rest).replace(/\/+$/, '');
    this.http = new HttpClient({
      provider: this.name,
      timeoutMs: options.timeoutMs,
      maxRetries: options.maxRetries,
      rateLimiter: new TokenBucketRateLimiter(options.rateLimit ?? BINANCE_RATE_LIMITS.klines),
      circuitBreaker: restCircuitBreaker(this.name),
      logger: options.logger,
    });
  }

  /** Klines page by page, paginating by startTime = last open time + 1 ms. */
  async *klines(request: BinanceKlinesRequest, signal?: AbortSignal): AsyncGenerator<SourceBar[]> {
    const { interval } = binanceInterval(request.timeframe);
    const limit = Math.min(request.limit ?? BINANCE_MAX_KLINES, BINANCE_MAX_KLINES);
    const endMs = Math.floor(request.to / 1_000) - 1;
    yield* paginate(
      this.name,
      async (cursor) => {
        const startMs = cursor === null ? Math.ceil(request.from / 1_000) : Number(cursor);
        const query = new URLSearchParams({
          symbol: request.symbol.toUpperCase(),
          interval,
          startTime: String(startMs),
          endTime: String(endMs),
          limit: String(limit),
        });
        const body = await this.get(`${this.baseUrl}/api/v3/klines?${query.toString()}`, signal);
        const bars = parseBinanceKlines(
          body,
          request.symbol.toUpperCase(),
          request.timeframe,
          receiveMicros(),
          this.name,
        );
        const last = bars[bars.length - 1];
        const nextMs = last === undefined ? Number.NaN : last.start / 1_000 + 1;
        const done = bars.length < limit || !(nextMs <= endMs);
        return { items: bars, next: done ? null : String(nextMs) };
      },
      { maxPages: this.options.maxPages },
    );
  }

  private async get(url: string, signal?: AbortSignal): Promise<unknown> {
    try {
      return await this.http.getJson(url, { signal });
    } catch (error) {
      if (error instanceof HttpError && BINANCE_STATUS_HINTS[error.status] !== undefined) {
        throw new HttpError(
          `${error.message} (${BINANCE_STATUS_HINTS[error.status]})`,
          error.status,
          error.url,
          error.body,
        );
      }
      throw error;
    }
  }
}

const BINANCE_STATUS_HINTS: Readonly<Record<number, string>> = {
  418: 'this IP is banned for ignoring 429s; wait for the ban to expire (2 min to 3 days)',
  403: 'blocked by the web application firewall',
  451: 'Binance refuses requests from this location (US IPs get 451; Binance.US is a separate venue)',
};

/** A GapFiller fetch for Binance gaps: 1m klines covering the gap. */
export function binanceGapFetch(
  client: BinanceRestClient,
  timeframe = '1m',
): (gap: GapReport, signal: AbortSignal) => AsyncIterable<SourceBar[]> {
  return (gap, signal) => {
    const width = binanceInterval(timeframe).micros;
    return client.klines(
      { symbol: gap.symbol, timeframe, from: Math.floor(gap.from / width) * width, to: gap.to + 1 },
      signal,
    );
  };
}
