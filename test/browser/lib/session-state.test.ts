/** Session state on the market overview (web/src/lib/session-state.ts) at known instants. */
import { describe, expect, it } from 'vitest';
import { calendarOf, sessionState } from '../../../web/src/lib/session-state.js';

const at = (iso: string): number => Date.parse(iso);

describe('sessionState', () => {
  it('is 24h for crypto pairs at any time', () => {
    expect(calendarOf('BTC-USD')).toBe('24x7');
    expect(sessionState('BTC-USD', at('2024-01-06T03:00:00Z'))).toBe('24h');
  });

  it('follows NYSE regular hours in New York time, across daylight saving', () => {
    // 2024-01-02 (EST, UTC−5): open 14:30–21:00 UTC.
    expect(sessionState('AAPL', at('2024-01-02T14:29:00Z'))).toBe('closed');
    expect(sessionState('AAPL', at('2024-01-02T14:30:00Z'))).toBe('open');
    expect(sessionState('AAPL', at('2024-01-02T20:59:00Z'))).toBe('open');
    expect(sessionState('AAPL', at('2024-01-02T21:00:00Z'))).toBe('closed');
    // 2024-07-02 (EDT, UTC−4): open 13:30–20:00 UTC.
    expect(sessionState('AAPL', at('2024-07-02T13:30:00Z'))).toBe('open');
    expect(sessionState('AAPL', at('2024-07-02T20:00:00Z'))).toBe('closed');
  });

  it('is closed at weekends and on NYSE holidays, and closes early on early-close days', () => {
    expect(sessionState('AAPL', at('2024-01-06T15:00:00Z'))).toBe('closed'); // Saturday
    expect(sessionState('AAPL', at('2024-12-25T15:00:00Z'))).toBe('closed'); // Christmas
    expect(sessionState('AAPL', at('2024-12-24T17:30:00Z'))).toBe('open'); // 12:30 New York
    expect(sessionState('AAPL', at('2024-12-24T18:30:00Z'))).toBe('closed'); // 13:30, after the 13:00 close
  });
});
