/**
 * Token bucket rate limit: up to `capacity` messages at once, refilled continuously at
 * `capacity / periodMs` tokens per millisecond. Time comes from the caller (milliseconds), so
 * the bucket is deterministic under test.
 */
export interface RateLimit {
  /** Messages allowed per period (and the largest burst). */
  readonly messages: number;
  readonly periodMs: number;
}

export class TokenBucket {
  private tokens: number;
  private updatedAt: number;
  private readonly refillPerMs: number;

  constructor(
    readonly limit: RateLimit,
    now: number,
  ) {
    if (!(limit.messages > 0) || !(limit.periodMs > 0)) {
      throw new Error(
        `a rate limit needs messages > 0 and periodMs > 0, got ${limit.messages} per ${limit.periodMs} ms`,
      );
    }
    this.tokens = limit.messages;
    this.updatedAt = now;
    this.refillPerMs = limit.messages / limit.periodMs;
  }

  /** Takes one token if available. */
  tryTake(now: number): boolean {
    this.refill(now);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Milliseconds until a token is available (0 if one is available now). */
  waitMs(now: number): number {
    this.refill(now);
    if (this.tokens >= 1) return 0;
    return Math.ceil((1 - this.tokens) / this.refillPerMs);
  }

  private refill(now: number): void {
    if (now > this.updatedAt) {
      this.tokens = Math.min(this.limit.messages, this.tokens + (now - this.updatedAt) * this.refillPerMs);
      this.updatedAt = now;
    }
  }
}
