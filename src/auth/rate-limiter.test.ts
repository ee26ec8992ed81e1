import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter.js';

const MINUTE = 60_000_000;

describe('RateLimiter', () => {
  it('allows `capacity` attempts at once, then refuses until tokens refill', () => {
    const limiter = new RateLimiter(3, MINUTE);
    const results = [0, 1, 2, 3, 4].map(() => limiter.take('1.2.3.4', 0));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false, false]);
    expect(results.map((r) => r.firstRefusal)).toEqual([false, false, false, true, false]);
    expect(results[3]?.retryAfterSeconds).toBe(20); // one token per 20 s at 3/min
    expect(limiter.take('1.2.3.4', 19_999_999).allowed).toBe(false);
    expect(limiter.take('1.2.3.4', 20_000_000).allowed).toBe(true);
  });

  it('keeps keys apart', () => {
    const limiter = new RateLimiter(1, MINUTE);
    expect(limiter.take('a', 0).allowed).toBe(true);
    expect(limiter.take('a', 0).allowed).toBe(false);
    expect(limiter.take('b', 0).allowed).toBe(true);
  });

  it('never holds more than maxKeys keys, evicting the least recently seen', () => {
    const limiter = new RateLimiter(1, MINUTE, 100);
    for (let i = 0; i < 1000; i++) limiter.take(`ip${i}`, 0);
    expect(limiter.size).toBe(100);
    // ip999 is still tracked (refused), ip0 was evicted (allowed again as a new key).
    expect(limiter.take('ip999', 0).allowed).toBe(false);
    expect(limiter.take('ip0', 0).allowed).toBe(true);
  });
});
