import { describe, expect, it } from 'vitest';
import { isoFromMicros, microsFromIso } from '../core/time.js';
import { defaultUniverse } from '../sources/simulator/index.js';
import { warmupStart } from './warmup.js';

const stocksAndCrypto = defaultUniverse(8);
const cryptoOnly = stocksAndCrypto.filter((i) => i.calendar === '24x7');

describe('warmupStart', () => {
  it('on a weekday afternoon, two days back already holds two sessions', () => {
    const now = microsFromIso('2025-01-08T20:00:00Z'); // Wednesday 15:00 New York
    expect(isoFromMicros(warmupStart(now, 2, stocksAndCrypto))).toBe('2025-01-06T20:00:00.000Z');
  });

  it('on a Sunday, goes back to Thursday’s open so stocks get two full sessions', () => {
    const now = microsFromIso('2026-11-22T01:00:00Z');
    expect(isoFromMicros(warmupStart(now, 2, stocksAndCrypto))).toBe('2026-11-19T14:30:00.000Z');
  });

  it('skips a holiday: on the Friday after Thanksgiving 2026, Wednesday and Friday are the sessions', () => {
    const now = microsFromIso('2026-11-27T19:00:00Z'); // Friday 14:00 New York, early close at 13:00
    expect(isoFromMicros(warmupStart(now, 2, stocksAndCrypto))).toBe('2026-11-25T14:30:00.000Z');
  });

  it('crypto-only universes just go back the given days', () => {
    const now = microsFromIso('2026-11-22T01:00:00Z');
    expect(isoFromMicros(warmupStart(now, 2, cryptoOnly))).toBe('2026-11-20T01:00:00.000Z');
  });
});
