/**
 * JSON over HTTP for provider REST APIs: a timeout on every request, the provider's rate limit
 * (token bucket) before every request, Retry-After honoured on 429 (and 503), bounded retries
 * with backoff on network errors and 5xx, a circuit breaker, and secrets masked in every error.
 * `paginate` follows cursors with a guard against cursor loops and runaway page counts.
 */
import { Backoff } from './backoff.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import { SecretRedactor } from './mask.js';
import { sleep, type TokenBucketRateLimiter } from './rate-limiter.js';
import type { SourceLogger } from './source.js';
import { silentLogger } from './source.js';

export class HttpError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** Redacted URL. */
    readonly url: string,
    /** First 500 characters of the body, redacted. */
    readonly body: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface HttpClientOptions {
  /** For errors and logs, e.g. `polygon`. */
  readonly provider: string;
  readonly timeoutMs?: number;
  /** Retries after the first attempt (429, 5xx, network errors). */
  readonly maxRetries?: number;
  /** Longest Retry-After we are willing to sleep; a longer one fails the request. */
  readonly maxRetryAfterMs?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly rateLimiter?: TokenBucketRateLimiter;
  readonly circuitBreaker?: CircuitBreaker;
  readonly redactor?: SecretRedactor;
  readonly logger?: SourceLogger;
  readonly backoff?: Backoff;
  /** Injectable for tests; defaults to the global fetch (undici). */
  readonly fetch?: typeof fetch;
}

export interface HttpStats {
  requests: number;
  retries: number;
  rateLimited: number;
}

/** Retry-After as seconds or an HTTP date → ms (NaN when absent or unreadable). */
export function parseRetryAfter(value: string | null, nowMs: number): number {
  if (value === null || value.trim() === '') return Number.NaN;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? Number.NaN : Math.max(0, date - nowMs);
}

export class HttpClient {
  readonly stats: HttpStats = { requests: 0, retries: 0, rateLimited: 0 };
  private readonly redactor: SecretRedactor;
  private readonly logger: SourceLogger;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: HttpClientOptions) {
    this.redactor = options.redactor ?? new SecretRedactor();
    this.logger = options.logger ?? silentLogger;
    this.fetchImpl = options.fetch ?? fetch;
  }

  /** GETs `url` and parses JSON. Throws HttpError (redacted) on a final failure. */
  async getJson(url: string, init: { headers?: Record<string, string>; signal?: AbortSignal } = {}): Promise<unknown> {
    const maxRetries = this.options.maxRetries ?? 4;
    const maxRetryAfterMs = this.options.maxRetryAfterMs ?? 120_000;
    const backoff = this.options.backoff ?? new Backoff({ initialMs: 250, maxMs: 10_000 });
    const safeUrl = this.redactor.redact(url);
    for (let attempt = 0; ; attempt++) {
      this.options.circuitBreaker?.assertCanAttempt(Date.now());
      await this.options.rateLimiter?.take(init.signal);
      this.stats.requests++;
      let response: Response;
      try {
        const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 15_000);
        const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
        response = await this.fetchImpl(url, {
          headers: { accept: 'application/json', ...this.options.headers, ...init.headers },
          signal,
        });
      } catch (error) {
        if (init.signal?.aborted) throw this.redactor.redactError(init.signal.reason ?? error);
        this.options.circuitBreaker?.recordFailure(Date.now());
        const message = `${this.options.provider}: GET ${safeUrl} failed: ${this.redactor.redact(describeError(error))}`;
        if (attempt >= maxRetries) throw new HttpError(message, 0, safeUrl, '');
        this.logger.warn({ provider: this.options.provider, attempt }, message);
        this.stats.retries++;
        await sleep(backoff.nextDelayMs(), init.signal);
        continue;
      }
      if (response.ok) {
        const text = await response.text();
        this.options.circuitBreaker?.recordSuccess();
        try {
          return JSON.parse(text) as unknown;
        } catch {
          throw new HttpError(
            `${this.options.provider}: GET ${safeUrl} returned a body that is not JSON`,
            response.status,
            safeUrl,
            this.redactor.redact(text.slice(0, 500)),
          );
        }
      }
      const body = this.redactor.redact((await response.text().catch(() => '')).slice(0, 500));
      const status = response.status;
      const retryable = status === 429 || status === 503 || status >= 500;
      if (status >= 500) this.options.circuitBreaker?.recordFailure(Date.now());
      const message = `${this.options.provider}: GET ${safeUrl} → HTTP ${status}${hintFor(status)}${body ? `: ${body.slice(0, 200)}` : ''}`;
      if (!retryable || attempt >= maxRetries) throw new HttpError(message, status, safeUrl, body);
      let delay = parseRetryAfter(response.headers.get('retry-after'), Date.now());
      if (status === 429) {
        this.stats.rateLimited++;
        this.options.rateLimiter?.drain();
      }
      if (Number.isNaN(delay)) delay = backoff.nextDelayMs();
      if (delay > maxRetryAfterMs) {
        throw new HttpError(
          `${message} (Retry-After ${delay} ms exceeds the ${maxRetryAfterMs} ms we wait)`,
          status,
          safeUrl,
          body,
        );
      }
      this.logger.warn({ provider: this.options.provider, status, delayMs: delay, attempt }, 'retrying request');
      this.stats.retries++;
      await sleep(delay, init.signal);
    }
  }
}

function hintFor(status: number): string {
  if (status === 401 || status === 403) return ' (check the API key and that your plan includes this data)';
  if (status === 429) return ' (rate limited)';
  return '';
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.name === 'TimeoutError' ? 'timed out' : error.message}${cause}`;
  }
  return String(error);
}

export interface PaginateOptions {
  /** Hard stop; a provider that keeps handing out cursors is a bug, not an infinite dataset. */
  readonly maxPages?: number;
}

/**
 * Follows a cursor until it is null. `fetchPage(cursor)` gets one page (cursor null = first)
 * and returns its items and the next cursor. Throws when a cursor repeats (a loop) or after
 * `maxPages`.
 */
export async function* paginate<T>(
  provider: string,
  fetchPage: (cursor: string | null) => Promise<{ items: readonly T[]; next: string | null }>,
  options: PaginateOptions = {},
): AsyncGenerator<T[], void, undefined> {
  const maxPages = options.maxPages ?? 10_000;
  const seen = new Set<string>();
  let cursor: string | null = null;
  for (let page = 0; ; page++) {
    if (page >= maxPages) throw new Error(`${provider}: pagination stopped after ${maxPages} pages (maxPages)`);
    const { items, next } = await fetchPage(cursor);
    yield [...items];
    if (next === null || next === '') return;
    if (seen.has(next)) {
      throw new Error(`${provider}: pagination cursor repeated after ${page + 1} pages (a cursor loop); stopping`);
    }
    seen.add(next);
    cursor = next;
  }
}
