/**
 * Pair detectors (correlation break on two symbols' bars) and feature-vector detectors (how
 * trained models run) inside the pipeline: the operator contract (determinism, snapshot/restore,
 * reset) and where their anomalies come from.
 */
import { describe, expect, it } from 'vitest';
import { operatorContract } from '../../test/contract/operator-contract.js';
import { ReplayClock } from '../core/clock.js';
import type { Micros, PipelineEvent, Trade } from '../core/events.js';
import type { Emit, Operator } from '../core/operator.js';
import { MICROS_PER_MINUTE, microsFromIso } from '../core/time.js';
import {
  CorrelationBreakDetector,
  ProcessingLatencyDetector,
  RobustZScoreDetector,
  SpreadBlowoutDetector,
} from '../detectors/index.js';
import { MarketSimulator, defaultUniverse, type SimulatorEvent } from '../sources/simulator/index.js';
import { Pipeline, type PipelineOptions, type PipelineState } from './pipeline.js';

const instruments = defaultUniverse(2); // AAPL (NYSE) and BTC-USD (24/7)
const START = microsFromIso('2025-01-07T14:30:00Z'); // the NYSE open

const OPTIONS: PipelineOptions = {
  instruments,
  timeframes: ['1m'],
  validation: {
    maxFutureSkew: 5_000_000,
    maxPastAge: 86_400_000_000,
    allowedLateness: 2_000_000,
    duplicateWindow: 1_000,
  },
  bars: { closeDelay: 1_000_000, partialInterval: null, fillGaps: false },
  detectors: [],
  features: { timeframes: ['1m'], correlationWindow: 0 },
  pairDetectors: [
    {
      timeframe: '1m',
      first: 'AAPL',
      second: 'BTC-USD',
      // Low thresholds so a short stream triggers: the contract needs outputs to compare.
      create: () =>
        // Plain Pearson both ways: the robust default spends 30 pairs learning its scales.
        new CorrelationBreakDetector({
          shortWindow: 5,
          longWindow: 12,
          threshold: 0.5,
          criticalThreshold: 3,
          clip: null,
          jump: null,
          direction: 'both',
        }),
    },
  ],
  featureDetectors: [
    {
      timeframe: '1m',
      create: () => new RobustZScoreDetector({ window: 5, threshold: 2, criticalThreshold: 8, minRelativeMAD: 1e-9 }),
      context: { model: 'test v1' },
    },
  ],
  // Low thresholds so ordinary quotes and latencies trigger; episodes keep the anomalies few.
  eventDetectors: [
    {
      stream: 'quote',
      create: () => new SpreadBlowoutDetector({ threshold: 1.5, criticalThreshold: 3, halfLife: 50, warmUp: 20 }),
      episodeGap: 10_000_000,
    },
    {
      stream: 'feed',
      create: () => new ProcessingLatencyDetector({ threshold: 3_000, criticalThreshold: 10_000 }),
      episodeGap: 5_000_000,
    },
  ],
};

function simulate(minutes: number): SimulatorEvent[] {
  const simulator = new MarketSimulator({
    seed: 3,
    start: START,
    instruments,
    anomaliesPerSymbolDay: 0,
    meanLatency: 2_000,
  });
  const events: SimulatorEvent[] = [];
  simulator.advance(START + minutes * MICROS_PER_MINUTE, (e) => events.push(e));
  return events.filter((e) => e.type !== 'label');
}

class DrivenPipeline implements Operator<unknown, PipelineEvent, PipelineState> {
  private readonly clock = new ReplayClock();
  readonly pipeline: Pipeline;
  constructor(options: PipelineOptions = OPTIONS) {
    this.pipeline = new Pipeline(options, this.clock);
  }
  next(input: unknown, emit: Emit<PipelineEvent>): void {
    this.clock.advanceTo((input as Trade).tsRecv);
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

const market = simulate(40);

operatorContract('Pipeline with pair and feature-vector detectors', {
  create: () => new DrivenPipeline(),
  inputs: market,
  timers: market
    .map((e, i) => ({ afterInput: i, now: (e as Trade).tsRecv + 1_500_000 }))
    .filter((_, i) => i % 300 === 0),
  minOutputs: market.length,
});

describe('Pipeline pair and feature-vector detectors', () => {
  const out: PipelineEvent[] = [];
  const driven = new DrivenPipeline();
  for (const input of market) driven.next(input, (e) => out.push(e));
  const anomalies = out.flatMap((e) => (e.type === 'anomaly' ? [e] : []));

  it('reports a correlation break on the first symbol, after the bars of both, naming the pair', () => {
    const breaks = anomalies.filter((a) => a.detector === 'correlation_break');
    expect(breaks.length).toBeGreaterThan(0);
    for (const anomaly of breaks) {
      expect(anomaly.symbol).toBe('AAPL');
      expect(anomaly.context).toMatchObject({ pair: 'AAPL/BTC-USD', first: 'AAPL', second: 'BTC-USD' });
      expect(anomaly.explanation[0]?.feature).toBe('AAPL/BTC-USD short_correlation');
      const index = out.indexOf(anomaly);
      for (const symbol of ['AAPL', 'BTC-USD'])
        expect(out.slice(0, index).some((e) => e.type === 'bar' && e.symbol === symbol && e.end === anomaly.ts)).toBe(
          true,
        );
    }
  });

  it('scores each symbol’s feature vectors right after they are emitted, with the setup’s context', () => {
    const scored = anomalies.filter((a) => a.detector === 'robust_zscore');
    expect(scored.length).toBeGreaterThan(0);
    for (const anomaly of scored) {
      expect(anomaly.context['model']).toBe('test v1');
      const index = out.indexOf(anomaly);
      const features = out
        .slice(0, index)
        .reverse()
        .find((e) => e.type === 'features' && e.symbol === anomaly.symbol);
      expect(features?.type === 'features' ? features.ts : null).toBe(anomaly.ts);
    }
  });

  it('restores a checkpoint taken without the feature detectors (a model file went missing) by starting them fresh', () => {
    const without = new DrivenPipeline({ ...OPTIONS, featureDetectors: [] });
    for (const input of market.slice(0, 2000)) without.next(input, () => undefined);
    const state = JSON.parse(JSON.stringify(without.snapshot())) as PipelineState;
    const withModel = new DrivenPipeline();
    expect(() => withModel.restore(state)).not.toThrow();
    const rest = market.slice(2000);
    const after: PipelineEvent[] = [];
    for (const input of rest) withModel.next(input, (e) => after.push(e));
    const scored = after.flatMap((e) => (e.type === 'anomaly' && e.detector === 'robust_zscore' ? [e] : []));
    expect(scored.length).toBeGreaterThan(0);
    // Fresh detectors: nothing scored before their warm-up of 5 vectors after the restore point.
    const restoredAt = (rest[0] as Trade).tsRecv;
    for (const anomaly of scored) expect(anomaly.ts).toBeGreaterThan(restoredAt + 5 * MICROS_PER_MINUTE);
  });

  it('scores spreads on quotes and latency on trades and quotes, one anomaly per episode', () => {
    const inputTimes = new Map<string, number[]>(); // `${symbol}\t${type}` → event times
    for (const e of market) {
      const input = e as { type: string; symbol: string; tsEvent: number };
      const key = `${input.symbol}\t${input.type}`;
      const times = inputTimes.get(key);
      if (times === undefined) inputTimes.set(key, [input.tsEvent]);
      else times.push(input.tsEvent);
    }
    for (const [detector, timeframe, types, gap] of [
      ['spread_blowout', 'quote', ['quote'], 10_000_000],
      ['processing_latency', 'feed', ['trade', 'quote'], 5_000_000],
    ] as const) {
      const found = anomalies.filter((a) => a.detector === detector);
      expect(found.length).toBeGreaterThan(0);
      for (const symbol of ['AAPL', 'BTC-USD']) {
        const own = found.filter((a) => a.symbol === symbol);
        own.forEach((anomaly, i) => {
          expect(anomaly.timeframe).toBe(timeframe);
          // Each anomaly is at the time of one of the symbol's inputs of those types.
          expect(types.some((type) => inputTimes.get(`${symbol}\t${type}`)?.includes(anomaly.ts))).toBe(true);
          const previous = own[i - 1];
          // A later anomaly opens a new episode or raises the severity.
          if (previous !== undefined && anomaly.ts - previous.ts <= gap)
            expect([previous.severity, anomaly.severity]).toEqual(['warning', 'critical']);
        });
      }
    }
    // Latencies above 3 ms are about a fifth of all inputs (exponential, mean 2 ms), on both symbols,
    // yet the episodes make them far fewer anomalies.
    const latency = anomalies.filter((a) => a.detector === 'processing_latency');
    expect(new Set(latency.map((a) => a.symbol))).toEqual(new Set(['AAPL', 'BTC-USD']));
    expect(latency.length).toBeLessThan(market.length / 50);
  });

  it('refuses a feature detector on a timeframe without features and a pair naming an unknown symbol', () => {
    expect(() => new DrivenPipeline({ ...OPTIONS, features: { timeframes: [], correlationWindow: 0 } })).toThrow(
      /feature detector on timeframe 1m, which has no feature vectors/,
    );
    expect(
      () =>
        new DrivenPipeline({
          ...OPTIONS,
          pairDetectors: [{ ...OPTIONS.pairDetectors![0]!, second: 'QQQ' }],
        }),
    ).toThrow(/AAPL\/QQQ names QQQ, which is not an instrument of this run \(AAPL, BTC-USD\)/);
  });
});
