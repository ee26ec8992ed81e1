import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileWildcard, matchesAny, patternProblem } from './wildcard.js';

/** Oracle: the textbook recursive glob matcher (independent of the compiled fast paths). */
function globMatches(pattern: string, value: string): boolean {
  if (pattern.length === 0) return value.length === 0;
  if (pattern[0] === '*') {
    for (let i = 0; i <= value.length; i++) if (globMatches(pattern.slice(1), value.slice(i))) return true;
    return false;
  }
  return value.length > 0 && value[0] === pattern[0] && globMatches(pattern.slice(1), value.slice(1));
}

describe('compileWildcard', () => {
  it('matches exact symbols, everything, prefixes, suffixes and inner wildcards', () => {
    expect(compileWildcard('AAPL').matches('AAPL')).toBe(true);
    expect(compileWildcard('AAPL').matches('AAPLX')).toBe(false);
    expect(compileWildcard('*').matches('anything.at-all')).toBe(true);
    expect(compileWildcard('BTC-*').matches('BTC-USD')).toBe(true);
    expect(compileWildcard('BTC-*').matches('ETH-BTC')).toBe(false);
    expect(compileWildcard('*-USD').matches('ETH-USD')).toBe(true);
    expect(compileWildcard('*-USD').matches('ETH-USDT')).toBe(false);
    expect(compileWildcard('B*-U*D').matches('BTC-USD')).toBe(true);
    expect(compileWildcard('B*-U*D').matches('BTC-EUR')).toBe(false);
  });

  it('treats regular-expression characters literally', () => {
    expect(compileWildcard('^GSPC*').matches('^GSPC.X')).toBe(true);
    expect(compileWildcard('A.B*C').matches('AxB1C')).toBe(false);
    expect(compileWildcard('A$*+').matches('A$zz+')).toBe(true);
  });

  it('agrees with a recursive glob matcher on random patterns and values', () => {
    const alphabet = fc.constantFrom('A', 'B', '-', '.', '*');
    const valueAlphabet = fc.constantFrom('A', 'B', '-', '.');
    fc.assert(
      fc.property(
        fc.string({ unit: alphabet, minLength: 1, maxLength: 8 }),
        fc.string({ unit: valueAlphabet, maxLength: 8 }),
        (pattern, value) => {
          expect(compileWildcard(pattern).matches(value)).toBe(globMatches(pattern, value));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('rejects empty, overlong and oddly-charactered patterns with a reason', () => {
    expect(patternProblem('')).toMatch(/empty/);
    expect(patternProblem('A'.repeat(65))).toMatch(/at most 64/);
    expect(patternProblem('A B')).toMatch(/letters, digits/);
    expect(patternProblem('AAPL')).toBeNull();
    expect(() => compileWildcard('a b')).toThrow(/invalid pattern "a b"/);
  });

  it('matchesAny is false for an empty list', () => {
    expect(matchesAny([], 'AAPL')).toBe(false);
    expect(matchesAny([compileWildcard('MSFT'), compileWildcard('AA*')], 'AAPL')).toBe(true);
  });
});
