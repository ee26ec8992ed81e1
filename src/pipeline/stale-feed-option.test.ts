import { describe, expect, it } from 'vitest';
import { ReplayClock } from '../core/clock.js';
import type { Anomaly, Instrument, PipelineEvent, Trade } from '../core/events.js';
import { MICROS_PER_SECOND, microsFromIso } from '../core/time.js';
import { Pipeline, type PipelineOptions } from './pipeline.js';

const coin: Instrument = { symbol: 'COIN', assetClass: 'crypto', calendar: '24x7', tickSize: 0.01 };
const START = microsFromIso('2025-01-07T00:00:00Z');
const OPTIONS: PipelineOptions = {
  instruments: [coin],
  timeframes: ['1m'],
  validation: {
    maxFutureSkew: 5_000_000,
    maxPastAge: 86_400_000_000,
    allowedLateness: 2_000_000,
    duplicateWindow: 100,
  },
  bars: { closeDelay: 1_000_000, partialInterval: null, fillGaps: false },
  detectors: [],
  staleFeed: { maxSilence: 60 * MICROS_PER_SECOND, criticalSilence: 300 * MICROS_PER_SECOND },
};

const trade = (t: number, id: number): Trade => ({
  type: 'trade',
  symbol: 'COIN',
  tsEvent: t,
  tsRecv: t + 1000,
  price: 100,
  size: 1,
  side: 'buy',
  tradeId: String(id),
  source: 'test',
});

function run(pipeline: Pipeline, clock: ReplayClock, until: number, from: number): Anomaly[] {
  const anomalies: Anomaly[] = [];
  const emit = (e: PipelineEvent): void => {
    if (e.type === 'anomaly') anomalies.push(e);
  };
  for (let t = from; t <= until; t += 100_000) {
    clock.advanceTo(t);
    pipeline.onTime(t, emit);
  }
  return anomalies;
}

describe('Pipeline staleFeed option', () => {
  it('warns once after the silence limit, escalates once, and survives snapshot/restore', () => {
    const clock = new ReplayClock();
    const pipeline = new Pipeline(OPTIONS, clock);
    clock.advanceTo(START + 1000);
    const seen: PipelineEvent[] = [];
    pipeline.next(trade(START, 1), (e) => seen.push(e));
    expect(seen.some((e) => e.type === 'trade')).toBe(true);
    const warning = run(pipeline, clock, START + 120 * MICROS_PER_SECOND, START + 1000);
    expect(warning.map((a) => [a.detector, a.severity])).toEqual([['stale_feed', 'warning']]);
    // The check runs once per second of processing time: detection within a second of the limit.
    expect((warning[0] as Anomaly).ts - (START + 1000)).toBeGreaterThanOrEqual(60 * MICROS_PER_SECOND);
    expect((warning[0] as Anomaly).ts - (START + 1000)).toBeLessThanOrEqual(61 * MICROS_PER_SECOND);
    const state = JSON.parse(JSON.stringify(pipeline.snapshot())) as ReturnType<Pipeline['snapshot']>;
    const copy = new Pipeline(OPTIONS, clock);
    copy.restore(state);
    const later = START + 320 * MICROS_PER_SECOND;
    const critical = run(pipeline, clock, later, START + 120 * MICROS_PER_SECOND);
    const criticalCopy = run(copy, new ReplayClock(), later, START + 120 * MICROS_PER_SECOND);
    expect(critical.map((a) => a.severity)).toEqual(['critical']);
    expect(criticalCopy).toEqual(critical);
  });

  it('also checks on input time, so a silence is caught without timers (a run catching up) before the input ends it', () => {
    const clock = new ReplayClock();
    const pipeline = new Pipeline(OPTIONS, clock);
    const seen: PipelineEvent[] = [];
    const feed = (input: Trade): void => {
      clock.advanceTo(input.tsRecv);
      pipeline.next(input, (e) => seen.push(e));
    };
    feed(trade(START, 1));
    feed(trade(START + 10 * MICROS_PER_SECOND, 2));
    feed(trade(START + 200 * MICROS_PER_SECOND, 3)); // 190 s of silence, no onTime in between
    const types = seen.flatMap((e) =>
      e.type === 'anomaly' ? [`${e.detector}:${e.severity}`] : e.type === 'trade' ? ['trade'] : [],
    );
    expect(types).toEqual(['trade', 'trade', 'stale_feed:warning', 'trade']);
    const warning = seen.find((e) => e.type === 'anomaly') as Anomaly;
    expect(warning.rawScore).toBe(190);
  });

  it('is off without the option', () => {
    const clock = new ReplayClock();
    const { staleFeed: _off, ...rest } = OPTIONS;
    const pipeline = new Pipeline(rest, clock);
    clock.advanceTo(START + 1000);
    pipeline.next(trade(START, 1), () => undefined);
    expect(run(pipeline, clock, START + 400 * MICROS_PER_SECOND, START + 1000)).toEqual([]);
  });
});
