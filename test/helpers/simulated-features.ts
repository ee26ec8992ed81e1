/**
 * Feature vectors from the market simulator for model tests: simulated 1m bars and quotes of each
 * symbol fed in time order through a FeatureEngine, so the FeatureSets are what the pipeline
 * stores; `labels` marks vectors whose bar overlaps an injected anomaly (labelBars).
 */
import type { FeatureSet } from '../../src/core/events.js';
import type { VectorPoint } from '../../src/detectors/detector.js';
import { calendarFor } from '../../src/bars/sessions.js';
import { FeatureEngine } from '../../src/features/feature-engine.js';
import type { AnomalyKind } from '../../src/sources/simulator/config.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/index.js';
import { labelBars, simulateStream } from '../contract/detector-contract.js';

export interface SimulatedFeatures {
  readonly features: ReadonlyMap<string, FeatureSet[]>;
  /** Per symbol, parallel to `features`: the bar overlaps an injected anomaly. */
  readonly labels: ReadonlyMap<string, boolean[]>;
}

export function simulatedFeatures(options: {
  seed: string;
  symbols?: readonly string[];
  days: number;
  kinds: readonly AnomalyKind[];
  anomaliesPerSymbolDay: number;
}): SimulatedFeatures {
  const stream = simulateStream(options);
  const features = new Map<string, FeatureSet[]>();
  const labels = new Map<string, boolean[]>();
  for (const instrument of stream.instruments) {
    const symbol = instrument.symbol;
    const engine = new FeatureEngine({ symbol, timeframe: '1m', sessions: calendarFor(instrument.calendar) });
    const bars = stream.bars.get(symbol) ?? [];
    const quotes = stream.quotes.get(symbol) ?? [];
    const out: FeatureSet[] = [];
    const flagged: boolean[] = [];
    const barLabels = labelBars(bars, stream.labels);
    let q = 0;
    bars.forEach((bar, i) => {
      while (q < quotes.length && (quotes[q]?.tsEvent as number) < bar.end) engine.next(quotes[q++]!, () => {});
      engine.next(bar, (set) => {
        out.push(set);
        flagged.push(barLabels[i] as boolean);
      });
    });
    features.set(symbol, out);
    labels.set(symbol, flagged);
  }
  return { features, labels };
}

/** A FeatureSet as a detector input (null → NaN). */
export function vectorPoint(set: FeatureSet): VectorPoint {
  return { ts: set.ts, names: set.names, values: set.values.map((v) => v ?? Number.NaN) };
}

/** Writes the vectors into a SQLite store (a file, or ':memory:'), as `run`/`replay` would. */
export async function storeFeatures(path: string, features: ReadonlyMap<string, FeatureSet[]>): Promise<SqliteStore> {
  const store = await openSqliteStore({ path });
  for (const sets of features.values()) await store.write({ features: sets });
  return store;
}
