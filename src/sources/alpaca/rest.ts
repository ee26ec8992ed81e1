/**
 * Alpaca historical bars: `GET /v2/stocks/bars?symbols=…` (keys in APCA-API-* headers) and
 * `GET /v1beta3/crypto/{loc}/bars?symbols=…` (no key needed; keys only raise the limit).
 * Pages are chained by `next_page_token` until it is null, with a loop guard.
 */
import type { Micros } from '../../core/events.js';
import { restCircuitBreaker } from '../common/circuit-breaker.js';
import { HttpClient, paginate } from '../common/http-client.js';
import { SecretRedactor } from '../common/mask.js';
import { TokenBucketRateLimiter, type RateLimit } from '../common/rate-limiter.js';
import { receiveMicros } from '../common/receive-clock.js';
import type { GapReport } from '../common/gap-detector.js';
import type { SourceBar, SourceLogger } from '../common/source.js';
import { microsFromRfc3339OrNaN } from '../common/timestamps.js';
import { alpacaBar } from './parse.js';
import { ALPACA_HOSTS, type AlpacaCryptoLocation } from './urls.js';

/** Basic plan 200 requests/min; Algo Trader Plus 10,000/min (secondary source: VERIFY). */
export const ALPACA_RATE_LIMITS = {
  basic: { ratePerSecond: 200 / 60, capacity: 200 },
  algoTraderPlus: { ratePerSecond: 10_000 / 60, capacity: 1_000 },
} as const satisfies Record<string, RateLimit>;

const TIMEFRAMES: Record<string, { alpaca: string; micros: Micros }> = {};
for (const minutes of [1, 2, 3, 5, 10, 15, 20, 30]) {
  TIMEFRAMES[`${minutes}m`] = { alpaca: `${minutes}Min`, micros: minutes * 60_000_000 };
}
for (const hours of [1, 2, 3, 4, 6, 12])
  TIMEFRAMES[`${hours}h`] = { alpaca: `${hours}Hour`, micros: hours * 3_600_000_000 };
TIMEFRAMES['1d'] = { alpaca: '1Day', micros: 86_400_000_000 };

/** tickwatch timeframe label → Alpaca's (`5m` → `5Min`, `1h` → `1Hour`, `1d` → `1Day`). */
export function alpacaTimeframe(label: string): { alpaca: string; micros: Micros } {
  const timeframe = TIMEFRAMES[label];
  if (timeframe === undefined) {
    throw new Error(`alpaca: timeframe "${label}" is not supported; use one of ${Object.keys(TIMEFRAMES).join(', ')}`);
  }
  return timeframe;
}

export interface AlpacaBarsRequest {
  readonly symbols: readonly string[];
  /** tickwatch label: 1m, 5m, 15m, 1h, 1d, … */
  readonly timeframe: string;
  readonly start: Micros;
  readonly end: Micros;
  /** Stocks only: iex (free), sip, otc. */
  readonly feed?: 'iex' | 'sip' | 'otc';
  readonly adjustment?: 'raw' | 'split' | 'dividend' | 'all';
  /** 1–10000 bars per page (default 10000). */
  readonly limit?: number;
}

export interface AlpacaRestOptions {
  /** Required for stocks; optional for crypto. */
  readonly keyId?: string;
  readonly secretKey?: string;
  readonly baseUrl?: string;
  readonly rateLimit?: RateLimit;
  readonly timeoutMs?: number;
  readonly maxRetries?: number;
  readonly maxPages?: number;
  readonly logger?: SourceLogger;
  readonly name?: string;
}

/** One page of a bars response → bars (all symbols) and the next page token. */
export function parseAlpacaBars(
  body: unknown,
  timeframe: string,
  recv: Micros,
  source = 'alpaca',
): { bars: SourceBar[]; next: string | null } {
  if (typeof body !== 'object' || body === null) throw new Error(`${source}: bars response is not an object`);
  const response = body as { bars?: unknown; next_page_token?: unknown };
  const { micros } = alpacaTimeframe(timeframe);
  const bars: SourceBar[] = [];
  const bySymbol = response.bars ?? {};
  if (typeof bySymbol !== 'object' || bySymbol === null || Array.isArray(bySymbol)) {
    throw new Error(`${source}: bars is not an object keyed by symbol`);
  }
  for (const [symbol, rows] of Object.entries(bySymbol as Record<string, unknown>)) {
    if (!Array.isArray(rows)) throw new Error(`${source}: bars of ${symbol} is not an array`);
    for (const row of rows as Record<string, unknown>[]) {
      const start = typeof row.t === 'string' ? microsFromRfc3339OrNaN(row.t) : Number.NaN;
      const numeric = [row.o, row.h, row.l, row.c, row.v].every((x) => typeof x === 'number' && Number.isFinite(x));
      if (Number.isNaN(start) || !numeric) {
        throw new Error(`${source}: malformed bar ${JSON.stringify(row).slice(0, 200)}`);
      }
      bars.push(alpacaBar(symbol, timeframe, start, micros, row, 'final', recv, source));
    }
  }
  const token = response.next_page_token;
  return { bars, next: typeof token === 'string' && token.length > 0 ? token : null };
}

export class AlpacaRestClient {
  readonly http: HttpClient;
  private readonly baseUrl: string;
  private readonly name: string;

  constructor(private readonly options: AlpacaRestOptions = {}) {
    this.name = options.name ?? 'alpaca';
    this.baseUrl = (options.baseUrl ?? ALPACA_HOSTS.data).replace(/\/+$/, '');
    const headers: Record<string, string> = {};
    if (options.keyId && options.secretKey) {
      headers['APCA-API-KEY-ID'] = options.keyId;
      headers['APCA-API-SECRET-KEY'] = options.secretKey;
    }
    this.http = new HttpClient({
      provider: this.name,
      headers,
      timeoutMs: options.timeoutMs,
      maxRetries: options.maxRetries,
      rateLimiter: new TokenBucketRateLimiter(options.rateLimit ?? ALPACA_RATE_LIMITS.basic),
      circuitBreaker: restCircuitBreaker(this.name),
      redactor: new SecretRedactor([options.keyId, options.secretKey]),
      logger: options.logger,
    });
  }

  /** Stock bars, page by page. */
  stockBars(request: AlpacaBarsRequest, signal?: AbortSignal): AsyncGenerator<SourceBar[]> {
    if (!this.options.keyId || !this.options.secretKey) {
      throw new Error('alpaca: stock bars need keyId and secretKey (ALPACA_API_KEY_ID, ALPACA_API_SECRET_KEY)');
    }
    const query = this.query(request);
    query.set('feed', request.feed ?? 'iex');
    query.set('adjustment', request.adjustment ?? 'raw');
    return this.pages(`${this.baseUrl}/v2/stocks/bars`, query, request.timeframe, signal);
  }

  /** Crypto bars (`BTC/USD`), page by page. */
  cryptoBars(
    request: AlpacaBarsRequest,
    location: AlpacaCryptoLocation = 'us',
    signal?: AbortSignal,
  ): AsyncGenerator<SourceBar[]> {
    return this.pages(
      `${this.baseUrl}/v1beta3/crypto/${location}/bars`,
      this.query(request),
      request.timeframe,
      signal,
    );
  }

  private query(request: AlpacaBarsRequest): URLSearchParams {
    return new URLSearchParams({
      symbols: request.symbols.join(','),
      timeframe: alpacaTimeframe(request.timeframe).alpaca,
      start: new Date(Math.floor(request.start / 1_000)).toISOString(),
      end: new Date(Math.floor(request.end / 1_000)).toISOString(),
      limit: String(request.limit ?? 10_000),
      sort: 'asc',
    });
  }

  private async *pages(
    endpoint: string,
    query: URLSearchParams,
    timeframe: string,
    signal?: AbortSignal,
  ): AsyncGenerator<SourceBar[]> {
    yield* paginate(
      this.name,
      async (token) => {
        const pageQuery = new URLSearchParams(query);
        if (token !== null) pageQuery.set('page_token', token);
        const body = await this.http.getJson(`${endpoint}?${pageQuery.toString()}`, { signal });
        const page = parseAlpacaBars(body, timeframe, receiveMicros(), this.name);
        return { items: page.bars, next: page.next };
      },
      { maxPages: this.options.maxPages },
    );
  }
}

/** A GapFiller fetch for Alpaca gaps: bars of `timeframe` covering the gap (stocks or crypto). */
export function alpacaGapFetch(
  client: AlpacaRestClient,
  kind: 'stocks' | 'crypto',
  timeframe = '1m',
): (gap: GapReport, signal: AbortSignal) => AsyncIterable<SourceBar[]> {
  return (gap, signal) => {
    const width = alpacaTimeframe(timeframe).micros;
    const request = { symbols: [gap.symbol], timeframe, start: Math.floor(gap.from / width) * width, end: gap.to };
    return kind === 'stocks' ? client.stockBars(request, signal) : client.cryptoBars(request, 'us', signal);
  };
}
