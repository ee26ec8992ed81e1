/**
 * `tickwatch eval`: replays a simulator dataset through the pipeline with the configured
 * detectors (plus every ensemble member on its own, so the table shows what each adds) and
 * matches the anomalies against the dataset's ground-truth labels.
 *
 * Only what detectors read is built: bars of the detectors' timeframes (bars of a timeframe do
 * not depend on the other timeframes), no indicators, features or forming bars.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Label, Micros } from '../core/events.js';
import { MICROS_PER_DAY, MICROS_PER_SECOND, microsFromIso } from '../core/time.js';
import type { TickwatchConfig } from '../config/schema.js';
import type { DetectorSetup } from '../pipeline/pipeline.js';
import { pipelineOptions, detectorSetups } from '../runtime/pipeline-options.js';
import { loadModelSetups, type ModelReport } from '../models/model-setups.js';
import { replay } from '../runtime/replay.js';
import { createBarDetector, memberName } from './detector-catalog.js';
import { RenamedDetector } from './renamed-detector.js';
import { withDefaultPairs } from './default-pairs.js';

const ENSEMBLE = 'ensemble';
/** The row of the ensemble and the correlation breaks together. */
export const SYSTEM = 'system';
import {
  insideSomeWindow,
  matchDetections,
  type Detection,
  type DetectorReport,
  type GroundTruth,
  type MatchingOptions,
} from './matching.js';

export interface EvalOptions {
  readonly dataset: string;
  readonly config: TickwatchConfig;
  /** Window tolerances in seconds (defaults 60 before, 300 after). */
  readonly beforeSeconds?: number;
  readonly afterSeconds?: number;
  /**
   * Seconds from each symbol's first trade that warm the detectors up and are not scored (labels
   * starting in it, detections and bars in it are left out). Default: `source.warmup.minutes`, the
   * 1-minute history a live run warms up on, so `eval` scores what `tickwatch run` would see.
   */
  readonly burnInSeconds?: number;
  /** Also evaluate each ensemble member alone (default true). */
  readonly members?: boolean;
  /**
   * When the configuration names no correlation-break pair, watch the dataset's default pairs
   * (each stock against SPY, each crypto pair against BTC-USD, from its meta.json; default true).
   */
  readonly defaultPairs?: boolean;
  /** Called every few thousand inputs with about how many were replayed. */
  readonly onProgress?: (inputs: number) => void;
  /** Where the trained models' messages go (default: warnings to stderr). */
  readonly models?: ModelReport;
}

export interface EvalReport {
  readonly dataset: string;
  readonly instruments: number;
  readonly symbolDays: number;
  readonly inputs: number;
  /** Labels scored (those starting after their symbol's burn-in). */
  readonly labels: number;
  readonly labelsByKind: Readonly<Record<string, number>>;
  readonly burnInSeconds: number;
  /** Labels left out because they start inside their symbol's burn-in. */
  readonly burnInLabels: number;
  readonly toleranceSeconds: { readonly before: number; readonly after: number };
  readonly detectors: readonly (DetectorReport & { readonly timeframe: string })[];
  readonly seconds: number;
}

/** The events file of a dataset directory. */
export function datasetEventsFile(dataset: string): string {
  for (const name of ['events.ndjson.gz', 'events.ndjson']) {
    const file = join(dataset, name);
    if (existsSync(file)) return file;
  }
  throw new Error(`${dataset} holds no events.ndjson(.gz): make one with \`tickwatch simulate --out ${dataset}\``);
}

/** Setups evaluated: the configured ones, then each ensemble member alone as `member:<name>`. */
export function evaluatedSetups(config: TickwatchConfig, members: boolean): DetectorSetup[] {
  const setups = detectorSetups(config);
  const ensemble = config.pipeline.detectors.ensemble;
  if (members && ensemble.enabled) {
    for (const timeframe of ensemble.timeframes) {
      for (const member of ensemble.members) {
        setups.push({
          timeframe,
          create: () => new RenamedDetector(`member:${memberName(member)}`, createBarDetector(member)),
        });
      }
    }
  }
  return setups;
}

export async function runEvaluation(options: EvalOptions): Promise<EvalReport> {
  const started = performance.now();
  const file = datasetEventsFile(options.dataset);
  const config = options.defaultPairs === false ? options.config : withDefaultPairs(options.config, options.dataset);
  const setups = evaluatedSetups(config, options.members ?? true);
  const { instruments: _none, ...base } = pipelineOptions(config, []);
  // Correlation breaks (pipeline.detectors.correlationBreak) run on their pairs' bars and report on the first symbol.
  const pairs = base.pairDetectors ?? [];
  // Trained models (pipeline.detectors.models, from <dataDir>/models) score feature vectors: their timeframes get features.
  const models = await loadModelSetups(
    config,
    options.models ?? { warn: (message) => process.stderr.write(`Warning: ${message}\n`), info: () => undefined },
  );
  if (setups.length === 0 && pairs.length === 0 && models.length === 0)
    throw new Error('no detector is configured: enable one in pipeline.detectors');
  const used = new Set([...setups, ...pairs, ...models].map((s) => s.timeframe));
  const timeframes = config.pipeline.timeframes.filter((tf) => used.has(tf));

  const labels: Label[] = [];
  const detections: Array<Detection & { timeframe: string }> = [];
  const barEnds = new Map<string, Micros[]>(); // `${symbol}\t${timeframe}` → closed bar ends
  let inputs = 0;
  const firstTrade = new Map<string, Micros>();
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  const result = await replay({
    files: [file],
    pipeline: {
      ...base,
      timeframes,
      bars: { ...base.bars, partialInterval: null },
      detectors: setups,
      indicators: () => [],
      features: { timeframes: [...new Set(models.map((m) => m.timeframe))], correlationWindow: 0 },
      featureDetectors: models,
    },
    speed: 'max',
    onEvent: (event) => {
      switch (event.type) {
        case 'trade':
          if (event.tsEvent < first) first = event.tsEvent;
          if (!firstTrade.has(event.symbol)) firstTrade.set(event.symbol, event.tsEvent);
          if (event.tsEvent > last) last = event.tsEvent;
          break;
        case 'label':
          labels.push(event);
          break;
        case 'anomaly':
          detections.push({
            detector: event.detector,
            symbol: event.symbol,
            ts: event.ts,
            timeframe: event.timeframe,
          });
          break;
        case 'bar': {
          const key = `${event.symbol}\t${event.timeframe}`;
          const list = barEnds.get(key);
          if (list === undefined) barEnds.set(key, [event.end]);
          else list.push(event.end);
          break;
        }
        default:
      }
    },
    onBatch: async () => {
      inputs += 4096; // replay calls onBatch every 4096 inputs
      options.onProgress?.(inputs);
    },
  });
  const burnInSeconds = options.burnInSeconds ?? config.source.warmup.minutes * 60;
  const burnIn = Math.round(burnInSeconds * MICROS_PER_SECOND);
  const scoredFrom = new Map<string, Micros>();
  for (const [symbol, ts] of firstTrade) scoredFrom.set(symbol, ts + burnIn);
  const days = datasetDays(options.dataset, first, last);
  const symbolDays = result.instruments.length * Math.max(0, days - burnIn / MICROS_PER_DAY);
  const truth: GroundTruth[] = labels.filter((l) => l.source === 'simulator' || l.verdict !== 'normal');
  const matching: MatchingOptions = {
    before: Math.round((options.beforeSeconds ?? 60) * MICROS_PER_SECOND),
    after: Math.round((options.afterSeconds ?? 300) * MICROS_PER_SECOND),
    symbolDays,
    scoredFrom,
  };
  const scored = truth.filter((l) => l.start >= (scoredFrom.get(l.symbol) ?? Number.NEGATIVE_INFINITY));
  const timeframeOf = new Map<string, string>();
  const names: string[] = [];
  const negatives: Record<string, number> = {};
  [...setups, ...pairs, ...models].forEach((setup) => {
    const name = setup.create().name;
    if (!timeframeOf.has(name)) names.push(name);
    timeframeOf.set(name, setup.timeframe);
  });
  // The stale-feed monitor (pipeline.detectors.staleFeed) is time-driven: no bars, so no false-positive rate.
  if (base.staleFeed !== undefined) {
    names.push('stale_feed');
    timeframeOf.set('stale_feed', 'feed');
  }
  // Spread blow-outs (quotes) and processing latency (trades and quotes) score no bars either.
  const eventNames = new Set<string>();
  for (const setup of base.eventDetectors ?? []) {
    const name = setup.create().name;
    eventNames.add(name);
    names.push(name);
    timeframeOf.set(name, setup.stream);
  }
  // A pair detector can only report on its pairs' first symbols (and, blaming it, their reference):
  // only their bars count as negatives.
  const reportedOn = new Map<string, Set<string>>();
  for (const pair of pairs) {
    const name = pair.create().name;
    const symbols = reportedOn.get(name) ?? new Set();
    symbols.add(pair.first);
    if (pair.reference !== undefined) symbols.add(pair.second);
    reportedOn.set(name, symbols);
  }
  // "system": what a user of the default configuration sees — the ensemble's anomalies with those of
  // the detectors that watch what one symbol's bars cannot show (correlation breaks, spreads,
  // latency, silence as it happens), one stream scored like a detector (docs/evaluation.md).
  const pairNames = new Set(pairs.map((p) => p.create().name));
  const watchers = [...pairNames, ...eventNames, ...(base.staleFeed === undefined ? [] : ['stale_feed'])];
  if (names.includes(ENSEMBLE) && watchers.length > 0) {
    const joined = new Set([ENSEMBLE, ...watchers]);
    for (const d of [...detections]) if (joined.has(d.detector)) detections.push({ ...d, detector: SYSTEM });
    detections.sort((a, b) => a.ts - b.ts);
    names.splice(names.indexOf(ENSEMBLE) + 1, 0, SYSTEM);
    timeframeOf.set(SYSTEM, timeframeOf.get(ENSEMBLE) as string);
  }
  const bySymbol = groupBySymbol(truth);
  for (const name of names) {
    const timeframe = timeframeOf.get(name) as string;
    let count = 0;
    const only = reportedOn.get(name);
    for (const instrument of result.instruments) {
      if (only !== undefined && !only.has(instrument.symbol)) continue;
      const symbolLabels = bySymbol.get(instrument.symbol) ?? [];
      const from = scoredFrom.get(instrument.symbol) ?? Number.NEGATIVE_INFINITY;
      for (const end of barEnds.get(`${instrument.symbol}\t${timeframe}`) ?? []) {
        if (end >= from && !insideSomeWindow(symbolLabels, end, matching)) count++;
      }
    }
    negatives[name] = count;
  }
  // Names are unique per detector; one on several timeframes is evaluated as one (its first timeframe shown).
  const reports = matchDetections(truth, detections, { ...matching, negatives }, names);
  const labelsByKind: Record<string, number> = {};
  for (const label of scored) labelsByKind[label.kind] = (labelsByKind[label.kind] ?? 0) + 1;
  return {
    dataset: options.dataset,
    instruments: result.instruments.length,
    symbolDays,
    inputs: result.inputs,
    labels: scored.length,
    labelsByKind,
    burnInSeconds,
    burnInLabels: truth.length - scored.length,
    toleranceSeconds: { before: matching.before / MICROS_PER_SECOND, after: matching.after / MICROS_PER_SECOND },
    detectors: reports.map((r) => ({ ...r, timeframe: timeframeOf.get(r.detector) ?? 'feed' })),
    seconds: (performance.now() - started) / 1000,
  };
}

function groupBySymbol(labels: readonly GroundTruth[]): Map<string, GroundTruth[]> {
  const map = new Map<string, GroundTruth[]>();
  for (const label of labels) {
    const list = map.get(label.symbol) ?? [];
    list.push(label);
    map.set(label.symbol, list);
  }
  return map;
}

/** Days the dataset covers: meta.json's start and end when present, else the span of its trades. */
function datasetDays(dataset: string, firstTrade: number, lastTrade: number): number {
  const meta = join(dataset, 'meta.json');
  if (existsSync(meta)) {
    const parsed = JSON.parse(readFileSync(meta, 'utf8')) as { start?: unknown; end?: unknown };
    if (typeof parsed.start === 'string' && typeof parsed.end === 'string') {
      return (microsFromIso(parsed.end) - microsFromIso(parsed.start)) / MICROS_PER_DAY;
    }
  }
  return lastTrade > firstTrade ? (lastTrade - firstTrade) / MICROS_PER_DAY : 0;
}
