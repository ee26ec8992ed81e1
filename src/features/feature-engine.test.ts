import { describe, expect, it } from 'vitest';
import { operatorContract } from '../../test/contract/operator-contract.js';
import { simulateStream, type StreamEvent } from '../../test/features/market-stream.js';
import { referenceFeatures, type ReferenceVector } from '../../test/features/reference-features.js';
import { calendarFor } from '../bars/sessions.js';
import type { Bar, FeatureSet, Quote, Trade } from '../core/events.js';
import { MICROS_PER_MINUTE, MICROS_PER_SECOND, microsFromIso, parseTimeframe } from '../core/time.js';
import { FEATURE_SCHEMA } from './definitions.js';
import { FeatureEngine, type FeatureEngineConfig, type FeatureEngineInput } from './feature-engine.js';
import { featureRecord, featureValue } from './feature-vector.js';
import { createFeatureEngine } from './index.js';

const CRYPTO_START = microsFromIso('2024-03-11T00:00:00Z');
const STOCK_START = microsFromIso('2024-03-11T13:00:00Z'); // Monday, before the open

function run(engine: FeatureEngine, events: readonly FeatureEngineInput[]): FeatureSet[] {
  const out: FeatureSet[] = [];
  for (const event of events) engine.next(event, (set) => out.push(set));
  return out;
}

/** Equal to 1e-9 relative (1e-12 absolute near 0), or both unavailable (null vs NaN). */
function expectMatches(actual: readonly FeatureSet[], expected: readonly ReferenceVector[], skip: string[] = []): void {
  expect(actual.length).toBe(expected.length);
  const mismatches: string[] = [];
  actual.forEach((set, k) => {
    set.names.forEach((name, i) => {
      if (skip.includes(name)) return;
      const got = set.values[i] ?? Number.NaN;
      const want = expected[k]![name];
      if (want === undefined) throw new Error(`the reference has no ${name}`);
      const same =
        (Number.isNaN(got) && !Number.isFinite(want)) || Math.abs(got - want) <= 1e-9 * Math.max(Math.abs(want), 1e-3);
      if (!same && mismatches.length < 10) mismatches.push(`bar ${k} ${name}: got ${got}, want ${want}`);
    });
  });
  expect(mismatches).toEqual([]);
}

/** How many bars have a value for each feature (so a test cannot pass on all-null columns). */
function availability(sets: readonly FeatureSet[]): Record<string, number> {
  const counts: Record<string, number> = {};
  FEATURE_SCHEMA.names.forEach((name, i) => {
    counts[name] = sets.filter((set) => set.values[i] !== null).length;
  });
  return counts;
}

describe('FeatureEngine on simulated crypto (1m bars, 26 hours)', () => {
  const timeframe = parseTimeframe('1m');
  const { events } = simulateStream({
    symbols: ['ETH-USD'],
    start: CRYPTO_START,
    minutes: 26 * 60,
    timeframe: '1m',
    tradesPerSecond: 0.25,
  });
  // ETH sizes are fractional (1e-8 steps): a bucket of 2 units is crossed by many trades.
  const config: FeatureEngineConfig = { symbol: 'ETH-USD', timeframe: '1m', vpin: { bucketVolume: 2, buckets: 30 } };
  const sets = run(new FeatureEngine(config), events);
  const reference = referenceFeatures(events, { timeframe, bucketVolume: 2, buckets: 30 });

  it('emits one vector per closed bar, in the schema’s order, at the bar’s end', () => {
    const bars = events.filter((e): e is Bar => e.type === 'bar');
    expect(sets.length).toBe(bars.length);
    expect(sets.length).toBeGreaterThan(1500);
    sets.forEach((set, k) => {
      expect(set.ts).toBe(bars[k]!.end);
      expect(set.start).toBe(bars[k]!.start);
      expect(set.names).toBe(FEATURE_SCHEMA.names);
      expect(set.schemaVersion).toBe(FEATURE_SCHEMA.version);
      expect(set.values.length).toBe(FEATURE_SCHEMA.names.length);
    });
    expect(JSON.parse(JSON.stringify(sets[500]))).toEqual(sets[500]);
  });

  it('matches the batch recomputation (test/features/reference-features.ts) on every feature', () => {
    expectMatches(sets, reference);
  });

  it('has a value for every feature once warm (1d needs a day of history)', () => {
    const counts = availability(sets);
    for (const name of FEATURE_SCHEMA.names) expect(counts[name], name).toBeGreaterThan(0);
    expect(counts.logret_1d).toBeGreaterThan(100);
    expect(counts.logret_1d).toBeLessThan(sets.length - 1400);
    expect(counts.rv_200).toBe(sets.length - 200);
  });

  it('latest is the last vector', () => {
    const engine = new FeatureEngine(config);
    run(engine, events.slice(0, 20_000));
    const last = run(new FeatureEngine(config), events.slice(0, 20_000)).at(-1)!;
    expect(Object.values(featureRecord(engine.latest))).toEqual(last.values);
    expect(featureValue(engine.latest, 'mid')).toBe(last.values[FEATURE_SCHEMA.index.get('mid')!]);
  });

  it('gives the same vectors whether a closing trade is fed before or after its bar (VPIN aside)', () => {
    const tradeFirst = simulateStream({
      symbols: ['ETH-USD'],
      start: CRYPTO_START,
      minutes: 6 * 60,
      timeframe: '1m',
      tradesPerSecond: 0.25,
      barsFirst: false,
    }).events;
    const barFirst = events.filter((e) => e.tsEvent < CRYPTO_START + 6 * 60 * MICROS_PER_MINUTE || e.type === 'bar');
    const a = run(new FeatureEngine(config), tradeFirst);
    const b = run(new FeatureEngine(config), barFirst).slice(0, a.length);
    const vpin = FEATURE_SCHEMA.index.get('vpin')!;
    const withoutVpin = (s: FeatureSet): (number | null)[] => s.values.filter((_, i) => i !== vpin);
    expect(a.length).toBeGreaterThan(300);
    expect(a.map(withoutVpin)).toEqual(b.map(withoutVpin));
    // The trade-first order puts each closing trade into VPIN before its bar: the reference agrees.
    expectMatches(a, referenceFeatures(tradeFirst, { timeframe, bucketVolume: 2, buckets: 30 }));
  });
});

describe('FeatureEngine on a simulated stock (5m bars over three sessions)', () => {
  const timeframe = parseTimeframe('5m');
  const { events } = simulateStream({
    symbols: ['JPM'],
    start: STOCK_START,
    minutes: 3 * 24 * 60 - 60,
    timeframe: '5m',
    tradesPerSecond: 0.1,
  });
  const config: FeatureEngineConfig = { symbol: 'JPM', timeframe: '5m', vpin: { bucketVolume: 5_000, buckets: 20 } };
  const sets = run(new FeatureEngine(config), events);

  it('matches the batch recomputation across overnight gaps', () => {
    expect(sets.length).toBe(3 * 78);
    expectMatches(sets, referenceFeatures(events, { timeframe, bucketVolume: 5_000, buckets: 20 }));
  });

  it('measures returns at the open from the previous close (the price h ago)', () => {
    const secondOpen = sets[78]!;
    const lastClose = events.filter((e): e is Bar => e.type === 'bar')[77]!.close;
    const firstClose = events.filter((e): e is Bar => e.type === 'bar')[78]!.close;
    const index = FEATURE_SCHEMA.index;
    expect(secondOpen.values[index.get('logret_5m')!]).toBeCloseTo(Math.log(firstClose / lastClose), 12);
    expect(secondOpen.values[index.get('logret_1h')!]).toBeCloseTo(Math.log(firstClose / lastClose), 12);
    expect(secondOpen.values[index.get('logret_1m')!]).toBeNull(); // a horizon shorter than the bar
  });
});

describe('FeatureEngine: inputs and edge cases', () => {
  const T0 = microsFromIso('2024-03-11T15:00:00Z');
  const trade = (ts: number, price: number, size = 10, symbol = 'X'): Trade => ({
    type: 'trade',
    symbol,
    tsEvent: ts,
    tsRecv: ts,
    price,
    size,
    side: 'unknown',
    tradeId: String(ts),
    source: 'test',
  });
  const quote = (ts: number, bid: number, ask: number, bidSize = 5, askSize = 5): Quote => ({
    type: 'quote',
    symbol: 'X',
    tsEvent: ts,
    tsRecv: ts,
    bidPrice: bid,
    bidSize,
    askPrice: ask,
    askSize,
    source: 'test',
  });
  const bar = (minute: number, close: number, volume = 10, timeframe = '1m'): Bar => {
    const start = T0 + minute * MICROS_PER_MINUTE;
    return {
      type: 'bar',
      symbol: 'X',
      timeframe,
      start,
      end: start + MICROS_PER_MINUTE,
      open: close,
      high: close,
      low: close,
      close,
      volume,
      vwap: close,
      trades: volume === 0 ? 0 : 1,
      buyVolume: 0,
      sellVolume: 0,
      revision: 0,
      tsEvent: start,
      tsRecv: start + MICROS_PER_MINUTE,
    };
  };
  const engine = (): FeatureEngine => createFeatureEngine({ symbol: 'X', timeframe: '1m', vpin: { bucketVolume: 10 } });
  const value = (set: FeatureSet, name: string): number | null => set.values[FEATURE_SCHEMA.index.get(name)!]!;
  const s = MICROS_PER_SECOND;

  it('attributes quotes after a window’s end to the next bar, even when they arrive before its bar', () => {
    const sets = run(engine(), [
      quote(T0 + s, 99, 101),
      trade(T0 + 2 * s, 101), // above the mid: buy
      quote(T0 + 61 * s, 100, 104, 7, 3), // window 2, before bar 1 is closed
      trade(T0 + 62 * s, 100), // below the mid 102: sell
      bar(0, 101),
      quote(T0 + 63 * s, 100, 102),
      bar(1, 100),
    ]);
    expect(sets.map((x) => value(x, 'trade_sign_imbalance'))).toEqual([1, -1]);
    expect(value(sets[0]!, 'mid')).toBe(100);
    expect(value(sets[0]!, 'spread_bps')).toBeCloseTo(200, 12);
    expect(value(sets[1]!, 'mid')).toBe(101);
    expect(value(sets[1]!, 'spread_bps')).toBeCloseTo((400 / 102 + 200 / 101) * 50, 9);
    // OFI of bar 2: (100,7 | 104,3) after (99,5 | 101,5): bid up +7, ask up +5 → 12; then
    // (100,5 | 102,5): bid same 5−7 = −2, ask down −5 → −7. Total 5.
    expect(value(sets[1]!, 'ofi')).toBe(5);
  });

  it('gives a flat bar of an empty window no flow of its own and carries the standing quote', () => {
    const sets = run(engine(), [
      quote(T0 + s, 99, 101),
      trade(T0 + 2 * s, 101),
      bar(0, 101),
      trade(T0 + 3 * MICROS_PER_MINUTE + s, 100), // window 3: closes bar 0 and the empty 1 and 2
      bar(1, 101, 0),
      bar(2, 101, 0),
      bar(3, 100),
    ]);
    expect(sets.map((x) => value(x, 'trade_sign_imbalance'))).toEqual([1, null, null, -1]);
    expect(sets.map((x) => value(x, 'mid'))).toEqual([100, 100, 100, 100]);
    expect(sets.map((x) => value(x, 'ofi'))).toEqual([0, 0, 0, 0]);
  });

  it('ignores and counts events older than the last closed bar; ignores other timeframes and forming bars', () => {
    const e = engine();
    const sets = run(e, [
      trade(T0 + s, 100),
      bar(0, 100),
      trade(T0 + 30 * s, 200), // late: bar 0 is closed
      quote(T0 + 40 * s, 1, 2),
      bar(0, 100, 10, '5m'),
      { ...bar(1, 100), type: 'bar.partial' },
      trade(T0 + 61 * s, 100),
      bar(1, 100),
    ]);
    expect(sets.length).toBe(2);
    expect(e.late).toBe(2);
    expect(value(sets[1]!, 'mid')).toBeNull(); // the late quote was not taken
    expect(value(sets[1]!, 'trade_sign_imbalance')).toBe(0); // no tick yet: unknown sign
  });

  it('on 1d bars attributes by the calendar session: quotes after the close go to the next day', () => {
    const e = createFeatureEngine({ symbol: 'X', timeframe: '1d', sessions: calendarFor('nyse') });
    const day = (offsetDays: number, hoursUtc: number): number =>
      microsFromIso('2024-03-11T00:00:00Z') + offsetDays * 24 * 3600 * s + hoursUtc * 3600 * s;
    const session = (offsetDays: number, close: number): Bar => ({
      ...bar(0, close),
      timeframe: '1d',
      start: day(offsetDays, 13.5),
      end: day(offsetDays, 20),
    });
    const sets = run(e, [
      quote(day(0, 14), 99, 101),
      trade(day(0, 15), 101), // buy
      quote(day(0, 21), 90, 92), // after Monday's close (20:00 UTC), before Monday's bar
      trade(day(1, 14), 90), // Tuesday: below the mid 91, a sell
      session(0, 101),
      session(1, 90),
    ]);
    expect(sets.map((x) => value(x, 'trade_sign_imbalance'))).toEqual([1, -1]);
    expect(sets.map((x) => value(x, 'mid'))).toEqual([100, 91]);
    expect(value(sets[1]!, 'logret_1d')).toBeCloseTo(Math.log(90 / 101), 14);
  });

  it('when a window’s bar never comes, the next bar takes its flow instead of lagging a bar behind', () => {
    const sets = run(engine(), [
      trade(T0 + s, 100),
      trade(T0 + 2 * s, 101), // window 0: up-tick buy; its bar is lost
      trade(T0 + 61 * s, 100), // window 1: down-tick sell
      bar(1, 100),
      trade(T0 + 121 * s, 99), // window 2: sell
      trade(T0 + 122 * s, 99), // zero tick: sell
      bar(2, 99),
    ]);
    // Bar 1 takes windows 0 and 1: signs 0 (first trade), +1, −1.
    expect(sets.map((x) => value(x, 'trade_sign_imbalance'))).toEqual([0, -1]);
  });

  it('refuses events of another symbol', () => {
    expect(() => engine().next(trade(T0, 1, 1, 'Y'), () => undefined)).toThrow(/route events by symbol/);
  });

  it('VPIN starts after calibration on the mean volume of the first bars when the bucket is automatic', () => {
    const e = createFeatureEngine({ symbol: 'X', timeframe: '1m', vpin: { buckets: 2, calibrationBars: 2 } });
    const events: StreamEvent[] = [];
    for (let m = 0; m < 6; m++) {
      events.push(trade(T0 + m * MICROS_PER_MINUTE + s, 100 + (m % 2), 10));
      events.push(bar(m, 100 + (m % 2), 10));
    }
    const sets = run(e, events);
    // V = 10 after bar 1; bars 2.. fill one bucket each: up-tick buy, down-tick sell, …
    expect(sets.map((x) => value(x, 'vpin'))).toEqual([null, null, null, 1, 1, 1]);
  });
});

describe('FeatureEngine: operator contract', () => {
  const { events } = simulateStream({
    symbols: ['BTC-USD'],
    start: CRYPTO_START,
    minutes: 40,
    timeframe: '10s',
    tradesPerSecond: 0.6,
  });
  operatorContract('FeatureEngine BTC-USD 10s', {
    create: () => createFeatureEngine({ symbol: 'BTC-USD', timeframe: '10s', vpin: { bucketVolume: 'auto' } }),
    inputs: events,
    minOutputs: 200,
  });
});
