/**
 * Window-based matching of detections against ground-truth labels (docs/evaluation.md).
 *
 * A label's window is [start − before, end + after]. A detection of the same symbol inside a
 * window hits that label; the first hit gives the time to detect (clamped at 0: a hit in the
 * early tolerance counts as instant). A label counts once however many detections fall in its
 * window, so a detector cannot score by repeating itself. A detection outside every window of
 * its symbol is a false alarm. Per (anomaly kind, detector): recall over that kind's labels and
 * precision = hits of that kind / (hits of that kind + every false alarm of the detector), i.e.
 * as if the dataset held only that kind (detections inside other kinds' windows are neither).
 * With a burn-in (`scoredFrom`), what comes before it warms the detectors up and is not scored.
 */
import type { Micros } from '../core/events.js';

export interface GroundTruth {
  readonly symbol: string;
  readonly kind: string;
  readonly start: Micros;
  readonly end: Micros;
}

export interface Detection {
  readonly detector: string;
  readonly symbol: string;
  readonly ts: Micros;
}

export interface MatchingOptions {
  /** Tolerance before a label's start (µs). */
  readonly before: Micros;
  /** Tolerance after a label's end (µs). */
  readonly after: Micros;
  /** Symbols × days of data, for false alarms per symbol-day. */
  readonly symbolDays: number;
  /** Scored inputs (bars) outside every label window, per detector: the negatives of the false-positive rate. */
  readonly negatives?: Readonly<Record<string, number>>;
  /**
   * Burn-in end per symbol (µs): the symbol's detections before it are ignored and its labels
   * starting before it are not scored (detections inside their windows are then neither hits nor
   * false alarms). A symbol not named has no burn-in.
   */
  readonly scoredFrom?: ReadonlyMap<string, Micros>;
}

export interface Scores {
  readonly labels: number;
  readonly hits: number;
  readonly falseAlarms: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Mean seconds from a label's start to its first hit; null when nothing was hit. */
  readonly meanSecondsToDetect: number | null;
}

export interface DetectorReport {
  readonly detector: string;
  readonly detections: number;
  readonly falseAlarms: number;
  readonly falseAlarmsPerSymbolDay: number;
  /** False alarms ÷ scored inputs outside every label window; null when the negatives are unknown. */
  readonly falsePositiveRate: number | null;
  /** Every kind together. */
  readonly overall: Scores;
  readonly byKind: Readonly<Record<string, Scores>>;
}

export function scores(labels: number, hits: number, falseAlarms: number, secondsToDetect: number): Scores {
  const precision = hits + falseAlarms === 0 ? 0 : hits / (hits + falseAlarms);
  const recall = labels === 0 ? 0 : hits / labels;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return {
    labels,
    hits,
    falseAlarms,
    precision,
    recall,
    f1,
    meanSecondsToDetect: hits === 0 ? null : secondsToDetect / hits,
  };
}

/** Matches every detector's detections against the labels; detectors in first-seen order (plus `detectors`). */
export function matchDetections(
  labels: readonly GroundTruth[],
  detections: readonly Detection[],
  options: MatchingOptions,
  detectors: readonly string[] = [],
): DetectorReport[] {
  const bySymbol = new Map<string, GroundTruth[]>();
  for (const label of labels) {
    const list = bySymbol.get(label.symbol) ?? [];
    list.push(label);
    bySymbol.set(label.symbol, list);
  }
  const scored = labels.filter((l) => l.start >= scoredFrom(options, l.symbol));
  const kinds = [...new Set(labels.map((l) => l.kind))].sort();
  const names = [...new Set([...detectors, ...detections.map((d) => d.detector)])];
  return names.map((name) => {
    // First hit time per label (by identity), false alarms.
    const firstHit = new Map<GroundTruth, Micros>();
    let falseAlarms = 0;
    let count = 0;
    for (const detection of detections) {
      if (detection.detector !== name || detection.ts < scoredFrom(options, detection.symbol)) continue;
      count++;
      let inWindow = false;
      for (const label of bySymbol.get(detection.symbol) ?? []) {
        if (detection.ts < label.start - options.before || detection.ts > label.end + options.after) continue;
        inWindow = true;
        const previous = firstHit.get(label);
        if (previous === undefined || detection.ts < previous) firstHit.set(label, detection.ts);
      }
      if (!inWindow) falseAlarms++;
    }
    const byKind: Record<string, Scores> = {};
    let allHits = 0;
    let allSeconds = 0;
    for (const kind of kinds) {
      let total = 0;
      let hits = 0;
      let seconds = 0;
      for (const label of scored) {
        if (label.kind !== kind) continue;
        total++;
        const hit = firstHit.get(label);
        if (hit === undefined) continue;
        hits++;
        seconds += Math.max(0, hit - label.start) / 1e6;
      }
      allHits += hits;
      allSeconds += seconds;
      byKind[kind] = scores(total, hits, falseAlarms, seconds);
    }
    const negatives = options.negatives?.[name];
    return {
      detector: name,
      detections: count,
      falseAlarms,
      falseAlarmsPerSymbolDay: options.symbolDays > 0 ? falseAlarms / options.symbolDays : 0,
      falsePositiveRate: negatives === undefined || negatives === 0 ? null : falseAlarms / negatives,
      overall: scores(scored.length, allHits, falseAlarms, allSeconds),
      byKind,
    };
  });
}

/** Whether `ts` lies in some label window of the symbol (labels sorted by start not required). */
export function insideSomeWindow(labels: readonly GroundTruth[], ts: Micros, options: MatchingOptions): boolean {
  for (const label of labels) if (ts >= label.start - options.before && ts <= label.end + options.after) return true;
  return false;
}

/** When a symbol's scoring starts: the end of its burn-in, or −∞ without one. */
export function scoredFrom(options: MatchingOptions, symbol: string): Micros {
  return options.scoredFrom?.get(symbol) ?? Number.NEGATIVE_INFINITY;
}
