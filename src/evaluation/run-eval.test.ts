import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Label } from '../core/events.js';
import { MICROS_PER_DAY, microsFromIso } from '../core/time.js';
import { validateConfig } from '../config/load.js';
import { MarketSimulator, defaultUniverse } from '../sources/simulator/index.js';
import { RecordingWriter } from '../runtime/recording.js';
import { RECORDING_HEADER } from '../runtime/replay.js';
import { runEvaluation, type EvalReport } from './run-eval.js';
import { formatEvalReport } from './format-report.js';

// Two crypto symbols (24/7, so every simulated minute has bars), one day, many volume spikes and
// price jumps, light activity: small enough to replay in a few seconds.
const dir = mkdtempSync(join(tmpdir(), 'tickwatch-eval-'));
const labels: Label[] = [];
let report: EvalReport;
let cold: EvalReport; // no burn-in
const firstTrade = new Map<string, number>();

beforeAll(async () => {
  const instruments = defaultUniverse(8)
    .filter((i) => i.calendar === '24x7')
    .slice(0, 2)
    .map((i) => ({ ...i, tradesPerSecond: 0.5 }));
  const start = microsFromIso('2025-01-06T00:00:00Z');
  const simulator = new MarketSimulator({
    seed: 11,
    start,
    instruments,
    anomaliesPerSymbolDay: 12,
    anomalyKinds: ['volume_spike', 'price_jump'],
    meanLatency: 2_000,
  });
  const writer = new RecordingWriter(join(dir, 'events.ndjson'));
  writer.write({ type: RECORDING_HEADER, version: 1, instruments, createdBy: 'run-eval.test' });
  simulator.advance(start + MICROS_PER_DAY, (event) => {
    if (event.type === 'label') labels.push(event);
    if (event.type === 'trade' && !firstTrade.has(event.symbol)) firstTrade.set(event.symbol, event.tsEvent);
    writer.write(event);
  });
  await writer.close();
  const config = validateConfig(
    {
      pipeline: {
        timeframes: ['1m'],
        features: { timeframes: [] },
        detectors: { ensemble: { minSamples: 100, calibrationWindow: 700, tailProbability: 0.01 } },
      },
    },
    'test',
  );
  report = await runEvaluation({ dataset: dir, config });
  cold = await runEvaluation({ dataset: dir, config, burnInSeconds: 0, members: false });
}, 90_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runEvaluation on a simulated dataset', () => {
  it('reads every label and evaluates the configured detectors and each ensemble member', () => {
    expect(labels.length).toBeGreaterThan(10);
    expect(cold.labels).toBe(labels.length);
    expect(cold.burnInLabels).toBe(0);
    expect(cold.instruments).toBe(2);
    expect(cold.symbolDays).toBeCloseTo(2, 2); // two symbols, one day of trades (no meta.json)
    expect(report.instruments).toBe(2);
    expect(report.detectors.map((d) => d.detector)).toEqual([
      'volume_spike',
      'price_spike',
      'ensemble',
      'system',
      'member:robust_zscore',
      'member:cusum',
      'member:volume_spike',
      'member:bar_gap',
      'member:robust_zscore_trades',
      'member:range_regime',
      'stale_feed',
      'spread_blowout',
      'processing_latency',
    ]);
    // "system" is the ensemble with the detectors of what bars cannot show: silence, spreads, latency.
    const row = (name: string) => report.detectors.find((d) => d.detector === name);
    expect(row('system')?.detections).toBe(
      ['ensemble', 'stale_feed', 'spread_blowout', 'processing_latency'].reduce(
        (sum, name) => sum + (row(name)?.detections ?? 0),
        0,
      ),
    );
    expect(row('spread_blowout')?.timeframe).toBe('quote');
    expect(row('processing_latency')?.timeframe).toBe('feed');
    // The stale-feed monitor has no bars to count negatives on, and this feed is never silent for a minute.
    const stale = report.detectors.find((d) => d.detector === 'stale_feed');
    expect(stale?.timeframe).toBe('feed');
    expect(stale?.falsePositiveRate).toBeNull();
    expect(stale?.detections).toBe(0);
  });

  it("by default leaves out each symbol's first source.warmup.minutes (240), as a live run warms up on them", () => {
    expect(report.burnInSeconds).toBe(240 * 60);
    const inBurnIn = labels.filter((l) => l.start < (firstTrade.get(l.symbol) as number) + 240 * 60 * 1e6).length;
    expect(inBurnIn).toBeGreaterThan(0);
    expect(report.burnInLabels).toBe(inBurnIn);
    expect(report.labels).toBe(labels.length - inBurnIn);
    expect(report.symbolDays).toBeCloseTo(2 * (1 - 4 / 24), 2);
    // Fewer scored detections and bars: the burn-in's detections are dropped.
    const ensemble = report.detectors.find((d) => d.detector === 'ensemble');
    const coldEnsemble = cold.detectors.find((d) => d.detector === 'ensemble');
    expect(ensemble?.detections).toBeLessThanOrEqual(coldEnsemble?.detections as number);
    expect(formatEvalReport(report)).toContain(`burn-in 240 min per symbol (${inBurnIn} labels in it, not scored)`);
  });

  it('finds most volume spikes with the volume rule, and the ensemble finds anomalies with few false alarms', () => {
    const volume = report.detectors.find((d) => d.detector === 'volume_spike');
    const ensemble = report.detectors.find((d) => d.detector === 'ensemble');
    expect(volume?.byKind['volume_spike']?.recall).toBeGreaterThan(0.6);
    // One day only: the ensemble's members warm up (20–100 bars) and calibrate (100 scores) over
    // the first ~2 hours, so it cannot see the labels there.
    expect(ensemble?.overall.recall).toBeGreaterThan(0.3);
    expect(ensemble?.overall.precision).toBeGreaterThan(0.7);
    expect(ensemble?.falsePositiveRate).not.toBeNull();
    expect(ensemble?.falsePositiveRate as number).toBeLessThan(0.05);
  });

  it('keeps the counts consistent with the definitions', () => {
    for (const d of report.detectors) {
      const o = d.overall;
      expect(o.hits).toBeLessThanOrEqual(o.labels);
      expect(d.falseAlarms).toBeLessThanOrEqual(d.detections);
      expect(o.hits + d.falseAlarms).toBeLessThanOrEqual(d.detections + o.labels);
      if (o.hits + d.falseAlarms > 0) expect(o.precision).toBeCloseTo(o.hits / (o.hits + d.falseAlarms), 12);
      const kindHits = Object.values(d.byKind).reduce((s, k) => s + k.hits, 0);
      expect(kindHits).toBe(o.hits);
    }
  });

  it('prints a table naming every detector and kind', () => {
    const text = formatEvalReport(report);
    for (const d of report.detectors) expect(text).toContain(d.detector);
    expect(text).toContain('price_jump');
    expect(text).toContain('false-positive rate');
  });
});
