/** A minimal alert for outbox and dispatcher tests. */
import type { Alert } from '../../src/alerts/alert.js';
import { T0 } from '../server/market-events.js';

export function sampleAlert(n: number, symbol = 'AAPL'): Alert {
  return {
    id: `alert:test:${symbol}:${n}`,
    symbol,
    severity: 'warning',
    kinds: ['volume_spike'],
    title: `[WARNING] ${symbol}: volume_spike`,
    ts: T0 + n,
    raisedAt: T0 + n,
    anomalies: [],
    suppressed: 0,
    test: false,
  };
}
