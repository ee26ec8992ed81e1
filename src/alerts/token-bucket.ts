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

/** Rounding slack: a token due at exactly t is available at t. */
const EPSILON = 1e-9;

export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

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
  }

  /** Takes one token if available. */
  tryTake(now: number): boolean {
    this.refill(now);
    if (this.tokens < 1 - EPSILON) return false;
    this.tokens = Math.max(0, this.tokens - 1);
    return true;
  }

  /** Milliseconds until a token is available (0 if one is available now). */
  waitMs(now: number): number {
    this.refill(now);
    if (this.tokens >= 1 - EPSILON) return 0;
    return Math.ceil(((1 - this.tokens) * this.limit.periodMs) / this.limit.messages - EPSILON);
  }

  private refill(now: number): void {
    if (now > this.updatedAt) {
      // elapsed × messages / period (not elapsed × a precomputed rate): exact for whole periods.
      this.tokens = Math.min(
        this.limit.messages,
        this.tokens + ((now - this.updatedAt) * this.limit.messages) / this.limit.periodMs,
      );
      this.updatedAt = now;
    }
  }
}
