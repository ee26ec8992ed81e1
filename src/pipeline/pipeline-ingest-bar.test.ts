/**
 * Provider bars into the pipeline (`Pipeline.ingestBar`): warm-up history and gap-fill minutes.
 * The reference is the same pipeline streaming the trades those minute bars were built from.
 */
import { describe, expect, it } from 'vitest';
import { ReplayClock } from '../core/clock.js';
import type { Bar, BarCorrection, IndicatorSet, Label, Micros, PipelineEvent, Trade } from '../core/events.js';
import { MICROS_PER_MINUTE, microsFromIso } from '../core/time.js';
import { VolumeSpikeDetector } from '../detectors/index.js';
import { selectIndicator } from '../indicators/catalog.js';
import { MarketSimulator, defaultUniverse, type SimulatorEvent } from '../sources/simulator/index.js';
import { Pipeline, type PipelineOptions } from './pipeline.js';

const universe = defaultUniverse(12);
const instruments = [
  universe.find((i) => i.assetClass === 'stock'),
  universe.find((i) => i.assetClass === 'crypto'),
].flatMap((i) => (i ? [i] : []));
const START = microsFromIso('2025-01-07T14:20:00Z'); // ten minutes before the NYSE open

const OPTIONS: PipelineOptions = {
  instruments,
  timeframes: ['1s', '1m', '5m', '1h', '1d'],
  validation: {
    maxFutureSkew: 5_000_000,
    maxPastAge: 86_400_000_000,
    allowedLateness: 2_000_000,
    duplicateWindow: 1_000,
  },
  bars: { closeDelay: 1_000_000, partialInterval: null, fillGaps: false },
  detectors: [
    { timeframe: '1m', create: () => new VolumeSpikeDetector({ lookback: 5, threshold: 2, criticalMultiple: 4 }) },
  ],
  indicators: (_symbol, timeframe) =>
    timeframe === '1m' || timeframe === '5m' ? [selectIndicator('sma', [3]), selectIndicator('rsi', [5])] : [],
};

/** The simulator's trades and quotes (no anomalies are injected, so no labels). */
type MarketEvent = Exclude<SimulatorEvent, Label>;

function simulate(minutes: number): MarketEvent[] {
  const simulator = new MarketSimulator({
    seed: 5,
    start: START,
    instruments,
    anomaliesPerSymbolDay: 0,
    meanLatency: 2_000,
  });
  const events: MarketEvent[] = [];
  simulator.advance(START + minutes * MICROS_PER_MINUTE, (e) => {
    if (e.type !== 'label') events.push(e);
  });
  return events;
}

type BarLike = Bar | BarCorrection;
const key = (bar: { symbol: string; timeframe: string; start: Micros }): string =>
  `${bar.symbol} ${bar.timeframe} ${bar.start}`;

/** The final revision of every bar in `events`, by (symbol, timeframe, start). */
function finalBars(events: readonly PipelineEvent[]): Map<string, BarLike> {
  const bars = new Map<string, BarLike>();
  for (const event of events) if (event.type === 'bar' || event.type === 'bar.correction') bars.set(key(event), event);
  return bars;
}

/** Streams the simulated inputs through a pipeline, the clock following receive times, then closes everything. */
function stream(inputs: readonly MarketEvent[], end: Micros, options: PipelineOptions = OPTIONS): PipelineEvent[] {
  const clock = new ReplayClock();
  const pipeline = new Pipeline(options, clock);
  const out: PipelineEvent[] = [];
  for (const input of inputs) {
    clock.advanceTo(input.tsRecv);
    pipeline.onTime(clock.now(), (e) => out.push(e));
    pipeline.next(input, (e) => out.push(e));
  }
  clock.advanceTo(end);
  pipeline.onTime(end, (e) => out.push(e));
  return out;
}

/** Final 1m bars as provider bars (type `bar`, in time order). */
function minuteBars(events: readonly PipelineEvent[]): Bar[] {
  return [...finalBars(events).values()]
    .filter((bar) => bar.timeframe === '1m')
    .map((bar) => ({ ...bar, type: 'bar' as const, revision: 0 }))
    .sort((a, b) => a.start - b.start || a.symbol.localeCompare(b.symbol));
}

function ingestAll(pipeline: Pipeline, clock: ReplayClock, bars: readonly Bar[], out: PipelineEvent[]): string[] {
  const outcomes: string[] = [];
  for (const bar of bars) {
    if (bar.end > clock.now()) clock.advanceTo(bar.end);
    outcomes.push(pipeline.ingestBar(bar, (e) => out.push(e)));
  }
  return outcomes;
}

function expectSameBar(actual: BarLike | undefined, expected: BarLike): void {
  expect(actual, key(expected)).toBeDefined();
  const a = actual as BarLike;
  expect([a.start, a.end, a.open, a.high, a.low, a.close, a.trades, a.tsEvent, a.tsRecv]).toEqual([
    expected.start,
    expected.end,
    expected.open,
    expected.high,
    expected.low,
    expected.close,
    expected.trades,
    expected.tsEvent,
    expected.tsRecv,
  ]);
  // Sums over trades and sums over minute sums differ in the last bits only.
  expect(a.volume).toBeCloseTo(expected.volume, 6);
  expect(a.vwap).toBeCloseTo(expected.vwap, 6);
  expect(a.buyVolume).toBeCloseTo(expected.buyVolume, 6);
  expect(a.sellVolume).toBeCloseTo(expected.sellVolume, 6);
}

const symbol = instruments[1]?.symbol as string;
const t0 = microsFromIso('2025-01-07T16:00:00Z');
function trade(ts: Micros, price: number, id: number): Trade {
  return {
    type: 'trade',
    symbol,
    price,
    size: 1,
    side: 'buy',
    tradeId: String(id),
    source: 'test',
    tsEvent: ts,
    tsRecv: ts + 1_000,
  };
}
/** The provider's bar of minute `minute` after t0: volume 1.5, 7 trades, range price-1 … price+5. */
function gapBar(minute: number, price: number, tsRecv: Micros): Bar {
  return {
    type: 'bar',
    symbol,
    timeframe: '1m',
    start: t0 + minute * MICROS_PER_MINUTE,
    end: t0 + (minute + 1) * MICROS_PER_MINUTE,
    open: price,
    high: price + 5,
    low: price - 1,
    close: price,
    volume: 1.5,
    vwap: price,
    trades: 7,
    buyVolume: 0,
    sellVolume: 0,
    revision: 0,
    tsEvent: t0 + (minute + 1) * MICROS_PER_MINUTE - 1,
    tsRecv,
  };
}

describe('Pipeline.ingestBar', () => {
  const minutes = 90;
  const end = START + minutes * MICROS_PER_MINUTE + 5_000_000;
  const streamed = stream(simulate(minutes), end);
  const reference = finalBars(streamed);
  const bars = minuteBars(streamed);

  it('builds the same 1m, 5m, 1h and 1d bars from minute bars as from the trades they summarise', () => {
    expect(bars.length).toBeGreaterThan(2 * (minutes - 10));
    const clock = new ReplayClock();
    const pipeline = new Pipeline(OPTIONS, clock);
    const out: PipelineEvent[] = [];
    const outcomes = ingestAll(pipeline, clock, bars, out);
    expect(new Set(outcomes)).toEqual(new Set(['ingested']));
    clock.advanceTo(end);
    pipeline.onTime(end, (e) => out.push(e));
    const built = finalBars(out);
    let compared = 0;
    for (const [name, expected] of reference) {
      if (expected.timeframe === '1s') continue;
      expectSameBar(built.get(name), expected);
      compared++;
    }
    expect(compared).toBeGreaterThan(bars.length);
    // No 1s bars come from minute bars, and no bar the trades did not make.
    expect([...built.values()].filter((bar) => bar.timeframe === '1s')).toEqual([]);
    expect([...built.keys()].filter((name) => !reference.has(name))).toEqual([]);
    // Warm: the minute indicators and the 5m ones run on the ingested history, as on the trades.
    const indicators = (events: readonly PipelineEvent[], timeframe: string) =>
      events.filter((e): e is IndicatorSet => e.type === 'indicators' && e.timeframe === timeframe);
    for (const timeframe of ['1m', '5m']) {
      const fromBars = indicators(out, timeframe);
      const fromTrades = new Map(indicators(streamed, timeframe).map((set) => [key(set), set]));
      expect(fromBars.length).toBeGreaterThan(0);
      for (const set of fromBars) {
        const expected = fromTrades.get(key(set));
        expect(expected, key(set)).toBeDefined();
        for (const [column, value] of Object.entries(set.values)) {
          const want = expected?.values[column];
          if (value === null || want === null || want === undefined) expect(value).toBe(want ?? null);
          else expect(value).toBeCloseTo(want, 6);
        }
      }
      expect(fromBars.at(-1)?.values['sma_3']).not.toBeNull();
    }
  });

  it('with gap filling, builds the same flat bars between the minute bars as between the trades', () => {
    const options: PipelineOptions = { ...OPTIONS, bars: { ...OPTIONS.bars, fillGaps: true } };
    // Two quiet minutes in every seven (and the stock's quiet pre-market) leave windows to fill.
    const quiet = (ts: Micros): boolean => [2, 3].includes(Math.floor((ts - START) / MICROS_PER_MINUTE) % 7);
    const sparse = simulate(minutes).filter((input) => input.type !== 'trade' || !quiet(input.tsEvent));
    const streamedFlat = stream(sparse, end, options);
    const expected = finalBars(streamedFlat);
    const withTrades = minuteBars(streamedFlat).filter((bar) => bar.trades > 0);
    expect(withTrades.length).toBeLessThan([...expected.values()].filter((b) => b.timeframe === '1m').length);
    const clock = new ReplayClock();
    const pipeline = new Pipeline(options, clock);
    const out: PipelineEvent[] = [];
    expect(new Set(ingestAll(pipeline, clock, withTrades, out))).toEqual(new Set(['ingested']));
    clock.advanceTo(end);
    pipeline.onTime(end, (e) => out.push(e));
    const built = finalBars(out);
    let flat = 0;
    for (const [name, bar] of expected) {
      if (bar.timeframe === '1s') continue;
      expectSameBar(built.get(name), bar);
      if (bar.trades === 0) flat++;
    }
    expect(flat).toBeGreaterThan(0);
  });

  it('takes warm-up history, then continues from live trades; a later bar for a window with trades or an old window is left out', () => {
    const inputs = simulate(minutes);
    const cut = START + 30 * MICROS_PER_MINUTE;
    const history = bars.filter((bar) => bar.end <= cut);
    const live = inputs.filter((input) => input.type !== 'trade' || input.tsEvent >= cut);
    const clock = new ReplayClock();
    const pipeline = new Pipeline(OPTIONS, clock);
    const out: PipelineEvent[] = [];
    expect(new Set(ingestAll(pipeline, clock, history, out))).toEqual(new Set(['ingested']));
    // The last history minute closes on the clock like any quiet window.
    pipeline.onTime(cut + 1_000_000, (e) => out.push(e));
    const lastHistory = history.at(-1) as Bar;
    expect(out.some((e) => e.type === 'bar' && e.timeframe === '1m' && e.start === lastHistory.start)).toBe(true);
    for (const input of live) {
      if (input.tsRecv > clock.now()) clock.advanceTo(input.tsRecv);
      pipeline.onTime(clock.now(), (e) => out.push(e));
      pipeline.next(input, (e) => out.push(e));
    }
    clock.advanceTo(end);
    pipeline.onTime(end, (e) => out.push(e));
    // Every closed bar equals the streamed one: the history's windows, the live ones, and those
    // that span both (the 14:00 hour).
    const built = finalBars(out);
    let spanning = 0;
    for (const [name, expected] of reference) {
      if (expected.timeframe === '1s' && expected.start < cut) continue;
      expectSameBar(built.get(name), expected);
      if (expected.start < cut && expected.end > cut) spanning++;
    }
    expect(spanning).toBe(instruments.length); // the 14:00 hour of each symbol
    const forming = bars.filter((bar) => bar.start >= end - 3 * MICROS_PER_MINUTE).at(-1) as Bar;
    expect(pipeline.ingestBar(forming, () => undefined)).toBe('has-trades');
    expect(pipeline.ingestBar(history[0] as Bar, () => undefined)).toBe('too-late');
  });

  it('fills a gap: the missing minutes are corrected into existence and the 5m bar includes them', () => {
    const clock = new ReplayClock();
    const pipeline = new Pipeline(OPTIONS, clock);
    const out: PipelineEvent[] = [];
    const push = (e: PipelineEvent) => out.push(e);
    for (const [minute, price, id] of [
      [0, 100, 1],
      [3, 103, 2],
    ] as const) {
      const t = trade(t0 + minute * MICROS_PER_MINUTE + 5_000_000, price, id);
      clock.advanceTo(t.tsRecv);
      pipeline.next(t, push);
    }
    // Minutes 0 and 3 hold trades: trades win, nothing is counted twice.
    expect(pipeline.ingestBar(gapBar(0, 100, clock.now()), push)).toBe('has-trades');
    expect(pipeline.ingestBar(gapBar(1, 101, clock.now()), push)).toBe('ingested');
    expect(pipeline.ingestBar(gapBar(2, 102, clock.now()), push)).toBe('ingested');
    expect(pipeline.ingestBar(gapBar(3, 103, clock.now()), push)).toBe('has-trades');
    // Minute 0 is no longer held (past the lateness, and not the newest): nothing is known of it.
    expect(pipeline.ingestBar(gapBar(0, 100, clock.now()), push)).toBe('too-late');
    const corrections = out.filter((e): e is BarCorrection => e.type === 'bar.correction' && e.timeframe === '1m');
    expect(corrections.map((c) => [c.start, c.volume, c.revision])).toEqual([
      [t0 + MICROS_PER_MINUTE, 1.5, 1],
      [t0 + 2 * MICROS_PER_MINUTE, 1.5, 1],
    ]);
    clock.advanceTo(t0 + 5 * MICROS_PER_MINUTE + 2_000_000);
    pipeline.onTime(clock.now(), push);
    const fiveMinutes = out.find((e): e is Bar => e.type === 'bar' && e.timeframe === '5m') as Bar;
    expect(fiveMinutes.volume).toBe(2 + 3);
    expect(fiveMinutes.trades).toBe(2 + 14);
    expect(fiveMinutes.high).toBe(107);
    expect(fiveMinutes.low).toBe(100);
    expect([fiveMinutes.open, fiveMinutes.close]).toEqual([100, 103]);
    // A gap minute in a 5m window that has closed (the newest one is kept) corrects it.
    const later = gapBar(4, 104, clock.now());
    const next = trade(t0 + 6 * MICROS_PER_MINUTE, 106, 3);
    clock.advanceTo(next.tsRecv);
    pipeline.next(next, push);
    expect(pipeline.ingestBar(later, push)).toBe('ingested');
    const corrected = out.at(-1);
    expect(corrected?.type === 'bar.correction' && corrected.timeframe === '5m' ? corrected : null).toMatchObject({
      start: t0,
      volume: 6.5,
      high: 109,
      close: 104,
      revision: 1,
    });
  });

  it('with gap filling, a gap minute replaces its flat bar and the flat bars after it follow its close', () => {
    const clock = new ReplayClock();
    const pipeline = new Pipeline({ ...OPTIONS, bars: { ...OPTIONS.bars, fillGaps: true } }, clock);
    const out: PipelineEvent[] = [];
    const push = (e: PipelineEvent) => out.push(e);
    for (const [minute, price, id] of [
      [0, 100, 1],
      [3, 103, 2],
    ] as const) {
      const t = trade(t0 + minute * MICROS_PER_MINUTE + 5_000_000, price, id);
      clock.advanceTo(t.tsRecv);
      pipeline.next(t, push);
    }
    const oneMinute = (type: string) =>
      out.filter((e): e is BarLike => e.type === type && 'timeframe' in e && e.timeframe === '1m');
    // The trade of minute 3 published minutes 1 and 2 as flat bars at 100.
    expect(oneMinute('bar').map((bar) => [bar.start - t0, bar.close, bar.volume])).toEqual([
      [0, 100, 1],
      [MICROS_PER_MINUTE, 100, 0],
      [2 * MICROS_PER_MINUTE, 100, 0],
    ]);
    expect(pipeline.ingestBar(gapBar(1, 101, clock.now()), push)).toBe('ingested');
    expect(pipeline.ingestBar(gapBar(2, 102, clock.now()), push)).toBe('ingested');
    expect(oneMinute('bar.correction').map((bar) => [bar.start - t0, bar.close, bar.volume, bar.revision])).toEqual([
      [MICROS_PER_MINUTE, 101, 1.5, 1],
      [2 * MICROS_PER_MINUTE, 101, 0, 1], // the flat minute after it now shows its close
      [2 * MICROS_PER_MINUTE, 102, 1.5, 2],
    ]);
    clock.advanceTo(t0 + 5 * MICROS_PER_MINUTE + 2_000_000);
    pipeline.onTime(clock.now(), push);
    const fiveMinutes = out.find((e): e is Bar => e.type === 'bar' && e.timeframe === '5m') as Bar;
    expect([fiveMinutes.volume, fiveMinutes.trades, fiveMinutes.close]).toEqual([5, 16, 103]);
  });

  it('restores from a snapshot taken in the middle of the warm-up and ends where an uninterrupted run does', () => {
    const half = Math.floor(bars.length / 2);
    const whole = (): PipelineEvent[] => {
      const clock = new ReplayClock();
      const pipeline = new Pipeline(OPTIONS, clock);
      const out: PipelineEvent[] = [];
      ingestAll(pipeline, clock, bars, out);
      clock.advanceTo(end);
      pipeline.onTime(end, (e) => out.push(e));
      return out;
    };
    const first = new ReplayClock();
    const before = new Pipeline(OPTIONS, first);
    const out: PipelineEvent[] = [];
    ingestAll(before, first, bars.slice(0, half), out);
    const state = JSON.parse(JSON.stringify(before.snapshot())) as ReturnType<Pipeline['snapshot']>;
    const second = new ReplayClock();
    second.advanceTo(first.now());
    const after = new Pipeline(OPTIONS, second);
    after.restore(state);
    ingestAll(after, second, bars.slice(half), out);
    second.advanceTo(end);
    after.onTime(end, (e) => out.push(e));
    expect(JSON.stringify(out)).toBe(JSON.stringify(whole()));
  });

  it('after a restore, takes the minutes since the checkpoint and leaves out those it holds', () => {
    const cut = START + 40 * MICROS_PER_MINUTE;
    const clock = new ReplayClock();
    const before = new Pipeline(OPTIONS, clock);
    for (const input of simulate(minutes).filter((i) => i.tsRecv < cut)) {
      clock.advanceTo(input.tsRecv);
      before.onTime(clock.now(), () => undefined);
      before.next(input, () => undefined);
    }
    const state = JSON.parse(JSON.stringify(before.snapshot())) as ReturnType<Pipeline['snapshot']>;
    const after = new Pipeline(OPTIONS, clock);
    after.restore(state);
    const out: PipelineEvent[] = [];
    const outcomes = bars.map((bar) => [bar.start < cut - MICROS_PER_MINUTE, after.ingestBar(bar, (e) => out.push(e))]);
    // Minutes before the checkpoint are in the restored state (held with trades) or no longer
    // held: none enters twice. The minutes since enter.
    const old = new Set(outcomes.filter(([isOld]) => isOld).map(([, outcome]) => outcome));
    expect(old.has('ingested')).toBe(false);
    expect(old.has('too-late')).toBe(true);
    const since = new Set(outcomes.filter(([isOld]) => !isOld).map(([, outcome]) => outcome));
    expect(since.has('ingested')).toBe(true);
    expect(since.has('too-late')).toBe(false);
    clock.advanceTo(end);
    after.onTime(end, (e) => out.push(e));
    const built = finalBars(out);
    // The 5m windows after the checkpoint are whole again: history minutes and no double counts.
    const later = [...reference.values()].filter((bar) => bar.timeframe === '5m' && bar.start >= cut);
    expect(later.length).toBeGreaterThan(0);
    for (const bar of later) expectSameBar(built.get(key(bar)), bar);
  });

  it('quarantines a malformed or misaligned bar instead of building from it', () => {
    const clock = new ReplayClock();
    const pipeline = new Pipeline(OPTIONS, clock);
    const out: PipelineEvent[] = [];
    const good = bars[0] as Bar;
    const cases: [Bar, RegExp][] = [
      [{ ...good, symbol: 'NOPE' }, /not an instrument/],
      [{ ...good, timeframe: '15m' }, /15m is not built/],
      [{ ...good, start: good.start + 1, end: good.end + 1 }, /not one aligned 1m window/],
      [{ ...good, high: good.low - 1 }, /do not bound/],
      [{ ...good, close: Number.NaN }, /finite and > 0/],
      [{ ...good, volume: -1 }, /finite and >= 0/],
    ];
    for (const [bar, detail] of cases) {
      expect(pipeline.ingestBar(bar, (e) => out.push(e))).toBe('rejected');
      const last = out.at(-1);
      expect(last?.type).toBe('quarantine');
      expect(last?.type === 'quarantine' ? last.detail : '').toMatch(detail);
    }
    expect(out.filter((e) => e.type !== 'quarantine')).toEqual([]);
  });
});
