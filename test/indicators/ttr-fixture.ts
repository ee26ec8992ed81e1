/**
 * TTR oracle fixtures: reference values computed by R's TTR package with scripts/ttr/reference.R
 * and committed under test/fixtures/ttr/<dataset>/ (see scripts/ttr/README.md).
 *
 *   const bars = loadBars('ttrc');
 *   const ttr = loadReference('ttrc', 'sma_20.csv');           // { value: [null, …, 3.05, …] }
 *   expectMatchesTtr(stream(new SMA(20), bars.map((b) => b.close)), ttr.value, { label: 'sma_20' });
 *
 * A cell is null where TTR has NA (its warm-up), NaN where TTR computed NaN (e.g. 0/0).
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { microsFromIso } from '../../src/core/time.js';
import type { OHLCV } from '../../src/indicators/types.js';

export type TtrDataset = 'ttrc' | 'sim';
export const TTR_DATASETS: readonly TtrDataset[] = ['ttrc', 'sim'];

export type Column = ReadonlyArray<number | null>;

const fixtureRoot = new URL('../fixtures/ttr/', import.meta.url);
const cache = new Map<string, Readonly<Record<string, Column>>>();

function parseCell(text: string): number | null {
  if (text === '') return null;
  if (text === 'Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  const value = Number(text); // 'NaN' parses to NaN
  if (Number.isNaN(value) && text !== 'NaN') throw new Error(`bad fixture cell "${text}"`);
  return value;
}

function readTable(dataset: TtrDataset, file: string): { header: string[]; rows: string[][] } {
  const text = readFileSync(new URL(`${dataset}/${file}`, fixtureRoot), 'utf8');
  // A single-column file has empty lines for NA rows: drop only the final newline's empty tail.
  const lines = text.replace(/\n$/, '').split('\n');
  const header = (lines[0] ?? '').split(',');
  return { header, rows: lines.slice(1).map((line) => line.split(',')) };
}

/** The columns of one TTR fixture file, by TTR's column name (`value` for a single series). */
export function loadReference(dataset: TtrDataset, file: string): Readonly<Record<string, Column>> {
  const key = `${dataset}/${file}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const { header, rows } = readTable(dataset, file);
  const columns: Record<string, Array<number | null>> = {};
  header.forEach((name, j) => {
    columns[name] = rows.map((row) => parseCell(row[j] ?? ''));
  });
  cache.set(key, columns);
  return columns;
}

/** One column of a fixture file; throws if the column does not exist. */
export function loadColumn(dataset: TtrDataset, file: string, column = 'value'): Column {
  const columns = loadReference(dataset, file);
  const values = columns[column];
  if (!values)
    throw new Error(`${dataset}/${file} has no column "${column}" (it has ${Object.keys(columns).join(', ')})`);
  return values;
}

const barCache = new Map<TtrDataset, readonly OHLCV[]>();

/** The bars the fixture was computed on (time parsed to microseconds). */
export function loadBars(dataset: TtrDataset): readonly OHLCV[] {
  const cached = barCache.get(dataset);
  if (cached) return cached;
  const { header, rows } = readTable(dataset, 'input.csv');
  const index = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${dataset}/input.csv has no column ${name}`);
    return i;
  };
  const [t, o, h, l, c, v] = ['time', 'open', 'high', 'low', 'close', 'volume'].map(index) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const bars = rows.map((row) => ({
    start: microsFromIso(row[t] ?? ''),
    open: Number(row[o]),
    high: Number(row[h]),
    low: Number(row[l]),
    close: Number(row[c]),
    volume: Number(row[v]),
  }));
  barCache.set(dataset, bars);
  return bars;
}

/** A named constant the R script recorded (e.g. `sar_init_gap`). */
export function loadConstant(dataset: TtrDataset, name: string): number {
  const { rows } = readTable(dataset, 'constants.csv');
  const row = rows.find((r) => r[0] === name);
  if (!row) throw new Error(`${dataset}/constants.csv has no constant ${name}`);
  return Number(row[1]);
}

/** Runs an indicator over inputs and collects its outputs (null while warming up). */
export function stream<I, O>(indicator: { next(input: I): O | null }, inputs: readonly I[]): Array<O | null> {
  return inputs.map((input) => indicator.next(input));
}

/** One field of multi-output values: `field(outputs, 'signal')`. */
export function field<O extends Readonly<Record<string, number>>>(
  outputs: ReadonlyArray<O | null>,
  name: keyof O,
): Column {
  return outputs.map((o) => (o === null ? null : (o[name] as number)));
}

/** Multiplies the non-null values (e.g. TTR's fractions × 100 to compare with percent). */
export function scaled(column: Column, factor: number): Column {
  return column.map((v) => (v === null ? null : v * factor));
}

export interface MatchOptions {
  /** Shown in failure messages. */
  readonly label: string;
  /** Maximum guarded relative error; 1e-9 unless told. */
  readonly tolerance?: number;
  /**
   * tickwatch's first value comes this many inputs after TTR's first non-NA value (documented
   * per indicator where the conventions differ, e.g. a full window vs TTR's partial one).
   */
  readonly warmUpOffset?: number;
  /**
   * Where TTR computes NaN (0/0, e.g. a flat window) tickwatch returns this documented neutral
   * value instead (a constant, or a function of the input index computed independently in the
   * test); without it, a TTR NaN after warm-up fails the test.
   */
  readonly whereTtrIsNaN?: number | ((index: number) => number);
  /** Compare from this index on (e.g. after Parabolic SAR's first reversal). */
  readonly from?: number;
}

export interface MatchReport {
  /** Points compared numerically. */
  readonly compared: number;
  /** Points where TTR had NaN and tickwatch its neutral value. */
  readonly neutral: number;
  readonly maxError: number;
  /** First index with a value on each side. */
  readonly firstActual: number;
  readonly firstExpected: number;
}

/**
 * The guarded relative error |a − e| / max(|e|, guard): relative where the reference is not
 * tiny, absolute (scaled by `guard`) near zero, where a relative error means nothing (MACD at a
 * crossover, CCI at its mean).
 */
export function guardedRelativeError(actual: number, expected: number, guard: number): number {
  if (actual === expected) return 0;
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), guard);
}

/**
 * Asserts that tickwatch's streamed values match TTR's: the warm-up nulls line up with TTR's
 * leading NAs (shifted by `warmUpOffset`), and every later value is within `tolerance` guarded
 * relative error, the guard being 1e-3 × the largest |reference| value (so only values a
 * thousand times smaller than the series' scale are compared absolutely).
 */
export function expectMatchesTtr(actual: Column, expected: Column, options: MatchOptions): MatchReport {
  const { label, tolerance = 1e-9, warmUpOffset = 0, from = 0 } = options;
  expect(actual.length, `${label}: series length`).toBe(expected.length);
  const firstExpected = expected.findIndex((v) => v !== null);
  const firstActual = actual.findIndex((v) => v !== null);
  expect(firstExpected, `${label}: TTR has values`).toBeGreaterThanOrEqual(0);
  expect(firstActual, `${label}: first value vs TTR's first value + ${warmUpOffset}`).toBe(
    firstExpected + warmUpOffset,
  );
  let scale = 0;
  for (const v of expected) if (v !== null && Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
  const guard = Math.max(1e-3 * scale, Number.MIN_VALUE);
  let compared = 0;
  let neutral = 0;
  let maxError = 0;
  let worst = -1;
  for (let i = Math.max(firstActual, from); i < actual.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (a === null || a === undefined) throw new Error(`${label}: no value at input ${i}, after warm-up`);
    if (e === null || e === undefined) throw new Error(`${label}: TTR has NA at input ${i}, after its warm-up`);
    if (Number.isNaN(e)) {
      if (options.whereTtrIsNaN === undefined)
        throw new Error(`${label}: TTR is NaN at input ${i} (tickwatch: ${a}) and no neutral value is documented`);
      const neutralValue =
        typeof options.whereTtrIsNaN === 'function' ? options.whereTtrIsNaN(i) : options.whereTtrIsNaN;
      expect(a, `${label}: neutral value where TTR is NaN, input ${i}`).toBeCloseTo(neutralValue, 9);
      neutral++;
      continue;
    }
    const error = guardedRelativeError(a, e, guard);
    if (!(error <= maxError)) {
      maxError = error;
      worst = i;
    }
    compared++;
  }
  expect(
    maxError,
    `${label}: worst at input ${worst}: tickwatch ${actual[worst]}, TTR ${expected[worst]}`,
  ).toBeLessThanOrEqual(tolerance);
  // TTR_MATCH_LOG=file.jsonl collects every comparison (for docs/indicators.md's match table).
  const log = process.env.TTR_MATCH_LOG;
  if (log)
    appendFileSync(log, `${JSON.stringify({ label, compared, neutral, maxError, firstActual, firstExpected })}\n`);
  return { compared, neutral, maxError, firstActual, firstExpected };
}
