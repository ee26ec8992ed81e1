/**
 * Financial Modeling Prep intraday history: `GET /stable/historical-chart/{1min|5min|15min|30min|1hour|4hour}
 * ?symbol&from&to&apikey` → `[{date, open, low, high, close, volume}]`, newest first, `date` a
 * naive wall-clock string read as New York time (FEEDS.md marks the zone VERIFY). Refusals
 * arrive as `{"Error Message": …}`. The range is walked in windows of whole days, small for
 * fine intervals, because a response holds a limited number of rows.
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
import { easternDateOf, easternWallToMicros, nextEasternMidnight } from './eastern-time.js';

export const FMP_HOST = 'https://financialmodelingprep.com';

/** Free: 250 requests/day; paid plans 300–3000/min (VERIFY against your plan). */
export const FMP_PLANS = {
  free: { ratePerSecond: 250 / 86_400, capacity: 250 },
  starter: { ratePerSecond: 300 / 60, capacity: 20 },
} as const satisfies Record<string, RateLimit>;

const INTERVALS: Readonly<Record<string, { interval: string; micros: Micros; windowDays: number }>> = {
  '1m': { interval: '1min', micros: 60_000_000, windowDays: 3 },
  '5m': { interval: '5min', micros: 300_000_000, windowDays: 10 },
  '15m': { interval: '15min', micros: 900_000_000, windowDays: 30 },
  '30m': { interval: '30min', micros: 1_800_000_000, windowDays: 30 },
  '1h': { interval: '1hour', micros: 3_600_000_000, windowDays: 90 },
  '4h': { interval: '4hour', micros: 14_400_000_000, windowDays: 90 },
};
export const FMP_TIMEFRAMES = Object.keys(INTERVALS);

function intervalOf(timeframe: string): { interval: string; micros: Micros; windowDays: number } {
  const entry = INTERVALS[timeframe];
  if (entry === undefined)
    throw new Error(`fmp: timeframe "${timeframe}" is not supported; use ${FMP_TIMEFRAMES.join(', ')}`);
  return entry;
}

export function parseFmpChart(
  body: unknown,
  symbol: string,
  timeframe: string,
  recv: Micros,
  source = 'fmp',
): SourceBar[] {
  if (!Array.isArray(body)) {
    const message = (body as Record<string, unknown> | null)?.['Error Message'];
    throw new Error(`${source}: ${typeof message === 'string' ? `refused: "${message}"` : 'response is not an array'}`);
  }
  const { micros } = intervalOf(timeframe);
  const series = { source, symbol, timeframe };
  const bars: SourceBar[] = [];
  for (const row of body as Record<string, unknown>[]) {
    const start = typeof row.date === 'string' ? easternWallToMicros(row.date) : Number.NaN;
    const { open, high, low, close, volume } = row;
    const numeric = [open, high, low, close, volume].every((x) => typeof x === 'number' && Number.isFinite(x));
    if (Number.isNaN(start) || !numeric)
      throw new Error(`${source}: malformed bar ${JSON.stringify(row).slice(0, 200)}`);
    const values = {
      open: open as number,
      high: high as number,
      low: low as number,
      close: close as number,
      volume: volume as number,
    };
    bars.push(historyBar(series, start, start + micros, values, recv));
  }
  return bars.sort((a, b) => a.start - b.start);
}

export interface FmpOptions {
  /** Else FMP_API_KEY from the environment. */
  readonly apiKey?: string;
  readonly baseUrl?: string;
  readonly plan?: keyof typeof FMP_PLANS;
  readonly timeoutMs?: number;
  readonly maxRetries?: number;
  readonly logger?: SourceLogger;
  readonly environment?: Readonly<Record<string, string | undefined>>;
  readonly name?: string;
}

export interface FmpBarsRequest {
  readonly symbol: string;
  readonly timeframe: string;
  readonly from: Micros;
  readonly to: Micros;
}

export class FmpClient {
  readonly http: HttpClient;
  private readonly apiKey: string;
  private readonly baseUrl: string;
  private readonly name: string;

  constructor(options: FmpOptions = {}) {
    this.name = options.name ?? 'fmp';
    this.apiKey = resolveApiKey('fmp', options.apiKey, ['FMP_API_KEY'], options.environment);
    this.baseUrl = (options.baseUrl ?? FMP_HOST).replace(/\/+$/, '');
    this.http = new HttpClient({
      provider: this.name,
      timeoutMs: options.timeoutMs,
      maxRetries: options.maxRetries,
      rateLimiter: new TokenBucketRateLimiter(FMP_PLANS[options.plan ?? 'free']),
      circuitBreaker: restCircuitBreaker(this.name),
      redactor: new SecretRedactor([this.apiKey]),
      logger: options.logger,
    });
  }

  /** Bars window by window (whole New York days, `from`/`to` inclusive dates), ascending, inside [from, to). */
  async *bars(request: FmpBarsRequest, signal?: AbortSignal): AsyncGenerator<SourceBar[]> {
    const { interval, windowDays } = intervalOf(request.timeframe);
    const day = 86_400_000_000;
    let windowStart = easternDateOf(request.from).midnight;
    while (windowStart < request.to) {
      const lastDay = Math.min(windowStart + (windowDays - 1) * day, request.to - 1);
      const query = new URLSearchParams({
        symbol: request.symbol,
        from: easternDateOf(windowStart).date,
        to: easternDateOf(lastDay).date,
        apikey: this.apiKey,
      });
      const body = await this.http.getJson(`${this.baseUrl}/stable/historical-chart/${interval}?${query.toString()}`, {
        signal,
      });
      const bars = parseFmpChart(body, request.symbol, request.timeframe, receiveMicros(), this.name);
      yield bars.filter((bar) => bar.start >= request.from && bar.start < request.to);
      // Next window starts at the New York midnight after the last day asked for.
      windowStart = nextEasternMidnight(lastDay);
    }
  }
}
