import { describe, expect, it } from 'vitest';
import { T0, anomaly, bar, quote, trade } from '../../test/server/market-events.js';
import { SystemStatsCollector } from './system-stats-collector.js';

const SECOND = 1_000_000;
const MS = 1_000;

describe('SystemStatsCollector', () => {
  it('averages ticks over the whole seconds of the window before the current one', () => {
    const collector = new SystemStatsCollector({ windowSeconds: 10 });
    // Seconds 0..9 after T0: 5 trades each; second 10 (the current one) 3 quotes, not yet counted.
    for (let s = 0; s < 10; s++) {
      for (let i = 0; i < 5; i++) collector.observe(trade('AAPL', s * 5 + i), T0 + s * SECOND + i * MS);
    }
    for (let i = 0; i < 3; i++) collector.observe(quote('AAPL', i), T0 + 10 * SECOND + i * MS);
    expect(collector.stats(T0 + 10 * SECOND + 500 * MS).ticksPerSecond).toBe(5); // 50 / 10
    // One second later the 3 quotes are in and second 0 has left the window: (45 + 3) / 10.
    expect(collector.stats(T0 + 11 * SECOND).ticksPerSecond).toBeCloseTo(4.8, 12);
    // Long after: nothing in the window.
    expect(collector.stats(T0 + 60 * SECOND).ticksPerSecond).toBe(0);
    // A ring slot reused by a later second starts from zero: second 22 takes the slot (of 11) that second 0's 5 trades held.
    collector.observe(trade('AAPL', 99), T0 + 22 * SECOND);
    expect(collector.stats(T0 + 23 * SECOND).ticksPerSecond).toBeCloseTo(0.1, 12);
  });

  it('counts events by type since start', () => {
    const collector = new SystemStatsCollector();
    collector.observe(trade('AAPL', 1), T0);
    collector.observe(trade('MSFT', 1), T0);
    collector.observe(quote('AAPL', 1), T0);
    collector.observe(bar('AAPL', 1), T0 + 200 * SECOND);
    expect(collector.stats(T0).eventsByType).toEqual({ trade: 2, quote: 1, bar: 1 });
  });

  it('gives nearest-rank latency percentiles in milliseconds per stage', () => {
    const collector = new SystemStatsCollector();
    // Latencies 1..100 ms in a scrambled order (37 is coprime with 100, so k·37 mod 100 visits each once).
    for (let k = 0; k < 100; k++) {
      const latencyMs = ((k * 37) % 100) + 1;
      const event = bar('AAPL', k);
      collector.observe(event, event.tsRecv + latencyMs * MS);
    }
    const event = anomaly('AAPL', 1);
    collector.observe(event, event.tsRecv + 2_500);
    // By hand: the nearest-rank p-th percentile of 1..100 is the ceil(100p)-th value.
    expect(collector.stats(T0).latencyMs).toEqual({
      receive_to_bar: { count: 100, p50: 50, p90: 90, p99: 99, max: 100 },
      receive_to_anomaly: { count: 1, p50: 2.5, p90: 2.5, p99: 2.5, max: 2.5 },
    });
  });

  it('keeps only the most recent latency samples', () => {
    const collector = new SystemStatsCollector({ latencySamples: 10 });
    for (let latencyMs = 1; latencyMs <= 20; latencyMs++) {
      const event = bar('AAPL', latencyMs);
      collector.observe(event, event.tsRecv + latencyMs * MS);
    }
    // Samples 11..20 remain: the 5th of 10 is 15, the 9th 19, the 10th 20.
    expect(collector.stats(T0).latencyMs.receive_to_bar).toEqual({ count: 10, p50: 15, p90: 19, p99: 20, max: 20 });
  });

  it('reports store write rates and the total, and passes the hub figures through', () => {
    const collector = new SystemStatsCollector({ windowSeconds: 2 });
    collector.storeWrite(100, T0);
    collector.storeWrite(300, T0 + 1 * SECOND);
    collector.storeWrite(50, T0 + 1 * SECOND + 10 * MS);
    const websocket = { clients: 2, queuedFrames: 0, maxClientQueue: 0, framesSent: 10, framesDropped: 0 };
    const stats = collector.stats(T0 + 2 * SECOND, websocket);
    expect(stats.storeWrites).toEqual({ rowsPerSecond: 225, batchesPerSecond: 1.5, rowsTotal: 450 });
    expect(stats.websocket).toBe(websocket);
    expect(stats.windowSeconds).toBe(2);
    expect(collector.stats(T0).websocket).toBeNull();
  });

  it('refuses a window that is not a whole number of seconds', () => {
    expect(() => new SystemStatsCollector({ windowSeconds: 0 })).toThrow(/windowSeconds/);
    expect(() => new SystemStatsCollector({ latencySamples: 2.5 })).toThrow(/latencySamples/);
  });
});
