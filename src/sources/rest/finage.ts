/**
 * Finage US-stock history (finage.co.uk/docs, "Stock Market Aggregates API"; FEEDS.md §7 has
 * only the base URL): `GET /agg/stock/{symbol}/{multiply}/{time}/{from}/{to}?apikey&limit&sort`
 * with time one of minute|hour|day|…, from/to dates `YYYY-MM-DD`, limit ≤ 50000 (default 100),
 * → `{symbol, totalResults, results: [{o, h, l, c, v, t}]}`, `t` the bar's start in Unix ms
 * (the documented daily example stamps 05:00 UTC = New York midnight). Not documented, so
 * handled defensively: pagination (none: a full window is re-asked from its last bar's day),
 * the error body (quoted if it has `error` or `message`), rate limits (a conservative bucket).
 */
import type { Micros } from '../../core/events.js';
import { resolveApiKey } from '../common/api-keys.js';
import { restCircuitBreaker } from '../common/circuit-breaker.js';
import { historyBar } from '../common/history-bar.js';
import { HttpClient } from '../common/http-client.js';
import { SecretRedactor } from '../common/mask.js';
import { TokenBucketRateLimiter, type RateLimit } from '../common/rate-limiter.js';
import { receiveMicros } from '../common/receive-clock.js';
import type { SourceBar, SourceLogger } from '../common/source.js';
import { easternDateOf, nextEasternMidnight } from './eastern-time.js';

export const FINAGE_HOST = 'https://api.finage.co.uk';

/** Finage publishes no request rate for REST; one request a second, bursts of 5 (VERIFY for your plan). */
export const FINAGE_PLANS = {
  standard: { ratePerSecond: 1, capacity: 5 },
} as const satisfies Record<string, RateLimit>;

/** The documented maximum `limit`. */
export const FINAGE_MAX_RESULTS = 50_000;

const MINUTE = 60_000_000;
const INTERVALS: Readonly<Record<string, { multiply: number; time: string; micros: Micros; windowDays: number }>> = {
  // Window sizes keep a request well under 50000 bars even with 04:00–20:00 extended hours.
  '1m': { multiply: 1, time: 'minute', micros: MINUTE, windowDays: 30 },
  '5m': { multiply: 5, time: 'minute', micros: 5 * MINUTE, windowDays: 150 },
  '15m': { multiply: 15, time: 'minute', micros: 15 * MINUTE, windowDays: 366 },
  '30m': { multiply: 30, time: 'minute', micros: 30 * MINUTE, windowDays: 366 },
  '1h': { multiply: 1, time: 'hour', micros: 60 * MINUTE, windowDays: 366 },
  '4h': { multiply: 4, time: 'hour', micros: 240 * MINUTE, windowDays: 366 },
  '1d': { multiply: 1, time: 'day', micros: 1_440 * MINUTE, windowDays: 3_660 },
};
export const FINAGE_TIMEFRAMES = Object.keys(INTERVALS);

function intervalOf(timeframe: string): { multiply: number; time: string; micros: Micros; windowDays: number } {
  const entry = INTERVALS[timeframe];
  if (entry === undefined) {
    throw new Error(`finage: timeframe "${timeframe}" is not supported; use ${FINAGE_TIMEFRAMES.join(', ')}`);
  }
  return entry;
}

function refusal(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const { error, message } = body as Record<string, unknown>;
  if (typeof error === 'string') return error;
  if (typeof message === 'string') return message;
  return null;
}

/** Parses one aggregates response into bars, ascending; throws on a refusal or a malformed row. */
export function parseFinageAggregates(
  body: unknown,
  symbol: string,
  timeframe: string,
  recv: Micros,
  source = 'finage',
): SourceBar[] {
  const results = (body as Record<string, unknown> | null)?.results;
  if (!Array.isArray(results)) {
    const message = refusal(body);
    throw new Error(`${source}: ${message !== null ? `refused: "${message}"` : 'response has no results array'}`);
  }
  const { micros } = intervalOf(timeframe);
  const series = { source, symbol, timeframe };
  const bars: SourceBar[] = [];
  for (const row of results as Record<string, unknown>[]) {
    const { o, h, l, c, v, t } = row ?? {};
    const numeric = [o, h, l, c, v].every((x) => typeof x === 'number' && Number.isFinite(x));
    if (typeof t !== 'number' || !Number.isSafeInteger(t) || !numeric) {
      throw new Error(`${source}: malformed bar ${JSON.stringify(row).slice(0, 200)}`);
    }
    const start = t * 1_000;
    const values = { open: o as number, high: h as number, low: l as number, close: c as number, volume: v as number };
    bars.push(historyBar(series, start, start + micros, values, recv));
  }
  return bars.sort((a, b) => a.start - b.start);
}

export interface FinageOptions {
  /** Else FINAGE_API_KEY from the environment. */
  readonly apiKey?: string;
  readonly baseUrl?: string;
  readonly plan?: keyof typeof FINAGE_PLANS;
  /** Rows asked for per request (≤ 50000); tests make it small to exercise a full window. */
  readonly limit?: number;
  readonly timeoutMs?: number;
  readonly maxRetries?: number;
  readonly logger?: SourceLogger;
  readonly environment?: Readonly<Record<string, string | undefined>>;
  readonly name?: string;
}

export interface FinageBarsRequest {
  readonly symbol: string;
  readonly timeframe: string;
  readonly from: Micros;
  readonly to: Micros;
}

const DAY = 86_400_000_000;

export class FinageClient {
  readonly http: HttpClient;
  private readonly apiKey: string;
  private readonly baseUrl: string;
  private readonly name: string;
  private readonly limit: number;

  constructor(options: FinageOptions = {}) {
    this.name = options.name ?? 'finage';
    this.apiKey = resolveApiKey('finage', options.apiKey, ['FINAGE_API_KEY'], options.environment);
    this.baseUrl = (options.baseUrl ?? FINAGE_HOST).replace(/\/+$/, '');
    this.limit = options.limit ?? FINAGE_MAX_RESULTS;
    if (!Number.isInteger(this.limit) || this.limit < 2 || this.limit > FINAGE_MAX_RESULTS) {
      throw new Error(`finage: limit ${this.limit} must be an integer from 2 to ${FINAGE_MAX_RESULTS}`);
    }
    this.http = new HttpClient({
      provider: this.name,
      timeoutMs: options.timeoutMs,
      maxRetries: options.maxRetries,
      rateLimiter: new TokenBucketRateLimiter(FINAGE_PLANS[options.plan ?? 'standard']),
      circuitBreaker: restCircuitBreaker(this.name),
      redactor: new SecretRedactor([this.apiKey]),
      logger: options.logger,
    });
  }

  /**
   * Bars whose start is in [from, to), window by window (whole New York days, both dates
   * inclusive), ascending. A response that fills `limit` may have been cut short: the same
   * window is asked again from the New York day of its last bar, keeping only later bars.
   */
  async *bars(request: FinageBarsRequest, signal?: AbortSignal): AsyncGenerator<SourceBar[]> {
    const { multiply, time, windowDays } = intervalOf(request.timeframe);
    const symbol = encodeURIComponent(request.symbol);
    let windowStart = easternDateOf(request.from).midnight;
    let lastStart = Number.NEGATIVE_INFINITY;
    while (windowStart < request.to) {
      const lastDay = Math.min(windowStart + (windowDays - 1) * DAY, request.to - 1);
      const from = easternDateOf(windowStart).date;
      const to = easternDateOf(lastDay).date;
      const query = new URLSearchParams({ apikey: this.apiKey, limit: String(this.limit), sort: 'asc' });
      const url = `${this.baseUrl}/agg/stock/${symbol}/${multiply}/${time}/${from}/${to}?${query.toString()}`;
      const body = await this.http.getJson(url, { signal });
      const bars = parseFinageAggregates(body, request.symbol, request.timeframe, receiveMicros(), this.name);
      const fresh = bars.filter((bar) => bar.start > lastStart && bar.start >= request.from && bar.start < request.to);
      if (fresh.length > 0) lastStart = (fresh[fresh.length - 1] as SourceBar).start;
      yield fresh;
      const last = bars[bars.length - 1];
      if (bars.length >= this.limit && last !== undefined) {
        const resume = easternDateOf(last.start).midnight;
        // A single day with `limit` bars cannot be walked by dates: say so instead of looping.
        if (resume <= windowStart) {
          throw new Error(
            `${this.name}: ${request.symbol} ${from} has ${bars.length}+ bars, more than one request returns; ` +
              'use a coarser --timeframe',
          );
        }
        windowStart = resume;
        continue;
      }
      // Next window starts at the New York midnight after the last day asked for.
      windowStart = nextEasternMidnight(lastDay);
    }
  }
}
