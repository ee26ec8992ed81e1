/**
 * The shared shape of tickwatch's technical indicators.
 *
 * Each indicator is a class with the fastest natural API for its input (`new EMA(20).next(price)`,
 * `new ADX(14).next({ high, low, close })`) that implements `Indicator` from core/operator.ts.
 * An `IndicatorSpec` describes it for the catalog (name, family, parameters, outputs) and adapts
 * it to bar input, so the CLI, the pipeline and the store can run any indicator by name.
 */
import type { Micros } from '../core/events.js';
import type { Indicator } from '../core/operator.js';

/** The bar fields indicators read. A `Bar` satisfies it. */
export interface OHLCV {
  readonly start: Micros;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** Inputs of indicators that read only part of a bar (an `OHLCV` satisfies each of them). */
export type HighLow = Pick<OHLCV, 'high' | 'low'>;
export type HighLowClose = Pick<OHLCV, 'high' | 'low' | 'close'>;
export type CloseVolume = Pick<OHLCV, 'close' | 'volume'>;
export type HighLowCloseVolume = Pick<OHLCV, 'high' | 'low' | 'close' | 'volume'>;

/** A single number, or named outputs for multi-output indicators (MACD's line/signal/histogram). */
export type IndicatorValue = number | Readonly<Record<string, number>>;

export type IndicatorFamily = 'trend' | 'momentum' | 'volatility' | 'volume' | 'statistics';

export interface IndicatorParam {
  readonly name: string;
  readonly default: number;
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
}

export interface IndicatorSpec {
  /** Lower case, e.g. `sma`, `macd`, `bbands`. */
  readonly name: string;
  readonly family: IndicatorFamily;
  /** Positional parameters, in the order `create` takes them and column names show them. */
  readonly params: readonly IndicatorParam[];
  /** [] for a single number; e.g. ['line', 'signal', 'histogram'] for MACD (field names of the output). */
  readonly outputs: readonly string[];
  /** The TTR function it is checked against, if any (e.g. `MACD(percent = FALSE)`). */
  readonly ttr?: string;
  /** One line for people: what it measures. */
  readonly description?: string;
  /** Part of the default set (run on every symbol and timeframe unless configured otherwise). */
  readonly inDefaultSet?: boolean;
  /** A fresh instance reading bars. `params` must be complete and valid (see `resolveParams`). */
  create(params: readonly number[]): Indicator<OHLCV, IndicatorValue>;
}

/**
 * Fills missing parameters with their defaults and checks bounds, so a bad configuration fails
 * at start-up with a message naming the indicator and the parameter.
 */
export function resolveParams(spec: IndicatorSpec, given: readonly number[] = []): number[] {
  if (given.length > spec.params.length) {
    throw new Error(
      `${spec.name}: takes ${spec.params.length} parameter(s) (${spec.params.map((p) => p.name).join(', ')}), got ${given.length}`,
    );
  }
  return spec.params.map((param, i) => {
    const value = given[i] ?? param.default;
    const where = `${spec.name}: parameter ${param.name}`;
    if (!Number.isFinite(value)) throw new Error(`${where} must be a finite number, got ${value}`);
    if (param.integer && !Number.isInteger(value)) throw new Error(`${where} must be an integer, got ${value}`);
    if (param.min !== undefined && value < param.min)
      throw new Error(`${where} must be at least ${param.min}, got ${value}`);
    if (param.max !== undefined && value > param.max)
      throw new Error(`${where} must be at most ${param.max}, got ${value}`);
    return value;
  });
}

/** `senkouA` → `senkou_a`: output field names become lower-case column suffixes. */
function snakeCase(text: string): string {
  return text.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** Column prefix for an indicator instance: `name_param1_param2`, e.g. `macd_12_26_9`, `sar_0.02_0.2`. */
export function instanceName(spec: Pick<IndicatorSpec, 'name'>, params: readonly number[]): string {
  return [spec.name, ...params.map((p) => String(p))].join('_').toLowerCase();
}

/**
 * One column name per output, `name_param1_param2[_output]`, in lower case:
 * `sma_20`, `macd_12_26_9_signal`, `bbands_20_2_upper`, `adx_14_dip`.
 */
export function columnNames(spec: Pick<IndicatorSpec, 'name' | 'outputs'>, params: readonly number[]): string[] {
  const prefix = instanceName(spec, params);
  if (spec.outputs.length === 0) return [prefix];
  return spec.outputs.map((output) => `${prefix}_${snakeCase(output)}`);
}

/**
 * The values of one output row in `columnNames` order; NaN while warming up (a CSV writer prints
 * NaN as an empty cell, never as zero).
 */
export function columnValues(
  spec: Pick<IndicatorSpec, 'outputs'>,
  value: IndicatorValue | null,
  into: number[] = [],
): number[] {
  into.length = 0;
  if (spec.outputs.length === 0) {
    into.push(value === null ? Number.NaN : (value as number));
    return into;
  }
  for (const output of spec.outputs) {
    into.push(value === null ? Number.NaN : ((value as Readonly<Record<string, number>>)[output] ?? Number.NaN));
  }
  return into;
}
