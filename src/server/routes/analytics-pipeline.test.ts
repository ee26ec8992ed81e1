/**
 * The analytics routes wired to a real Pipeline fed by the simulator, as the run loop wires
 * them: indicator and feature events written to the store, every event to the cache, the
 * latest correlation event per timeframe kept for `correlation`, `peekIndicators` straight
 * from the pipeline. The API must return what the pipeline emitted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../../../test/helpers/server.js';
import { ReplayClock } from '../../core/clock.js';
import type { Bar, CorrelationMatrixEvent, FeatureSet, IndicatorSet, PipelineEvent } from '../../core/events.js';
import { MICROS_PER_MINUTE, microsFromIso } from '../../core/time.js';
import { selectIndicator } from '../../indicators/catalog.js';
import { Pipeline, type PipelineOptions } from '../../pipeline/pipeline.js';
import { MarketSimulator, defaultUniverse } from '../../sources/simulator/index.js';

const instruments = defaultUniverse(12)
  .filter((i) => i.assetClass === 'crypto')
  .slice(0, 3);
const START = microsFromIso('2025-01-07T14:25:00Z');
const MINUTES = 9;

const OPTIONS: PipelineOptions = {
  instruments,
  timeframes: ['1m'],
  validation: {
    maxFutureSkew: 5_000_000,
    maxPastAge: 86_400_000_000,
    allowedLateness: 2_000_000,
    duplicateWindow: 1_000,
  },
  bars: { closeDelay: 1_000_000, partialInterval: 1_000_000, fillGaps: false },
  detectors: [],
  indicators: () => [selectIndicator('sma', [3])],
  features: { timeframes: ['1m'], correlationWindow: 3 },
};

describe('analytics routes on a running pipeline', () => {
  let server: TestServer;
  let viewer: { authorization: string };
  const clock = new ReplayClock(START);
  const pipeline = new Pipeline(OPTIONS, clock);
  const emitted: PipelineEvent[] = [];
  const latestCorrelation = new Map<string, CorrelationMatrixEvent>();
  const symbol = instruments[0]!.symbol;
  const get = (url: string) => server.inject({ method: 'GET', url, headers: viewer });

  beforeAll(async () => {
    expect(instruments).toHaveLength(3);
    const simulator = new MarketSimulator({
      seed: 5,
      start: START,
      instruments,
      anomaliesPerSymbolDay: 0,
      meanLatency: 2_000,
    });
    // Stop mid-bar so a bar is forming.
    simulator.advance(START + MINUTES * MICROS_PER_MINUTE + 30_000_000, (input) => {
      const recv = (input as { tsRecv?: number }).tsRecv;
      if (typeof recv === 'number') clock.advanceTo(Math.max(clock.now(), recv));
      pipeline.next(input, (event) => emitted.push(event));
    });
    server = await createTestServer({
      timeframes: ['1m'],
      deps: {
        peekIndicators: (s, tf) => pipeline.peekIndicators(s, tf),
        correlation: (tf) => latestCorrelation.get(tf) ?? null,
      },
    });
    viewer = await server.apiKey('viewer');
    for (const event of emitted) {
      server.cache.observe(event);
      if (event.type === 'correlation') latestCorrelation.set(event.timeframe, event);
    }
    await server.store.write({
      bars: emitted.filter((e): e is Bar => e.type === 'bar'),
      indicators: emitted.filter((e): e is IndicatorSet => e.type === 'indicators'),
      features: emitted.filter((e): e is FeatureSet => e.type === 'features'),
    });
  });
  afterAll(async () => {
    expect(server.schemaViolations).toEqual([]);
    await server.close();
  });

  it('serves the stored indicator values the pipeline emitted', async () => {
    const expected = emitted.filter((e): e is IndicatorSet => e.type === 'indicators' && e.symbol === symbol);
    expect(expected.length).toBeGreaterThanOrEqual(MINUTES - 1);
    const body = (await get(`/api/v1/indicators/${symbol}/history?order=asc&limit=1000`)).json();
    expect(body.data.map((row: { start: number; values: object }) => [row.start, row.values])).toEqual(
      expected.map((set) => [set.start, set.values]),
    );
  });

  it('serves the stored feature vectors the pipeline emitted', async () => {
    const expected = emitted.filter((e): e is FeatureSet => e.type === 'features' && e.symbol === symbol);
    expect(expected.length).toBeGreaterThan(0);
    const body = (await get(`/api/v1/features/${symbol}?order=asc&limit=1000`)).json();
    expect(body.data.map((row: { names: string[]; values: (number | null)[] }) => [row.names, row.values])).toEqual(
      expected.map((set) => [set.names, set.values]),
    );
  });

  it('serves the latest correlation matrix the pipeline emitted', async () => {
    const latest = latestCorrelation.get('1m');
    expect(latest).toBeDefined();
    const body = (await get('/api/v1/correlation')).json();
    expect(body.symbols).toEqual(instruments.map((i) => i.symbol));
    expect(body.ts).toBe(latest!.ts);
    expect(body.matrix.flat()).toEqual([...latest!.values]);
  });

  it('adds intrabar values: the SMA(3) of the two last closed closes and the forming close', async () => {
    const body = (await get(`/api/v1/indicators/${symbol}?timeframe=1m`)).json();
    const closed = emitted.filter((e): e is Bar => e.type === 'bar' && e.symbol === symbol);
    const forming = emitted.filter((e) => e.type === 'bar.partial' && e.symbol === symbol).at(-1) as Bar | undefined;
    expect(forming).toBeDefined();
    expect(forming!.start).toBeGreaterThan(closed.at(-1)!.start);
    expect(body.intrabar).toHaveLength(1);
    expect(body.intrabar[0].start).toBe(forming!.start);
    // Independent oracle: the arithmetic mean, computed here from the emitted bars.
    const expected = (closed.at(-2)!.close + closed.at(-1)!.close + forming!.close) / 3;
    expect(body.intrabar[0].values.sma_3).toBeCloseTo(expected, 9);
    // The closed-bar values are the last IndicatorSet's.
    expect(body.indicators[0].ts).toBe(closed.at(-1)!.end);
  });
});
