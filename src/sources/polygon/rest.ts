/**
 * Polygon/Massive REST aggregates (`/v2/aggs/ticker/{ticker}/range/{multiplier}/{timespan}/{from}/{to}`)
 * for backfill and gap-fill. Follows `next_url` cursors: the cursor URL is re-pointed at the
 * configured host (so the key is never sent anywhere else) and auth is re-attached, since the
 * provider's cursor carries none. A repeated cursor stops the loop (polygon-io issue #289).
 */
import type { Micros } from '../../core/events.js';
import { restCircuitBreaker } from '../common/circuit-breaker.js';
import { HttpClient } from '../common/http-client.js';
import { paginate } from '../common/http-client.js';
import { SecretRedactor } from '../common/mask.js';
import { TokenBucketRateLimiter, type RateLimit } from '../common/rate-limiter.js';
import { receiveMicros } from '../common/receive-clock.js';
import type { GapReport } from '../common/gap-detector.js';
import type { SourceBar, SourceLogger } from '../common/source.js';
import { POLYGON_HOSTS, type PolygonCluster } from './clusters.js';

export type PolygonTimespan = 'second' | 'minute' | 'hour' | 'day';

const TIMESPAN_MICROS: Readonly<Record<PolygonTimespan, number>> = {
  second: 1_000_000,
  minute: 60_000_000,
  hour: 3_600_000_000,
  day: 86_400_000_000,
};
const TIMESPAN_UNIT: Readonly<Record<PolygonTimespan, string>> = { second: 's', minute: 'm', hour: 'h', day: 'd' };

export interface PolygonAggregatesRequest {
  /** REST ticker: `AAPL`, `X:BTCUSD`, `C:EURUSD`, `I:SPX`, `O:…`. */
  readonly ticker: string;
  /** Symbol stamped on the bars (default: the ticker); use the WebSocket symbol to match live bars. */
  readonly symbol?: string;
  readonly multiplier: number;
  readonly timespan: PolygonTimespan;
  /** Bar starts from..to inclusive, µs (sent as Unix ms). */
  readonly from: Micros;
  readonly to: Micros;
  readonly adjusted?: boolean;
  /** Base aggregates scanned per page (default 50000, the maximum). */
  readonly limit?: number;
}

export interface PolygonRestOptions {
  readonly apiKey: string;
  readonly baseUrl?: string;
  /** `header` (Authorization: Bearer, as the Go client) or `query` (?apiKey=). */
  readonly auth?: 'header' | 'query';
  /** Free tier: 5 requests/min; paid tiers: stay under ~100 requests/s. */
  readonly rateLimit?: RateLimit;
  readonly timeoutMs?: number;
  readonly maxRetries?: number;
  readonly maxPages?: number;
  readonly logger?: SourceLogger;
  readonly fetch?: typeof fetch;
  readonly name?: string;
}

export const POLYGON_RATE_LIMITS = {
  free: { ratePerSecond: 5 / 60, capacity: 5 },
  paid: { ratePerSecond: 100, capacity: 100 },
} as const satisfies Record<string, RateLimit>;

/** Bars of one aggregates response page, and the cursor (null on the last page). */
export function parsePolygonAggregates(
  body: unknown,
  symbol: string,
  multiplier: number,
  timespan: PolygonTimespan,
  recv: Micros,
  source = 'polygon',
): { bars: SourceBar[]; next: string | null } {
  if (typeof body !== 'object' || body === null) throw new Error(`${source}: aggregates response is not an object`);
  const response = body as Record<string, unknown>;
  if (response.status === 'ERROR' || response.status === 'NOT_AUTHORIZED') {
    throw new Error(`${source}: aggregates error: ${String(response.error ?? response.message ?? response.status)}`);
  }
  const results = response.results ?? [];
  if (!Array.isArray(results)) throw new Error(`${source}: aggregates results is not an array`);
  const width = multiplier * TIMESPAN_MICROS[timespan];
  const timeframe = `${multiplier}${TIMESPAN_UNIT[timespan]}`;
  const bars: SourceBar[] = [];
  for (const row of results as Record<string, unknown>[]) {
    const { o, h, l, c, v, t } = row;
    if (![o, h, l, c, v, t].every((x) => typeof x === 'number' && Number.isFinite(x))) {
      throw new Error(`${source}: malformed aggregate row ${JSON.stringify(row).slice(0, 200)}`);
    }
    const start = (t as number) * 1_000;
    bars.push({
      type: 'source.bar',
      source,
      symbol,
      timeframe,
      start,
      // Daily bars start at midnight New York time; their end is the nominal 24 h later.
      end: start + width,
      open: o as number,
      high: h as number,
      low: l as number,
      close: c as number,
      volume: v as number,
      vwap: typeof row.vw === 'number' ? row.vw : Number.NaN,
      trades: typeof row.n === 'number' ? row.n : Number.NaN,
      revision: 'final',
      tsRecv: recv,
    });
  }
  const next = typeof response.next_url === 'string' && response.next_url.length > 0 ? response.next_url : null;
  return { bars, next };
}

export class PolygonRestClient {
  readonly http: HttpClient;
  private readonly baseUrl: string;
  private readonly name: string;

  constructor(private readonly options: PolygonRestOptions) {
    if (!options.apiKey) throw new Error('polygon: an API key is required for REST (POLYGON_API_KEY)');
    this.name = options.name ?? 'polygon';
    this.baseUrl = (options.baseUrl ?? POLYGON_HOSTS.rest).replace(/\/+$/, '');
    this.http = new HttpClient({
      provider: this.name,
      timeoutMs: options.timeoutMs,
      maxRetries: options.maxRetries,
      headers: options.auth === 'query' ? {} : { authorization: `Bearer ${options.apiKey}` },
      rateLimiter: new TokenBucketRateLimiter(options.rateLimit ?? POLYGON_RATE_LIMITS.paid),
      circuitBreaker: restCircuitBreaker(this.name),
      redactor: new SecretRedactor([options.apiKey]),
      logger: options.logger,
      fetch: options.fetch,
    });
  }

  /** Yields the bars page by page (so a backfill can store and checkpoint each page). */
  async *aggregates(request: PolygonAggregatesRequest, signal?: AbortSignal): AsyncGenerator<SourceBar[]> {
    const from = Math.floor(request.from / 1_000);
    const to = Math.floor(request.to / 1_000);
    const query = new URLSearchParams({
      adjusted: String(request.adjusted ?? true),
      sort: 'asc',
      limit: String(request.limit ?? 50_000),
    });
    const first = `${this.baseUrl}/v2/aggs/ticker/${encodeURIComponent(request.ticker)}/range/${request.multiplier}/${request.timespan}/${from}/${to}?${query.toString()}`;
    const symbol = request.symbol ?? request.ticker;
    yield* paginate(
      this.name,
      async (cursor) => {
        const body = await this.http.getJson(this.authorised(cursor ?? first), { signal });
        const page = parsePolygonAggregates(
          body,
          symbol,
          request.multiplier,
          request.timespan,
          receiveMicros(),
          this.name,
        );
        return { items: page.bars, next: page.next };
      },
      { maxPages: this.options.maxPages },
    );
  }

  /** All bars of the range in one array. */
  async fetchAggregates(request: PolygonAggregatesRequest, signal?: AbortSignal): Promise<SourceBar[]> {
    const bars: SourceBar[] = [];
    for await (const page of this.aggregates(request, signal)) bars.push(...page);
    return bars;
  }

  /** Points a (cursor) URL at the configured host and adds the key when auth is by query. */
  private authorised(url: string): string {
    const parsed = new URL(url, this.baseUrl);
    const target = new URL(`${this.baseUrl}${parsed.pathname}${parsed.search}`);
    if (this.options.auth === 'query') target.searchParams.set('apiKey', this.options.apiKey);
    return target.toString();
  }
}

/**
 * A GapFiller fetch for Polygon gaps: minute aggregates covering the gap, with the REST ticker
 * derived from the cluster the gap was seen on (`BTC-USD` on crypto → `X:BTCUSD`).
 */
export function polygonGapFetch(
  client: PolygonRestClient,
  tickerFor: (cluster: PolygonCluster, symbol: string) => string,
): (gap: GapReport, signal: AbortSignal) => AsyncIterable<SourceBar[]> {
  return (gap, signal) => {
    const minute = TIMESPAN_MICROS.minute;
    return client.aggregates(
      {
        ticker: tickerFor((gap.stream ?? 'stocks') as PolygonCluster, gap.symbol),
        symbol: gap.symbol,
        multiplier: 1,
        timespan: 'minute',
        from: Math.floor(gap.from / minute) * minute,
        to: gap.to,
      },
      signal,
    );
  };
}
