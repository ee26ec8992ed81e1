import { describe, expect, it } from 'vitest';
import type { SourceHealth } from '../../server/health.js';
import { emptyCounters, type SourceState, type SourceStatus } from '../../sources/common/source.js';
import { DOWN_AFTER_MS, healthOf, SourceMonitor } from './source-monitor.js';

function status(state: SourceState, overrides: Partial<SourceStatus> = {}): SourceStatus {
  return { name: 'binance', state, lastError: null, since: 1_000, counters: emptyCounters(), ...overrides };
}

describe('healthOf', () => {
  it('connected is up, stopped is down with its error', () => {
    expect(healthOf(status('connected'), 2_000, null)).toMatchObject({ status: 'up', detail: 'connected · 0 events' });
    expect(healthOf(status('stopped', { lastError: 'auth failed' }), 2_000, null)).toMatchObject({
      status: 'down',
      detail: 'stopped: auth failed · 0 events',
    });
  });

  it('a failing reconnect is degraded at first and down once it has failed for DOWN_AFTER_MS', () => {
    const failing = status('degraded', {
      lastError: 'connect ECONNREFUSED',
      counters: { ...emptyCounters(), reconnects: 2 },
    });
    expect(healthOf(failing, 1_000 + DOWN_AFTER_MS - 1, null).status).toBe('degraded');
    expect(healthOf(failing, 1_000 + DOWN_AFTER_MS, null)).toMatchObject({
      status: 'down',
      detail: 'reconnecting: connect ECONNREFUSED · 0 events',
    });
    // The first connection without any error yet is only degraded, however long it takes.
    expect(healthOf(status('connecting'), 1_000 + 10 * DOWN_AFTER_MS, null)).toMatchObject({
      status: 'degraded',
      detail: 'connecting · 0 events',
    });
  });
});

describe('SourceMonitor', () => {
  function monitor() {
    const published: SourceHealth[] = [];
    const states: string[] = [];
    const reconnects: string[] = [];
    const lines: string[] = [];
    let now = 1_000;
    const target = {
      setSource: (health: SourceHealth) => published.push(health),
      metrics: {
        sourceState: (source: string, state: string) => states.push(`${source}=${state}`),
        sourceReconnected: (source: string) => reconnects.push(source),
      },
    };
    const logged: string[] = [];
    const instance = new SourceMonitor({
      target,
      logger: { info: () => logged.push('info'), warn: () => logged.push('warn') },
      write: (text) => lines.push(text),
      nowMs: () => now,
    });
    return { instance, published, states, reconnects, lines, logged, advance: (ms: number) => (now += ms) };
  }

  it('publishes health and metrics, counts reconnects once each, and prints only status changes', () => {
    const m = monitor();
    m.instance.update(status('connected'));
    m.instance.update(status('connected', { counters: { ...emptyCounters(), events: 5 } }));
    expect(m.lines).toEqual(['Source binance: up — connected · 0 events\n']);
    expect(m.published.at(-1)).toMatchObject({ name: 'binance', status: 'up', detail: 'connected · 5 events' });
    expect(m.states.at(-1)).toBe('binance=connected');

    const lost = { lastError: 'socket closed', since: 1_000, counters: { ...emptyCounters(), reconnects: 2 } };
    m.instance.update(status('degraded', lost));
    m.instance.update(status('degraded', lost));
    expect(m.reconnects).toEqual(['binance', 'binance']);
    expect(m.states.at(-1)).toBe('binance=connecting');
    m.advance(DOWN_AFTER_MS);
    m.instance.update(status('degraded', lost));
    expect(m.states.at(-1)).toBe('binance=disconnected');
    expect(m.lines.at(-1)).toBe('Source binance: down — reconnecting: socket closed · 0 events\n');
    expect(m.logged).toEqual(['info', 'warn', 'warn']);
    expect(m.instance.health.map((h) => `${h.name} ${h.status}`)).toEqual(['binance down']);
  });

  it('a provider that could not start is down and stopped, with its reason', () => {
    const m = monitor();
    m.instance.failed('polygon', 'polygon: no API key; set POLYGON_API_KEY or MASSIVE_API_KEY');
    expect(m.published).toEqual([
      {
        name: 'polygon',
        status: 'down',
        detail: 'not started: polygon: no API key; set POLYGON_API_KEY or MASSIVE_API_KEY',
        lastEventAt: null,
      },
    ]);
    expect(m.states).toEqual(['polygon=stopped']);
  });

  it('reports the receive time of the latest event', () => {
    const m = monitor();
    m.instance.update(status('connected'));
    m.instance.eventReceived('binance', 123_456);
    m.instance.update(status('connected'));
    expect(m.published.at(-1)?.lastEventAt).toBe(123_456);
  });
});
