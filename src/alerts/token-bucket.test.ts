import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TokenBucket } from './token-bucket.js';

describe('TokenBucket', () => {
  it('allows a burst of `messages`, then one per period/messages', () => {
    const bucket = new TokenBucket({ messages: 20, periodMs: 60_000 }, 0);
    for (let i = 0; i < 20; i++) expect(bucket.tryTake(0)).toBe(true);
    expect(bucket.tryTake(0)).toBe(false);
    expect(bucket.waitMs(0)).toBe(3_000);
    expect(bucket.tryTake(2_999)).toBe(false);
    expect(bucket.tryTake(3_000)).toBe(true);
    expect(bucket.waitMs(3_000)).toBe(3_000);
  });

  it('never refills above its capacity', () => {
    const bucket = new TokenBucket({ messages: 2, periodMs: 1_000 }, 0);
    let taken = 0;
    while (bucket.tryTake(1_000_000)) taken++;
    expect(taken).toBe(2);
  });

  it('never lets more than `messages` through in any window of one period (random arrival times)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 50, maxLength: 300 }), (gaps) => {
        const bucket = new TokenBucket({ messages: 5, periodMs: 100 }, 0);
        const accepted: number[] = [];
        let now = 0;
        for (const gap of gaps) {
          now += gap;
          if (bucket.tryTake(now)) accepted.push(now);
        }
        // Oracle: a sliding-window count. A token bucket admits at most capacity + rate × window.
        for (let i = 0; i < accepted.length; i++) {
          const inWindow = accepted.filter((t) => t >= accepted[i]! && t < accepted[i]! + 100).length;
          expect(inWindow).toBeLessThanOrEqual(5 + 5);
        }
        // And at most 5 at one instant.
        const perInstant = new Map<number, number>();
        for (const t of accepted) perInstant.set(t, (perInstant.get(t) ?? 0) + 1);
        for (const count of perInstant.values()) expect(count).toBeLessThanOrEqual(5);
      }),
    );
  });

  it('rejects a limit that cannot refill', () => {
    expect(() => new TokenBucket({ messages: 0, periodMs: 1_000 }, 0)).toThrow(/messages > 0/);
  });
});
