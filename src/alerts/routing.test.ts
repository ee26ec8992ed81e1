import { describe, expect, it } from 'vitest';
import type { Severity } from '../core/events.js';
import { T0 } from '../../test/server/market-events.js';
import type { Alert } from './alert.js';
import { AlertRouter } from './routing.js';

function alert(symbol: string, severity: Severity, kinds: string[]): Alert {
  return {
    id: `alert:${symbol}`,
    symbol,
    severity,
    kinds,
    title: '',
    ts: T0,
    raisedAt: T0,
    anomalies: [],
    suppressed: 0,
    test: false,
  };
}

const CHANNELS = ['console', 'desk-slack', 'phone', 'mail'];

describe('AlertRouter', () => {
  const router = new AlertRouter(
    [
      { channels: ['console'] },
      { channels: ['desk-slack'], minSeverity: 'warning' },
      { channels: ['phone'], minSeverity: 'critical', symbols: ['BTC-*', 'ETH-*'] },
      { channels: ['mail'], kinds: ['price_*'], symbols: ['AAPL'] },
    ],
    CHANNELS,
  );

  it('routes by severity, symbol pattern and kind pattern; every matching route contributes', () => {
    expect(router.channelsFor(alert('AAPL', 'info', ['volume_spike']))).toEqual(['console']);
    expect(router.channelsFor(alert('AAPL', 'warning', ['volume_spike']))).toEqual(['console', 'desk-slack']);
    expect(router.channelsFor(alert('AAPL', 'warning', ['volume_spike', 'price_spike']))).toEqual([
      'console',
      'desk-slack',
      'mail',
    ]);
    expect(router.channelsFor(alert('BTC-USD', 'critical', ['price_spike']))).toEqual([
      'console',
      'desk-slack',
      'phone',
    ]);
    expect(router.channelsFor(alert('SOL-USD', 'critical', ['price_spike']))).toEqual(['console', 'desk-slack']);
  });

  it('expands "*" to every channel, once each', () => {
    const all = new AlertRouter([{ channels: ['*'] }, { channels: ['phone'] }], CHANNELS);
    expect(all.channelsFor(alert('X', 'info', ['k']))).toEqual(CHANNELS);
  });

  it('refuses a route to an unknown channel, naming the known ones', () => {
    expect(() => new AlertRouter([{ channels: ['pager'] }], CHANNELS)).toThrow(
      'alert route names channel "pager", which is not configured (channels: console, desk-slack, phone, mail)',
    );
  });

  it('routes nowhere when nothing matches', () => {
    const strict = new AlertRouter([{ channels: ['phone'], minSeverity: 'critical' }], CHANNELS);
    expect(strict.channelsFor(alert('AAPL', 'warning', ['volume_spike']))).toEqual([]);
  });
});
