import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff.js';
import { CircuitBreaker, CircuitOpenError } from './circuit-breaker.js';
import { perPeriod, TokenBucketRateLimiter } from './rate-limiter.js';

describe('Backoff', () => {
  it('grows exponentially up to the cap, jittered between the floor and the ceiling', () => {
    const lowest = new Backoff({ initialMs: 100, maxMs: 1000, factor: 2, minFraction: 0.5, random: () => 0 });
    expect([1, 2, 3, 4, 5, 6].map(() => lowest.nextDelayMs())).toEqual([50, 100, 200, 400, 500, 500]);
    const highest = new Backoff({ initialMs: 100, maxMs: 1000, factor: 2, minFraction: 0.5, random: () => 0.999999 });
    expect([1, 2, 3, 4, 5].map(() => highest.nextDelayMs())).toEqual([100, 200, 400, 800, 1000]);
    highest.reset();
    expect(highest.nextDelayMs()).toBe(100);
    expect(() => new Backoff({ initialMs: 10, maxMs: 5 })).toThrow(/initialMs/);
  });
});

describe('CircuitBreaker', () => {
  it('opens after the threshold, half-opens after openMs, closes on success', () => {
    const breaker = new CircuitBreaker('polygon', { failureThreshold: 3, openMs: 1000 });
    breaker.recordFailure(0);
    breaker.recordFailure(1);
    expect(breaker.state(2)).toBe('closed');
    breaker.recordFailure(2);
    expect(breaker.state(3)).toBe('open');
    expect(() => breaker.assertCanAttempt(500)).toThrow(CircuitOpenError);
    expect(breaker.waitMs(500)).toBe(502);
    expect(breaker.state(1002)).toBe('half-open');
    breaker.recordFailure(1003); // a failed trial re-opens at once
    expect(breaker.state(1004)).toBe('open');
    expect(breaker.state(2003)).toBe('half-open');
    breaker.recordSuccess();
    expect(breaker.state(2004)).toBe('closed');
  });
});

describe('TokenBucketRateLimiter', () => {
  it('allows the burst, then the documented rate', () => {
    let now = 0;
    const limiter = new TokenBucketRateLimiter(perPeriod(5, 60_000), () => now); // Polygon free: 5/min
    for (let i = 0; i < 5; i++) expect(limiter.tryTake()).toBe(true);
    expect(limiter.tryTake()).toBe(false);
    expect(limiter.waitMs()).toBe(12_000);
    now = 11_999;
    expect(limiter.tryTake()).toBe(false);
    now = 12_000;
    expect(limiter.tryTake()).toBe(true);
    now = 10 ** 9;
    limiter.drain();
    expect(limiter.tryTake()).toBe(false);
  });

  it('take() waits for a token', async () => {
    const limiter = new TokenBucketRateLimiter({ ratePerSecond: 50, capacity: 1 });
    await limiter.take();
    const started = Date.now();
    await limiter.take();
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
  });
});
