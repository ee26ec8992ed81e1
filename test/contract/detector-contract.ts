/**
 * The detector conformance suite. Every detector in src/detectors runs it:
 *
 *   detectorContract('robust_zscore', { create, stream, labels })
 *
 * Checks: seeded determinism (two fresh instances score a stream identically), snapshot → JSON →
 * restore into a fresh instance continues identically, inputs are not mutated (deep-frozen),
 * `score` never changes state (scoring twice gives the same result and the snapshot is
 * unchanged), scores are in [0, 1] with finite raw values and well-formed explanations, protect
 * mode learns nothing from triggered inputs, reset equals fresh, and the detector is clearly
 * better than random on a labelled stream (ROC-AUC of its score against the labels ≥ `minAuc`).
 *
 * Labelled streams come from the market simulator (bars whose interval overlaps an injected
 * anomaly's ground-truth Label are positives) or from a seeded synthetic generator in the test.
 */
import { describe, expect, it } from 'vitest';
import { BarBuilder } from '../../src/bars/bar-builder.js';
import { calendarFor } from '../../src/bars/sessions.js';
import type { Bar, Label, Quote, Trade } from '../../src/core/events.js';
import { MICROS_PER_DAY, parseTimeframe } from '../../src/core/time.js';
import type { Detector, DetectorScore } from '../../src/detectors/detector.js';
import { scoreThenLearn } from '../../src/detectors/detector.js';
import { Random } from '../../src/core/random.js';
import { MarketSimulator } from '../../src/sources/simulator/market-simulator.js';
import type { AnomalyKind, SimulatedInstrument } from '../../src/sources/simulator/config.js';
import { defaultUniverse } from '../../src/sources/simulator/universe.js';
import { deepFreeze } from './operator-contract.js';

export interface DetectorCase<I, S> {
  create: () => Detector<I, S>;
  stream: readonly I[];
  /** Ground truth per input (true = anomalous), parallel to `stream`. */
  labels: readonly boolean[];
  /** Required ROC-AUC of the score against the labels (default 0.7). */
  minAuc?: number;
  /** Minimum number of triggered inputs (guards against a vacuous protect-mode check; default 1). */
  minTriggered?: number;
}

function run<I>(
  detector: Detector<I>,
  stream: readonly I[],
  from = 0,
  to = stream.length,
): Array<DetectorScore | null> {
  const out: Array<DetectorScore | null> = [];
  for (let i = from; i < to; i++) out.push(structuredClone(scoreThenLearn(detector, stream[i] as I)));
  return out;
}

/**
 * ROC-AUC: the probability that a random positive scores above a random negative (ties count
 * half), by the rank-sum (Mann–Whitney) formula. Inputs without a score (warm-up) are left out.
 */
export function rocAuc(scores: readonly number[], labels: readonly boolean[]): number {
  const order = scores.map((_, i) => i).sort((a, b) => (scores[a] as number) - (scores[b] as number));
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1] as number] === scores[order[i] as number]) j++;
    const averageRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (labels[order[k] as number]) {
        positives++;
        rankSum += averageRank;
      }
    }
    i = j + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** AUC of a detector run over a labelled stream (score then learn, no protect). */
export function detectorAuc<I>(detector: Detector<I>, stream: readonly I[], labels: readonly boolean[]): number {
  const scores: number[] = [];
  const truth: boolean[] = [];
  stream.forEach((input, i) => {
    const result = scoreThenLearn(detector, input);
    if (result === null) return;
    scores.push(result.score);
    truth.push(labels[i] === true);
  });
  return rocAuc(scores, truth);
}

export function detectorContract<I, S>(name: string, c: DetectorCase<I, S>): void {
  describe(`detector contract: ${name}`, () => {
    const stream = c.stream.map((x) => deepFreeze(structuredClone(x)));

    it('scores after its warm-up, in [0, 1], with finite raw values and explanations', () => {
      const detector = c.create();
      const out = run(detector, stream);
      const scored = out.filter((r): r is DetectorScore => r !== null);
      expect(scored.length).toBeGreaterThan(stream.length / 2);
      expect(out.slice(0, detector.warmUp).every((r) => r === null)).toBe(true);
      for (const r of scored) {
        expect(r.score).toBeGreaterThanOrEqual(0);
        expect(r.score).toBeLessThanOrEqual(1);
        expect(Number.isFinite(r.raw)).toBe(true);
        expect(r.explanation.length).toBeGreaterThan(0);
        for (const part of r.explanation) {
          expect(Number.isFinite(part.value) && Number.isFinite(part.contribution)).toBe(true);
        }
      }
      expect(scored.filter((r) => r.triggered).length).toBeGreaterThanOrEqual(c.minTriggered ?? 1);
    });

    it('is deterministic: two fresh instances score identically', () => {
      expect(run(c.create(), stream)).toEqual(run(c.create(), stream));
    });

    it('does not mutate its inputs (they are deep-frozen; a write throws)', () => {
      expect(() => run(c.create(), stream)).not.toThrow();
    });

    it('score is pure: scoring twice gives the same result and leaves the state unchanged', () => {
      const detector = c.create();
      const step = Math.max(1, Math.floor(stream.length / 200));
      for (let i = 0; i < stream.length; i++) {
        const input = stream[i] as I;
        if (i % step === 0) {
          const before = JSON.stringify(detector.snapshot());
          const first = structuredClone(detector.score(input));
          expect(structuredClone(detector.score(input))).toEqual(first);
          expect(JSON.stringify(detector.snapshot())).toBe(before);
        }
        detector.learn(input);
      }
    });

    it('snapshot → JSON → restore into a fresh instance continues identically', () => {
      const whole = run(c.create(), stream);
      for (const cut of [1, Math.floor(stream.length / 3), Math.floor((2 * stream.length) / 3)]) {
        const first = c.create();
        const head = run(first, stream, 0, cut);
        const second = c.create();
        second.restore(JSON.parse(JSON.stringify(first.snapshot())) as S);
        expect([...head, ...run(second, stream, cut)]).toEqual(whole);
      }
    });

    it('protect mode learns nothing from triggered inputs', () => {
      const detector = c.create();
      let protectedCount = 0;
      for (const input of stream) {
        // score is pure (checked above), so it can say in advance which inputs must not be learnt.
        const before = detector.score(input)?.triggered === true ? JSON.stringify(detector.snapshot()) : null;
        const result = scoreThenLearn(detector, input, { protect: true });
        expect(result?.triggered === true).toBe(before !== null);
        if (before !== null) {
          protectedCount++;
          expect(JSON.stringify(detector.snapshot())).toBe(before);
        }
      }
      expect(protectedCount).toBeGreaterThanOrEqual(1);
    });

    it('reset equals fresh', () => {
      const detector = c.create();
      run(detector, stream);
      detector.reset();
      expect(run(detector, stream)).toEqual(run(c.create(), stream));
    });

    it(`is clearly better than random on the labelled stream (ROC-AUC ≥ ${c.minAuc ?? 0.7})`, () => {
      expect(c.labels.length).toBe(stream.length);
      expect(c.labels.some((l) => l) && c.labels.some((l) => !l)).toBe(true);
      const auc = detectorAuc(c.create(), stream, c.labels);
      // DETECTOR_AUC=1 npx vitest run src/detectors prints the figures quoted in docs/detectors.md.
      if (process.env.DETECTOR_AUC === '1') console.log(`AUC ${auc.toFixed(3)}  ${name}`);
      expect(auc).toBeGreaterThanOrEqual(c.minAuc ?? 0.7);
    });
  });
}

// ── Labelled streams from the market simulator ─────────────────────────────────────────────────

export interface SimulatedStreamOptions {
  readonly seed: number | string;
  /** Symbols from the default universe (default: the first stock, AAPL). */
  readonly symbols?: readonly string[];
  readonly kinds: readonly AnomalyKind[];
  readonly days: number;
  readonly anomaliesPerSymbolDay: number;
  /** Bar timeframe (default 1m). */
  readonly timeframe?: string;
  /** Simulation start (default Monday 2024-03-04 00:00 UTC). */
  readonly start?: number;
}

export interface SimulatedStream {
  readonly bars: ReadonlyMap<string, Bar[]>;
  readonly quotes: ReadonlyMap<string, Quote[]>;
  readonly labels: Label[];
  readonly instruments: readonly SimulatedInstrument[];
}

const MONDAY = Date.UTC(2024, 2, 4) * 1000;

/** Runs the simulator and builds closed bars per symbol (quotes kept too). Deterministic. */
export function simulateStream(options: SimulatedStreamOptions): SimulatedStream {
  const wanted = options.symbols ?? ['AAPL'];
  const instruments = defaultUniverse(60).filter((i) => wanted.includes(i.symbol));
  const start = options.start ?? MONDAY;
  const simulator = new MarketSimulator({
    seed: options.seed,
    start,
    instruments,
    anomaliesPerSymbolDay: options.anomaliesPerSymbolDay,
    anomalyKinds: options.kinds,
    meanLatency: 2_000,
  });
  const bars = new Map<string, Bar[]>();
  const quotes = new Map<string, Quote[]>();
  const builders = new Map<string, BarBuilder>();
  for (const instrument of instruments) {
    bars.set(instrument.symbol, []);
    quotes.set(instrument.symbol, []);
    builders.set(
      instrument.symbol,
      new BarBuilder({
        symbol: instrument.symbol,
        timeframe: parseTimeframe(options.timeframe ?? '1m'),
        sessions: calendarFor(instrument.calendar),
        allowedLateness: 0,
        closeDelay: 0,
        partialInterval: null,
        fillGaps: false,
      }),
    );
  }
  const labels: Label[] = [];
  simulator.advance(start + options.days * MICROS_PER_DAY, (event) => {
    if (event.type === 'label') labels.push(event);
    else if (event.type === 'quote') quotes.get(event.symbol)?.push(event);
    else
      builders.get(event.symbol)?.next(event satisfies Trade, (out) => {
        if (out.type === 'bar') bars.get(out.symbol)?.push(out);
      });
  });
  return { bars, quotes, labels, instruments };
}

/** True for each [start, end) interval that overlaps a label of its symbol (optionally of given kinds). */
export function overlapsLabel(
  symbol: string,
  start: number,
  end: number,
  labels: readonly Label[],
  kinds?: readonly string[],
): boolean {
  return labels.some(
    (l) => l.symbol === symbol && l.start < end && start < l.end && (kinds === undefined || kinds.includes(l.kind)),
  );
}

export function labelBars(bars: readonly Bar[], labels: readonly Label[], kinds?: readonly string[]): boolean[] {
  return bars.map((b) => overlapsLabel(b.symbol, b.start, b.end, labels, kinds));
}

/**
 * A seeded random-walk bar stream (1m bars, 0.1% volatility per bar) in which `inject` may alter
 * bars; returns the bars and, per bar, whether it was altered (the labels).
 */
export function syntheticBars(
  seed: string,
  count: number,
  inject: (index: number, bar: Bar, random: Random) => Bar | null,
): { bars: Bar[]; labels: boolean[] } {
  const random = new Random(seed);
  const bars: Bar[] = [];
  const labels: boolean[] = [];
  let close = 100;
  for (let i = 0; i < count; i++) {
    const open = close;
    close = open * Math.exp(0.001 * random.normal());
    const start = MONDAY + i * 60_000_000;
    const bar: Bar = {
      type: 'bar',
      symbol: 'SYN',
      timeframe: '1m',
      start,
      end: start + 60_000_000,
      open,
      high: Math.max(open, close) * (1 + 0.0005 * random.uniform()),
      low: Math.min(open, close) * (1 - 0.0005 * random.uniform()),
      close,
      volume: 1000 * Math.exp(0.3 * random.normal()),
      vwap: (open + close) / 2,
      trades: 50,
      buyVolume: 500,
      sellVolume: 500,
      revision: 0,
      tsEvent: start + 59_000_000,
      tsRecv: start + 59_001_000,
    };
    const altered = inject(i, bar, random);
    bars.push(altered ?? bar);
    labels.push(altered !== null);
    close = (altered ?? bar).close;
  }
  return { bars, labels };
}

/**
 * Labels for change-point detectors: a bar is positive when it overlaps the first `span` µs after
 * a label's start or after its end (the two moments the regime changes); bars inside a long
 * anomaly, after the change has been absorbed, are not.
 */
export function labelChangeBars(bars: readonly Bar[], labels: readonly Label[], span: number): boolean[] {
  return bars.map((b) =>
    labels.some(
      (l) =>
        l.symbol === b.symbol &&
        ((l.start < b.end && b.start < l.start + span) || (l.end < b.end && b.start < l.end + span)),
    ),
  );
}
