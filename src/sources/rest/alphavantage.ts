/**
 * Alpha Vantage `TIME_SERIES_INTRADAY` (one calendar month per request via `month=YYYY-MM`) and
 * `TIME_SERIES_DAILY`. Keys are naive US/Eastern wall-clock strings (bar start, newest first);
 * every value is a string. Refusals come back as HTTP 200 with `Information` (today: 25
 * requests/day on free keys) or `Note` (older per-minute wording) or `Error Message`: they are
 * detected and explained instead of being parsed as an empty series.
 */
import type { Micros } from '../../core/events.js';
import { resolveApiKey } from '../common/api-keys.js';
import { restCircuitBreaker } from '../common/circuit-breaker.js';
import { parseDecimalOrNaN } from '../common/decimal.js';
import { historyBar } from '../common/history-bar.js';
import { HttpClient } from '../common/http-client.js';
import { SecretRedactor } from '../common/mask.js';
import { TokenBucketRateLimiter, type RateLimit } from '../common/rate-limiter.js';
import { receiveMicros } from '../common/receive-clock.js';
import type { SourceBar, SourceLogger } from '../common/source.js';
import { easternDateOf, easternWallToMicros, nextEasternMidnight } from './eastern-time.js';

export const ALPHA_VANTAGE_HOST = 'https://www.alphavantage.co';

/** Free keys: 25 requests/day and about 1 request/s; premium plans from 75/min. */
export const ALPHA_VANTAGE_PLANS = {
  free: { perSecond: { ratePerSecond: 1, capacity: 1 }, perDay: { ratePerSecond: 25 / 86_400, capacity: 25 } },
  premium: { perSecond: { ratePerSecond: 75 / 60, capacity: 5 }, perDay: null },
} as const satisfies Record<string, { perSecond: RateLimit; perDay: RateLimit | null }>;

const INTRADAY: Readonly<Record<string, { interval: string; micros: Micros }>> = {
  '1m': { interval: '1min', micros: 60_000_000 },
  '5m': { interval: '5min', micros: 300_000_000 },
  '15m': { interval: '15min', micros: 900_000_000 },
  '30m': { interval: '30min', micros: 1_800_000_000 },
  '1h': { interval: '60min', micros: 3_600_000_000 },
};
export const ALPHA_VANTAGE_TIMEFRAMES = [...Object.keys(INTRADAY), '1d'] as const;

/** A refusal sent with HTTP 200 (`Information`, `Note`, `Error Message`). */
export class AlphaVantageError extends Error {
  constructor(
    message: string,
    /** `rate_limit`: the daily or per-second budget is spent; `request`: a bad call or key. */
    readonly kind: 'rate_limit' | 'request',
  ) {
    super(message);
    this.name = 'AlphaVantageError';
  }
}

/** Throws AlphaVantageError when the body is a refusal instead of data. */
export function assertAlphaVantageData(body: unknown, source = 'alphavantage'): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AlphaVantageError(`${source}: response is not a JSON object`, 'request');
  }
  const response = body as Record<string, unknown>;
  const notice = response.Information ?? response.Note;
  if (typeof notice === 'string' && !Object.keys(response).some((k) => k.startsWith('Time Series'))) {
    const rateLimited = /rate limit|requests per day|call frequency|calls per minute|premium/i.test(notice);
    throw new AlphaVantageError(
      rateLimited
        ? `${source}: Alpha Vantage refused the request because the key's budget is spent ` +
            `(free keys: 25 requests per day, about 1 per second). Run the backfill again tomorrow ` +
            `(it resumes where it stopped) or use a premium key with --tier premium. Provider said: "${notice}"`
        : `${source}: Alpha Vantage refused the request: "${notice}"`,
      rateLimited ? 'rate_limit' : 'request',
    );
  }
  const error = response['Error Message'];
  if (typeof error === 'string') {
    throw new AlphaVantageError(
      `${source}: invalid call (check the symbol, interval and API key): "${error}"`,
      'request',
    );
  }
  return response;
}

/** A time-series response → bars in ascending order. */
export function parseAlphaVantageSeries(
  body: unknown,
  symbol: string,
  timeframe: string,
  recv: Micros,
  source = 'alphavantage',
): SourceBar[] {
  const response = assertAlphaVantageData(body, source);
  const seriesKey = Object.keys(response).find((key) => key.startsWith('Time Series'));
  const series = seriesKey === undefined ? undefined : response[seriesKey];
  if (typeof series !== 'object' || series === null) throw new Error(`${source}: no "Time Series" in the response`);
  const daily = timeframe === '1d';
  const width = daily ? 86_400_000_000 : INTRADAY[timeframe]?.micros;
  if (width === undefined) throw new Error(`${source}: timeframe "${timeframe}" is not supported`);
  const barSeries = { source, symbol, timeframe };
  const bars: SourceBar[] = [];
  for (const [stamp, values] of Object.entries(series as Record<string, Record<string, unknown>>)) {
    const start = easternWallToMicros(daily ? stamp.slice(0, 10) : stamp);
    const fields = valuesByName(values);
    if (Number.isNaN(start) || Number.isNaN(fields.open + fields.high + fields.low + fields.close + fields.volume)) {
      throw new Error(`${source}: malformed bar ${JSON.stringify({ [stamp]: values }).slice(0, 200)}`);
    }
    // A daily bar spans its New York calendar day (23 or 25 h on the switch days).
    const end = daily ? nextEasternMidnight(start) : start + width;
    bars.push(historyBar(barSeries, start, end, fields, recv));
  }
  return bars.sort((a, b) => a.start - b.start);
}

/** `{"1. open": "191.73", …, "5. volume": "1212"}` → numbers by name (the number prefix varies). */
function valuesByName(values: Record<string, unknown>): {
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
} {
  const out = { open: Number.NaN, high: Number.NaN, low: Number.NaN, close: Number.NaN, volume: Number.NaN };
  if (typeof values !== 'object' || values === null) return out;
  for (const [key, value] of Object.entries(values)) {
    const name = key.slice(key.indexOf('. ') + 2);
    if (name === 'open' || name === 'high' || name === 'low' || name === 'close' || name === 'volume') {
      out[name] = parseDecimalOrNaN(value);
    }
  }
  return out;
}

export interface AlphaVantageOptions {
  /** Else ALPHA_VANTAGE_API_KEY / ALPHAVANTAGE_API_KEY from the environment. */
  readonly apiKey?: string;
  readonly baseUrl?: string;
  readonly plan?: keyof typeof ALPHA_VANTAGE_PLANS;
  /** Include pre- and post-market (04:00–20:00 ET) in intraday bars (default true). */
  readonly extendedHours?: boolean;
  readonly timeoutMs?: number;
  readonly maxRetries?: number;
  readonly logger?: SourceLogger;
  readonly environment?: Readonly<Record<string, string | undefined>>;
  readonly name?: string;
}

export interface AlphaVantageBarsRequest {
  readonly symbol: string;
  readonly timeframe: string;
  readonly from: Micros;
  readonly to: Micros;
}

export class AlphaVantageClient {
  readonly http: HttpClient;
  private readonly apiKey: string;
  private readonly baseUrl: string;
  private readonly name: string;
  private readonly dailyBudget: TokenBucketRateLimiter | null;

  constructor(private readonly options: AlphaVantageOptions = {}) {
    this.name = options.name ?? 'alphavantage';
    this.apiKey = resolveApiKey(
      'alphavantage',
      options.apiKey,
      ['ALPHA_VANTAGE_API_KEY', 'ALPHAVANTAGE_API_KEY'],
      options.environment,
    );
    this.baseUrl = (options.baseUrl ?? ALPHA_VANTAGE_HOST).replace(/\/+$/, '');
    const plan = ALPHA_VANTAGE_PLANS[options.plan ?? 'free'];
    this.dailyBudget = plan.perDay === null ? null : new TokenBucketRateLimiter(plan.perDay);
    this.http = new HttpClient({
      provider: this.name,
      timeoutMs: options.timeoutMs,
      maxRetries: options.maxRetries,
      rateLimiter: new TokenBucketRateLimiter(plan.perSecond),
      circuitBreaker: restCircuitBreaker(this.name),
      redactor: new SecretRedactor([this.apiKey]),
      logger: options.logger,
    });
  }

  /** Intraday: one page per calendar month (`month=YYYY-MM`); daily: one page. Ascending, inside [from, to). */
  async *bars(request: AlphaVantageBarsRequest, signal?: AbortSignal): AsyncGenerator<SourceBar[]> {
    if (request.timeframe === '1d') {
      const page = await this.fetch(
        { function: 'TIME_SERIES_DAILY', symbol: request.symbol, outputsize: 'full' },
        request,
        signal,
      );
      yield page;
      return;
    }
    const intraday = INTRADAY[request.timeframe];
    if (intraday === undefined) {
      throw new Error(
        `${this.name}: timeframe "${request.timeframe}" is not supported; use ${ALPHA_VANTAGE_TIMEFRAMES.join(', ')}`,
      );
    }
    for (const month of monthsCovering(request.from, request.to)) {
      yield await this.fetch(
        {
          function: 'TIME_SERIES_INTRADAY',
          symbol: request.symbol,
          interval: intraday.interval,
          month,
          outputsize: 'full',
          extended_hours: String(this.options.extendedHours ?? true),
          adjusted: 'false',
        },
        request,
        signal,
      );
    }
  }

  private async fetch(
    params: Record<string, string>,
    request: AlphaVantageBarsRequest,
    signal?: AbortSignal,
  ): Promise<SourceBar[]> {
    if (this.dailyBudget !== null && !this.dailyBudget.tryTake()) {
      throw new AlphaVantageError(
        `${this.name}: this run has used the free key's 25 requests for today; run the backfill again tomorrow (it resumes)`,
        'rate_limit',
      );
    }
    const query = new URLSearchParams({ ...params, datatype: 'json', apikey: this.apiKey });
    const body = await this.http.getJson(`${this.baseUrl}/query?${query.toString()}`, { signal });
    const bars = parseAlphaVantageSeries(body, request.symbol, request.timeframe, receiveMicros(), this.name);
    return bars.filter((bar) => bar.start >= request.from && bar.start < request.to);
  }
}

/** `YYYY-MM` of every New York calendar month that overlaps [from, to). */
export function monthsCovering(from: Micros, to: Micros): string[] {
  const months: string[] = [];
  if (!(to > from)) return months;
  const first = easternDateOf(from).date;
  const last = easternDateOf(to - 1).date;
  let year = Number(first.slice(0, 4));
  let month = Number(first.slice(5, 7));
  const endKey = last.slice(0, 7);
  for (;;) {
    const key = `${year}-${String(month).padStart(2, '0')}`;
    months.push(key);
    if (key >= endKey) return months;
    month++;
    if (month > 12) {
      month = 1;
      year++;
    }
  }
}
