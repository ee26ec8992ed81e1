/**
 * Offline tuning of the ensemble on a simulator dataset (docs/evaluation.md, "Tuning").
 *
 *   npx tsx scripts/eval/tune-ensemble.ts DATASET [variants.json]
 *
 * The first run replays the dataset once and caches the 1-minute bars the detectors would see
 * (and the labels) in DATASET/bars-1m.json; later runs score ensemble variants on the cached bars
 * with scoreThenLearn and the same matching code as `tickwatch eval`, in seconds instead of minutes.
 * Detectors never see the labels: they are only used by the matching afterwards.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Bar, Label } from '../../src/core/events.js';
import { MICROS_PER_SECOND } from '../../src/core/time.js';
import { configSchema } from '../../src/config/schema.js';
import { DEFAULT_ENSEMBLE, EnsembleDetector, scoreThenLearn, type BarDetector } from '../../src/detectors/index.js';
import { PairDetectorOperator, ReferenceGroup } from '../../src/detectors/pair-detector-operator.js';
import {
  CorrelationBreakDetector,
  DEFAULT_CORRELATION_BREAK,
  type CorrelationBreakConfig,
} from '../../src/detectors/statistical/correlation-break.js';
import { createBarDetector, type DetectorSpec } from '../../src/evaluation/detector-catalog.js';
import { insideSomeWindow, matchDetections, type Detection, type GroundTruth } from '../../src/evaluation/matching.js';
import { datasetEventsFile } from '../../src/evaluation/run-eval.js';
import { pipelineOptions } from '../../src/runtime/pipeline-options.js';
import { replay } from '../../src/runtime/replay.js';

interface Cache {
  symbolDays: number;
  labels: GroundTruth[];
  bars: Record<string, Bar[]>;
}

async function load(dataset: string): Promise<Cache> {
  const cacheFile = join(dataset, 'bars-1m.json');
  if (existsSync(cacheFile)) return JSON.parse(readFileSync(cacheFile, 'utf8')) as Cache;
  const config = configSchema.parse({});
  const { instruments: _none, ...base } = pipelineOptions(config, []);
  const bars: Record<string, Bar[]> = {};
  const labels: GroundTruth[] = [];
  const recorder: BarDetector<null> = {
    name: 'recorder',
    kind: 'none',
    warmUp: 0,
    score: () => null,
    learn: (bar: Bar) => void (bars[bar.symbol] ??= []).push(bar),
    snapshot: () => null,
    restore: () => undefined,
    reset: () => undefined,
  };
  const result = await replay({
    files: [datasetEventsFile(dataset)],
    pipeline: {
      ...base,
      timeframes: ['1m'],
      bars: { ...base.bars, partialInterval: null },
      detectors: [{ timeframe: '1m', create: () => recorder }],
      indicators: () => [],
      features: { timeframes: [], correlationWindow: 0 },
    },
    speed: 'max',
    onEvent: (event) => {
      if (event.type === 'label') {
        const label = event as Label;
        if (label.source === 'simulator' || label.verdict !== 'normal')
          labels.push({ symbol: label.symbol, kind: label.kind, start: label.start, end: label.end });
      }
    },
  });
  const meta = JSON.parse(readFileSync(join(dataset, 'meta.json'), 'utf8')) as { start: string; end: string };
  const days = (Date.parse(meta.end) - Date.parse(meta.start)) / 86_400_000;
  const cache: Cache = { symbolDays: result.instruments.length * days, labels, bars };
  writeFileSync(cacheFile, JSON.stringify(cache));
  return cache;
}

interface Variant {
  name: string;
  members: DetectorSpec[];
  ensemble?: Partial<typeof DEFAULT_ENSEMBLE>;
  protect?: boolean;
  /** Score a single detector instead of an ensemble. */
  single?: DetectorSpec;
  /** Print every false alarm with the nearest label and the message. */
  details?: boolean;
  /**
   * Simulate a user who reviews every ensemble anomaly as it is raised: its verdict (inside some
   * label window or not) goes back through `EnsembleDetector.feedback`, naming the members the
   * anomaly credits. The detectors still never read labels; this measures what feedback adds.
   */
  feedback?: boolean;
  /** Print, for every missed label, the smallest combined and per-member tail probabilities in its window. */
  misses?: boolean;
  /** Minutes from each symbol's first bar that warm the detectors up and are not scored (`eval --burn-in`; default 240, as `eval`). */
  burnInMinutes?: number;
  /**
   * Correlation-break pairs (first symbol watched, second its reference) whose detections join the
   * ensemble's on the first symbol: a combined "system" stream (experiment).
   */
  pairs?: {
    pairs: Array<[string, string]>;
    params?: Partial<CorrelationBreakConfig>;
    only?: boolean;
    /**
     * A pair's break is blamed on its reference when at least `quorum` other pairs of the same
     * reference break within `minutes` (ReferenceGroup; the report then waits `minutes`).
     */
    reference?: { quorum: number; minutes: number };
  };
  /** Minutes after a detection during which the symbol's further detections are dropped (experiment). */
  refractoryMinutes?: number;
}

function run(cache: Cache, variant: Variant): void {
  const detections: Detection[] = [];
  const contexts: Array<{ symbol: string; ts: number; context: Record<string, number | string> }> = [];
  let negatives = 0;
  const before = 60 * MICROS_PER_SECOND;
  const after = 300 * MICROS_PER_SECOND;
  const scoredFrom = new Map<string, number>();
  for (const [symbol, bars] of Object.entries(cache.bars))
    if (bars[0] !== undefined)
      scoredFrom.set(symbol, bars[0].start + (variant.burnInMinutes ?? 240) * 60 * MICROS_PER_SECOND);
  const options = { before, after, symbolDays: cache.symbolDays, scoredFrom };
  for (const [symbol, bars] of Object.entries(cache.bars)) {
    const detector: BarDetector =
      variant.single !== undefined
        ? createBarDetector(variant.single)
        : new EnsembleDetector(
            variant.members.map((m) => createBarDetector(m)),
            { ...DEFAULT_ENSEMBLE, tailProbability: 0.02, minSamples: 100, ...variant.ensemble },
          );
    const symbolLabels = cache.labels.filter((l) => l.symbol === symbol);
    let refractoryUntil = Number.NEGATIVE_INFINITY;
    for (const bar of bars) {
      if (bar.end >= (scoredFrom.get(symbol) ?? 0) && !insideSomeWindow(symbolLabels, bar.end, options)) negatives++;
      const raw = scoreThenLearn(detector, bar, { protect: variant.protect ?? false });
      let result = raw;
      if (raw?.triggered === true && variant.refractoryMinutes !== undefined) {
        if (bar.end < refractoryUntil) result = { ...raw, triggered: false };
        refractoryUntil = bar.end + variant.refractoryMinutes * 60 * MICROS_PER_SECOND;
      }
      if (variant.misses === true && result !== null)
        contexts.push({ symbol, ts: bar.end, context: { ...result.context } });
      if (result?.triggered) {
        detections.push({ detector: variant.name, symbol, ts: bar.end });
        if (variant.feedback === true && detector instanceof EnsembleDetector)
          detector.feedback({
            members: EnsembleDetector.contributors(result.context),
            anomalous: insideSomeWindow(symbolLabels, bar.end, options),
          });
        if (variant.details === true && !insideSomeWindow(symbolLabels, bar.end, options)) {
          let nearest = '';
          let distance = Number.POSITIVE_INFINITY;
          for (const l of symbolLabels) {
            const d = bar.end < l.start ? l.start - bar.end : bar.end - l.end;
            if (Math.abs(d) < Math.abs(distance)) {
              distance = d;
              nearest = l.kind;
            }
          }
          console.log(
            `  FA ${symbol.padEnd(8)} ${new Date(bar.end / 1000).toISOString().slice(5, 16)} nearest ${nearest} ${(distance / 6e7).toFixed(0)} min: ${result.message.slice(0, 150)}`,
          );
        }
      }
    }
  }
  if (variant.pairs !== undefined) {
    const labelsOf = (symbol: string): GroundTruth[] => cache.labels.filter((l) => l.symbol === symbol);
    if (variant.pairs.only === true) detections.length = 0;
    // The pipeline's PairDetectorOperators, as `eval` runs them: a run of triggered pairs is one
    // anomaly; with `reference`, pairs of one reference share a ReferenceGroup.
    const { pairs, params, reference } = variant.pairs;
    const groups = new Map<string, ReferenceGroup>();
    const operators = pairs.map(([first, second]) => {
      let group: ReferenceGroup | undefined;
      // As the pipeline: a group only where enough pairs share the reference to form a quorum.
      if (reference !== undefined && pairs.filter((p) => p[1] === second).length > reference.quorum) {
        group = groups.get(second) ?? new ReferenceGroup(reference.quorum, reference.minutes);
        groups.set(second, group);
      }
      const detector = new CorrelationBreakDetector({ ...DEFAULT_CORRELATION_BREAK, ...params });
      return new PairDetectorOperator(detector, first, second, '1m', { group });
    });
    const symbols = new Set(pairs.flat());
    const merged = [...symbols].flatMap((symbol) => cache.bars[symbol] ?? []).sort((a, b) => a.end - b.end);
    for (const bar of merged)
      for (const operator of operators)
        operator.next(bar, (anomaly) => {
          const { symbol, ts } = anomaly;
          if (ts < (scoredFrom.get(symbol) ?? 0)) return;
          detections.push({ detector: variant.name, symbol, ts });
          if (variant.details === true && !insideSomeWindow(labelsOf(symbol), ts, options))
            console.log(
              `  FA ${symbol} (${operator.first}/${operator.second}) ${new Date(ts / 1000).toISOString().slice(5, 16)} ${operator.second} in ${labelsOf(operator.second).find((l) => ts >= l.start - before && ts <= l.end + after)?.kind ?? '-'}: ${anomaly.message}`,
            );
        });
    detections.sort((a, b) => a.ts - b.ts);
  }
  const [report] = matchDetections(cache.labels, detections, { ...options, negatives: { [variant.name]: negatives } }, [
    variant.name,
  ]);
  if (report === undefined) return;
  if (variant.misses === true) {
    for (const label of cache.labels) {
      if (label.kind === 'correlation_break') continue;
      const inside = contexts.filter(
        (c) => c.symbol === label.symbol && c.ts >= label.start - before && c.ts <= label.end + after,
      );
      if (
        detections.some((d) => d.symbol === label.symbol && d.ts >= label.start - before && d.ts <= label.end + after)
      )
        continue;
      const least: Record<string, number> = {};
      for (const c of inside)
        for (const [k, v] of Object.entries(c.context))
          if ((k.startsWith('p_') || k === 'tailProbability') && typeof v === 'number')
            least[k] = Math.min(least[k] ?? 1, v);
      console.log(
        `  MISS ${label.kind.padEnd(18)} ${label.symbol.padEnd(8)} ${new Date(label.start / 1000).toISOString().slice(5, 16)} ${((label.end - label.start) / 6e7).toFixed(0)} min bars ${inside.length}: ` +
          Object.entries(least)
            .map(([k, v]) => `${k.replace('p_', '')} ${v.toPrecision(2)}`)
            .join(', '),
      );
    }
  }
  const visible = ['volume_spike', 'price_jump', 'flash_crash', 'volatility_regime', 'liquidity_drought', 'stale_feed'];
  let hits = 0;
  let total = 0;
  for (const kind of visible) {
    hits += report.byKind[kind]?.hits ?? 0;
    total += report.byKind[kind]?.labels ?? 0;
  }
  const p = report.overall.hits / Math.max(1, report.overall.hits + report.falseAlarms);
  const r = hits / total;
  const kinds = Object.entries(report.byKind)
    .map(([k, s]) => `${k.slice(0, 8)} ${s.hits}/${s.labels}`)
    .join(' ');
  console.log(
    `${variant.name.padEnd(40)} det ${String(report.detections).padStart(5)} fa ${String(report.falseAlarms).padStart(4)} ` +
      `fpr ${((report.falsePositiveRate ?? 0) * 100).toFixed(2)}% P ${report.overall.precision.toFixed(3)} ` +
      `R ${report.overall.recall.toFixed(3)} F1 ${report.overall.f1.toFixed(3)} | visible F1 ${((2 * p * r) / (p + r)).toFixed(3)} | ${kinds}`,
  );
}

const [dataset, variantsFile] = process.argv.slice(2);
if (dataset === undefined) throw new Error('usage: tune-ensemble.ts DATASET [variants.json]');
const cache = await load(dataset);
const counts: Record<string, number> = {};
for (const l of cache.labels) counts[l.kind] = (counts[l.kind] ?? 0) + 1;
console.log(`${Object.keys(cache.bars).length} symbols, ${cache.labels.length} labels`, counts);
const variants: Variant[] =
  variantsFile !== undefined
    ? (JSON.parse(readFileSync(variantsFile, 'utf8')) as Variant[])
    : [
        {
          name: 'default',
          members: [
            { detector: 'robust_zscore', params: {} },
            { detector: 'cusum', params: {} },
            { detector: 'volume_spike', params: {} },
          ],
        },
      ];
for (const variant of variants) run(cache, variant);
