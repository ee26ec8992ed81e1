import { describe, expect, it } from 'vitest';
import type { Anomaly, Label, Trade } from '../../core/events.js';
import { MICROS_PER_SECOND } from '../../core/time.js';
import { operatorContract } from '../../../test/contract/operator-contract.js';
import { MarketSimulator } from '../../sources/simulator/market-simulator.js';
import { defaultUniverse } from '../../sources/simulator/universe.js';
import { StaleFeedMonitor } from './stale-feed.js';

// Wednesday 2024-03-06: NYSE opens 14:30 UTC (before US daylight time).
const OPEN = Date.UTC(2024, 2, 6, 14, 30) * 1000;
const trade = (symbol: string, ts: number): Trade => ({
  type: 'trade',
  symbol,
  tsEvent: ts,
  tsRecv: ts,
  price: 100,
  size: 1,
  side: 'buy',
  tradeId: `${symbol}-${ts}`,
  source: 'test',
});
const instruments = [
  { symbol: 'AAPL', calendar: 'nyse' as const },
  { symbol: 'BTC-USD', calendar: '24x7' as const },
];

describe('StaleFeedMonitor', () => {
  it('warns once after maxSilence in session, escalates at criticalSilence, re-arms on the next event', () => {
    const monitor = new StaleFeedMonitor({
      instruments,
      maxSilence: 60 * MICROS_PER_SECOND,
      criticalSilence: 300 * MICROS_PER_SECOND,
    });
    const out: Anomaly[] = [];
    const emit = (a: Anomaly): void => void out.push(a);
    monitor.next(trade('AAPL', OPEN + 10 * MICROS_PER_SECOND), emit);
    monitor.next(trade('BTC-USD', OPEN + 10 * MICROS_PER_SECOND), emit);
    monitor.onTime(OPEN + 69 * MICROS_PER_SECOND, emit);
    expect(out).toEqual([]);
    monitor.onTime(OPEN + 70 * MICROS_PER_SECOND, emit);
    expect(out.map((a) => [a.symbol, a.severity, a.rawScore])).toEqual([
      ['AAPL', 'warning', 60],
      ['BTC-USD', 'warning', 60],
    ]);
    monitor.onTime(OPEN + 200 * MICROS_PER_SECOND, emit);
    expect(out).toHaveLength(2);
    monitor.next(trade('BTC-USD', OPEN + 250 * MICROS_PER_SECOND), emit);
    monitor.onTime(OPEN + 310 * MICROS_PER_SECOND, emit);
    expect(out.slice(2).map((a) => [a.symbol, a.severity, a.rawScore])).toEqual([
      ['AAPL', 'critical', 300],
      ['BTC-USD', 'warning', 60],
    ]);
  });

  it('counts silence from the session open and never alerts while the market is closed', () => {
    const monitor = new StaleFeedMonitor({ instruments: [instruments[0]!] });
    const out: Anomaly[] = [];
    monitor.next(trade('AAPL', OPEN - 17 * 3600 * MICROS_PER_SECOND), (a) => out.push(a)); // yesterday
    monitor.onTime(OPEN - 60 * MICROS_PER_SECOND, (a) => out.push(a)); // pre-market
    monitor.onTime(OPEN + 30 * MICROS_PER_SECOND, (a) => out.push(a));
    expect(out).toEqual([]);
    monitor.onTime(OPEN + 61 * MICROS_PER_SECOND, (a) => out.push(a));
    expect(out.map((a) => a.rawScore)).toEqual([61]);
  });

  it('counts silence only from when it started watching: a replay or run starting mid-session raises nothing at once', () => {
    const monitor = new StaleFeedMonitor({ instruments });
    const out: Anomaly[] = [];
    const emit = (a: Anomaly): void => void out.push(a);
    // Hours into BTC-USD's UTC day and half an hour into AAPL's session, the first thing seen is an AAPL trade.
    const start = OPEN + 1800 * MICROS_PER_SECOND;
    monitor.next(trade('AAPL', start), emit);
    monitor.onTime(start + 59 * MICROS_PER_SECOND, emit);
    expect(out).toEqual([]);
    monitor.onTime(start + 60 * MICROS_PER_SECOND, emit);
    expect(out.map((a) => [a.symbol, a.rawScore])).toEqual([
      ['AAPL', 60],
      ['BTC-USD', 60],
    ]);
  });

  it('after resumeWatching (a live run restored after downtime) counts silence from the restart, not the checkpoint', () => {
    const config = { instruments, maxSilence: 60 * MICROS_PER_SECOND, criticalSilence: 300 * MICROS_PER_SECOND };
    const before = new StaleFeedMonitor(config);
    const out: Anomaly[] = [];
    const emit = (a: Anomaly): void => void out.push(a);
    before.next(trade('AAPL', OPEN + 10 * MICROS_PER_SECOND), emit);
    before.next(trade('BTC-USD', OPEN + 10 * MICROS_PER_SECOND), emit);
    const saved = before.snapshot();
    const restart = OPEN + 3600 * MICROS_PER_SECOND; // an hour of downtime
    const plain = new StaleFeedMonitor(config);
    plain.restore(saved);
    plain.onTime(restart, emit);
    expect(out.map((a) => a.severity)).toEqual(['critical', 'critical']); // what resuming avoids
    out.length = 0;
    const resumed = new StaleFeedMonitor(config);
    resumed.restore(saved);
    resumed.resumeWatching(restart);
    resumed.onTime(restart + 59 * MICROS_PER_SECOND, emit);
    expect(out).toEqual([]);
    resumed.next(trade('BTC-USD', restart + 30 * MICROS_PER_SECOND), emit);
    resumed.onTime(restart + 60 * MICROS_PER_SECOND, emit);
    expect(out.map((a) => [a.symbol, a.severity, a.rawScore])).toEqual([['AAPL', 'warning', 60]]);
  });

  it('follows the NYSE calendar: no alarm over a weekend, a holiday, the night or after an early close', () => {
    const at = (iso: string): number => Date.parse(iso) * 1000;
    const monitor = new StaleFeedMonitor({ instruments: [instruments[0]!] });
    const out: Anomaly[] = [];
    const emit = (a: Anomaly): void => void out.push(a);
    // Silent every minute from Friday's close to Tuesday's open: Saturday, Sunday, Monday 2024-01-15
    // (Martin Luther King Jr. Day) and the nights in between.
    monitor.next(trade('AAPL', at('2024-01-12T20:59:00Z')), emit); // Friday 15:59 New York
    for (let t = at('2024-01-12T21:00:00Z'); t < at('2024-01-16T14:30:00Z'); t += 60 * MICROS_PER_SECOND)
      monitor.onTime(t, emit);
    expect(out).toEqual([]);
    // Tuesday's session opens at 09:30 New York: silence counts from there.
    monitor.onTime(at('2024-01-16T14:31:00Z'), emit);
    expect(out.map((a) => [a.symbol, a.rawScore, a.severity])).toEqual([['AAPL', 60, 'warning']]);
    // The day after Thanksgiving closes at 13:00 New York (18:00 UTC): silence after that is not stale.
    const early = new StaleFeedMonitor({ instruments: [instruments[0]!] });
    const after: Anomaly[] = [];
    early.next(trade('AAPL', at('2024-11-29T17:59:30Z')), (a) => after.push(a));
    for (let t = at('2024-11-29T18:00:00Z'); t < at('2024-11-29T21:00:00Z'); t += 10 * MICROS_PER_SECOND)
      early.onTime(t, (a) => after.push(a));
    expect(after).toEqual([]);
    // The same silence on a regular Friday is stale within a minute.
    const regular = new StaleFeedMonitor({ instruments: [instruments[0]!] });
    regular.next(trade('AAPL', at('2024-11-22T17:59:30Z')), (a) => after.push(a));
    regular.onTime(at('2024-11-22T18:00:31Z'), (a) => after.push(a));
    expect(after.map((a) => a.rawScore)).toEqual([61]);
  });

  it('finds the simulator’s injected stale feeds with few false alarms', () => {
    const universe = defaultUniverse(4);
    const simulator = new MarketSimulator({
      seed: 'stale',
      start: OPEN - 3600 * MICROS_PER_SECOND,
      instruments: universe,
      anomaliesPerSymbolDay: 5,
      anomalyKinds: ['stale_feed'],
      meanLatency: 2_000,
    });
    const monitor = new StaleFeedMonitor({ instruments: universe });
    const labels: Label[] = [];
    const alerts: Anomaly[] = [];
    for (let t = 1; t <= 24 * 3600; t++) {
      const now = OPEN - 3600 * MICROS_PER_SECOND + t * MICROS_PER_SECOND;
      simulator.advance(now, (event) => {
        if (event.type === 'label') labels.push(event);
        else monitor.next(event, (a) => alerts.push(a));
      });
      monitor.onTime(now, (a) => alerts.push(a));
    }
    const warnings = alerts.filter((a) => a.severity === 'warning');
    const explained = (a: Anomaly): boolean =>
      labels.some((l) => l.symbol === a.symbol && a.ts >= l.start && a.ts <= l.end + 60 * MICROS_PER_SECOND);
    const found = labels.filter((l) =>
      warnings.some((a) => a.symbol === l.symbol && a.ts >= l.start && a.ts <= l.end + 60 * MICROS_PER_SECOND),
    );
    expect(labels.length).toBeGreaterThanOrEqual(5);
    expect(found.length).toBe(labels.length); // every silence ≥ 3 min is caught
    expect(warnings.filter((a) => !explained(a)).length).toBeLessThanOrEqual(1);
  });
});

const start = OPEN - 120 * MICROS_PER_SECOND;
const inputs: Trade[] = [];
for (let i = 0; i < 200; i++)
  inputs.push(trade(i % 3 === 0 ? 'BTC-USD' : 'AAPL', start + (i < 100 ? i : i + 200) * 5 * MICROS_PER_SECOND));
operatorContract('stale_feed monitor', {
  create: () => new StaleFeedMonitor({ instruments }),
  inputs,
  timers: [
    ...inputs.map((t, i) => ({ afterInput: i, now: t.tsRecv + MICROS_PER_SECOND })),
    { afterInput: 99, now: (inputs[99]?.tsRecv ?? 0) + 90 * MICROS_PER_SECOND },
    { afterInput: 99, now: (inputs[99]?.tsRecv ?? 0) + 400 * MICROS_PER_SECOND },
  ],
  minOutputs: 4,
});
