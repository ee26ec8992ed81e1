/**
 * Token-bucket rate limiter per key (a client address): `capacity` attempts at once, refilled
 * continuously at `capacity` per `period`. O(1) per call; memory is bounded by evicting the
 * least recently seen key beyond `maxKeys`, so a flood of addresses cannot grow it.
 */
import type { Micros } from '../core/events.js';

interface Bucket {
  tokens: number;
  updatedAt: Micros;
  /** Set once a request was refused; cleared when one is allowed again. */
  refusing: boolean;
}

export interface RateDecision {
  readonly allowed: boolean;
  /** True for the first refusal after a run of allowed requests (log it once, not per request). */
  readonly firstRefusal: boolean;
  /** Seconds until one attempt is available again (0 when allowed). */
  readonly retryAfterSeconds: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly refillPerMicro: number;

  constructor(
    private readonly capacity: number,
    period: Micros,
    private readonly maxKeys = 10_000,
  ) {
    if (!(capacity >= 1) || !(period > 0)) throw new Error('RateLimiter: capacity must be ≥ 1 and period > 0');
    this.refillPerMicro = capacity / period;
  }

  take(key: string, now: Micros): RateDecision {
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      bucket = { tokens: this.capacity, updatedAt: now, refusing: false };
      if (this.buckets.size >= this.maxKeys) this.evictOldest();
    } else {
      this.buckets.delete(key); // re-inserted below: Map order is recency order
      bucket.tokens = Math.min(
        this.capacity,
        bucket.tokens + Math.max(0, now - bucket.updatedAt) * this.refillPerMicro,
      );
      bucket.updatedAt = Math.max(bucket.updatedAt, now);
    }
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      bucket.refusing = false;
      return { allowed: true, firstRefusal: false, retryAfterSeconds: 0 };
    }
    const firstRefusal = !bucket.refusing;
    bucket.refusing = true;
    const retryAfterSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / this.refillPerMicro / 1_000_000));
    return { allowed: false, firstRefusal, retryAfterSeconds };
  }

  get size(): number {
    return this.buckets.size;
  }

  private evictOldest(): void {
    const oldest = this.buckets.keys().next();
    if (!oldest.done) this.buckets.delete(oldest.value);
  }
}
