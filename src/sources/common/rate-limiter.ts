/**
 * Token-bucket rate limiter matching a provider's documented limit (e.g. Polygon free tier
 * 5 requests/min, Binance 5 inbound messages/s). `capacity` tokens at most (the burst),
 * refilled continuously at `ratePerSecond`. The bucket itself is pure (time from the caller);
 * `take()` waits on a real timer.
 */
export interface RateLimit {
  /** Sustained rate, requests per second (5/min = 5 / 60). */
  readonly ratePerSecond: number;
  /** Largest burst. */
  readonly capacity: number;
}

/** Builds a RateLimit from "N per period" as providers document it. */
export function perPeriod(requests: number, periodMs: number, burst = requests): RateLimit {
  return { ratePerSecond: (requests * 1000) / periodMs, capacity: burst };
}

export class TokenBucketRateLimiter {
  private tokens: number;
  private updatedAt: number;

  constructor(
    readonly limit: RateLimit,
    private readonly now: () => number = Date.now,
  ) {
    if (!(limit.ratePerSecond > 0) || !(limit.capacity >= 1)) {
      throw new Error(`rate limit needs ratePerSecond > 0 and capacity >= 1, got ${JSON.stringify(limit)}`);
    }
    this.tokens = limit.capacity;
    this.updatedAt = now();
  }

  /** Takes a token if one is available now. */
  tryTake(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Milliseconds until a token is available. */
  waitMs(): number {
    this.refill();
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) * 1000) / this.limit.ratePerSecond);
  }

  /** Empties the bucket (e.g. after a 429 the provider says we are over the limit). */
  drain(): void {
    this.refill();
    this.tokens = Math.min(this.tokens, 0);
  }

  /** Waits until a token is available and takes it. Rejects if `signal` aborts. */
  async take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (this.tryTake()) return;
      await sleep(this.waitMs(), signal);
    }
  }

  private refill(): void {
    const now = this.now();
    if (now > this.updatedAt) {
      this.tokens = Math.min(
        this.limit.capacity,
        this.tokens + ((now - this.updatedAt) * this.limit.ratePerSecond) / 1000,
      );
      this.updatedAt = now;
    }
  }
}

/** setTimeout as a promise that rejects with the signal's reason on abort. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
