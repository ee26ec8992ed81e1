import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { operatorContract } from '../../test/contract/operator-contract.js';
import { ReplayClock } from '../core/clock.js';
import type { Micros, PipelineEvent, Trade } from '../core/events.js';
import type { Emit, Operator } from '../core/operator.js';
import { MICROS_PER_MINUTE, microsFromIso } from '../core/time.js';
import { PriceSpikeDetector, VolumeSpikeDetector } from '../detectors/index.js';
import { MarketSimulator, defaultUniverse, type SimulatorEvent } from '../sources/simulator/index.js';
import { Pipeline, type PipelineOptions, type PipelineState } from './pipeline.js';

const universe = defaultUniverse(12);
const instruments = [
  universe.find((i) => i.assetClass === 'stock'),
  universe.find((i) => i.assetClass === 'crypto'),
].flatMap((i) => (i ? [i] : []));
const START = microsFromIso('2025-01-07T14:25:00Z'); // five minutes before the NYSE open

const OPTIONS: PipelineOptions = {
  instruments,
  timeframes: ['1s', '1m', '5m', '1d'],
  validation: {
    maxFutureSkew: 5_000_000,
    maxPastAge: 86_400_000_000,
    allowedLateness: 2_000_000,
    duplicateWindow: 1_000,
  },
  bars: { closeDelay: 1_000_000, partialInterval: 1_000_000, fillGaps: false },
  detectors: [
    { timeframe: '1m', create: () => new VolumeSpikeDetector({ lookback: 5, threshold: 2, criticalMultiple: 4 }) },
    {
      timeframe: '1m',
      create: () => new PriceSpikeDetector({ lookback: 5, threshold: 0.002, criticalThreshold: 0.01 }),
    },
  ],
};

function simulate(minutes: number, anomaliesPerSymbolDay = 0): SimulatorEvent[] {
  const simulator = new MarketSimulator({
    seed: 11,
    start: START,
    instruments,
    anomaliesPerSymbolDay,
    meanLatency: 2_000,
  });
  const events: SimulatorEvent[] = [];
  simulator.advance(START + minutes * MICROS_PER_MINUTE, (e) => events.push(e));
  return events;
}

/** Drives a pipeline the way replay does: the clock follows each input's receive time. */
class DrivenPipeline implements Operator<unknown, PipelineEvent, PipelineState> {
  private readonly clock = new ReplayClock();
  private readonly pipeline = new Pipeline(OPTIONS, this.clock);

  next(input: unknown, emit: Emit<PipelineEvent>): void {
    const recv = (input as { tsRecv?: unknown } | null)?.tsRecv;
    if (typeof recv === 'number' && Number.isSafeInteger(recv)) this.clock.advanceTo(recv);
    this.pipeline.next(input, emit);
  }
  onTime(now: Micros, emit: Emit<PipelineEvent>): void {
    this.clock.advanceTo(now);
    this.pipeline.onTime(now, emit);
  }
  snapshot(): PipelineState {
    return this.pipeline.snapshot();
  }
  restore(state: PipelineState): void {
    this.pipeline.restore(state);
  }
  reset(): void {
    this.pipeline.reset();
  }
}

/** Feeds one input with the clock at its receive time, as replay does. */
function feed(pipeline: Pipeline, clock: ReplayClock, input: unknown, emit: Emit<PipelineEvent>): void {
  clock.advanceTo((input as Trade).tsRecv);
  pipeline.next(input, emit);
}

const market = simulate(20).filter((e) => e.type !== 'label');

operatorContract('Pipeline (validate → bars → detectors)', {
  create: () => new DrivenPipeline(),
  inputs: market,
  timers: market
    .map((e, i) => ({ afterInput: i, now: (e as Trade).tsRecv + 1_500_000 }))
    .filter((_, i) => i % 500 === 0),
  minOutputs: market.length,
});

describe('Pipeline', () => {
  it('emits every valid input, then its bars, then anomalies from closed bars, in a deterministic order', () => {
    const out: PipelineEvent[] = [];
    const driven = new DrivenPipeline();
    for (const input of market) driven.next(input, (e) => out.push(e));
    const types = new Set(out.map((e) => e.type));
    expect([...types].sort()).toEqual(['anomaly', 'bar', 'bar.partial', 'quote', 'trade']);
    expect(out.filter((e) => e.type === 'trade' || e.type === 'quote')).toHaveLength(market.length);
    expect(out.filter((e) => e.type === 'quarantine')).toHaveLength(0);
    // An anomaly always follows the closed bar it was scored on.
    out.forEach((event, i) => {
      if (event.type !== 'anomaly') return;
      const bar = out
        .slice(0, i)
        .reverse()
        .find((e) => e.type === 'bar' && e.symbol === event.symbol && e.timeframe === event.timeframe);
      expect(bar?.type === 'bar' ? bar.end : null).toBe(event.ts);
    });
  });

  it('turning forming bars off changes nothing else', () => {
    const withPartials: PipelineEvent[] = [];
    const without: PipelineEvent[] = [];
    const clock = new ReplayClock(START);
    const a = new Pipeline(OPTIONS, clock);
    const b = new Pipeline(OPTIONS, clock);
    b.emitPartials = false;
    for (const input of market) {
      feed(a, clock, input, (e) => withPartials.push(e));
      b.next(input, (e) => without.push(e));
    }
    expect(withPartials.filter((e) => e.type === 'bar').length).toBeGreaterThan(1000);
    expect(without).toEqual(withPartials.filter((e) => e.type !== 'bar.partial'));
  });

  it('property: hostile inputs mixed into a market stream never throw; each input yields itself or one quarantine', () => {
    const hostile = fc.oneof(
      fc.anything(),
      fc.record({
        type: fc.constantFrom('trade', 'quote'),
        symbol: fc.constantFrom('AAPL', 'BTC-USD', 'NOPE', ''),
        price: fc.double(),
      }),
      fc
        .constantFrom(...market.slice(0, 50))
        .map((e) => ({ ...e, tsEvent: (e as Trade).tsEvent - 10 * MICROS_PER_MINUTE })),
      fc.constantFrom(...market.slice(0, 50)), // duplicates and stale replays of real events
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(market.length - 1), hostile), { maxLength: 30 }), (insertions) => {
        const inputs: unknown[] = [...market.slice(0, 2_000)];
        for (const [at, value] of insertions) inputs.splice(at % inputs.length, 0, value);
        const clock = new ReplayClock(START);
        const pipeline = new Pipeline(OPTIONS, clock);
        let inputLevel = 0;
        for (const input of inputs) {
          const recv = (input as { tsRecv?: unknown } | null)?.tsRecv;
          if (typeof recv === 'number' && Number.isSafeInteger(recv) && recv < START + 86_400_000_000)
            clock.advanceTo(recv);
          pipeline.next(input, (e) => {
            if (e.type === 'trade' || e.type === 'quote' || e.type === 'quarantine') inputLevel++;
          });
        }
        expect(inputLevel).toBe(inputs.length);
      }),
      { numRuns: 40 },
    );
  });

  it('finds the injected anomalies: a volume or price anomaly inside most labelled volume spikes and jumps', () => {
    const events = simulate(6 * 60, 30);
    const labels = events.flatMap((e) =>
      e.type === 'label' && (e.kind === 'volume_spike' || e.kind === 'price_jump') ? [e] : [],
    );
    const clock = new ReplayClock(START);
    const pipeline = new Pipeline(
      {
        ...OPTIONS,
        detectors: [
          { timeframe: '1m', create: () => new VolumeSpikeDetector() },
          {
            timeframe: '1m',
            create: () => new PriceSpikeDetector({ lookback: 20, threshold: 0.02, criticalThreshold: 0.05 }),
          },
        ],
      },
      clock,
    );
    const anomalies: PipelineEvent[] = [];
    for (const event of events) {
      if (event.type !== 'label') feed(pipeline, clock, event, (e) => e.type === 'anomaly' && anomalies.push(e));
    }
    expect(labels.length).toBeGreaterThanOrEqual(3);
    const found = labels.filter((label) =>
      anomalies.some(
        (a) =>
          a.type === 'anomaly' &&
          a.symbol === label.symbol &&
          a.ts >= label.start &&
          a.ts <= label.end + 2 * MICROS_PER_MINUTE,
      ),
    );
    expect(found.length / labels.length).toBeGreaterThanOrEqual(0.6);
  });

  it('closes a quiet feed’s bars on the timer, exactly at end + closeDelay, however often onTime is called', () => {
    const clock = new ReplayClock(START);
    const pipeline = new Pipeline(OPTIONS, clock);
    const first = market.find((e): e is Trade => e.type === 'trade' && e.symbol === instruments[1]?.symbol) as Trade;
    const out: PipelineEvent[] = [];
    feed(pipeline, clock, first, (e) => out.push(e));
    const secondEnd = first.tsEvent - (first.tsEvent % 1_000_000) + 1_000_000;
    for (let now = first.tsRecv; now < secondEnd + 1_000_000; now += 1_000) pipeline.onTime(now, (e) => out.push(e));
    expect(out.filter((e) => e.type === 'bar')).toHaveLength(0);
    pipeline.onTime(secondEnd + 1_000_000, (e) => out.push(e));
    const closed = out.filter((e) => e.type === 'bar');
    expect(closed.map((b) => (b.type === 'bar' ? `${b.timeframe}:${b.end}` : ''))).toEqual([`1s:${secondEnd}`]);
  });

  it('refuses a cross-asset correlation matrix over more than 200 symbols, naming the field and the fix', () => {
    const many = defaultUniverse(201);
    expect(
      () =>
        new Pipeline(
          { ...OPTIONS, instruments: many, features: { timeframes: ['1m'], correlationWindow: 60 } },
          new ReplayClock(START),
        ),
    ).toThrow(/pipeline\.features\.correlationWindow: .*201 symbols would track 20100 pairs — fix: set it to 0/);
    expect(
      () =>
        new Pipeline(
          { ...OPTIONS, instruments: many, features: { timeframes: ['1m'], correlationWindow: 0 } },
          new ReplayClock(START),
        ),
    ).not.toThrow();
  });

  it('restores a checkpoint with a symbol added since: the new symbol starts fresh', () => {
    const clock = new ReplayClock(START);
    const small = new Pipeline({ ...OPTIONS, instruments: instruments.slice(0, 1) }, clock);
    let bars = 0;
    for (const input of market) feed(small, clock, input, (e) => (bars += e.type === 'bar' ? 1 : 0));
    expect(bars).toBeGreaterThan(100);
    const grown = new Pipeline(OPTIONS, new ReplayClock(START));
    grown.restore(JSON.parse(JSON.stringify(small.snapshot())) as PipelineState);
    expect(Object.keys(grown.snapshot().symbols).sort()).toEqual(instruments.map((i) => i.symbol).sort());
  });
});
