/**
 * Every indicator tickwatch has, by name: what the CLI's `--set all`, the configuration file and
 * the pipeline choose from. Each family's index contributes its `catalog`.
 */
import type { Indicator } from '../core/operator.js';
import { catalog as momentum } from './momentum/index.js';
import { catalog as statistics } from './statistics/index.js';
import { catalog as trend } from './trend/index.js';
import type { IndicatorSpec, IndicatorValue, OHLCV } from './types.js';
import { columnNames, instanceName, resolveParams } from './types.js';
import { catalog as volatility } from './volatility/index.js';
import { catalog as volume } from './volume/index.js';

export const INDICATORS: readonly IndicatorSpec[] = [...trend, ...momentum, ...volatility, ...volume, ...statistics];

const byName = new Map<string, IndicatorSpec>();
for (const spec of INDICATORS) {
  if (byName.has(spec.name)) throw new Error(`indicator catalog: duplicate name "${spec.name}"`);
  byName.set(spec.name, spec);
}

export function findIndicator(name: string): IndicatorSpec | undefined {
  return byName.get(name.toLowerCase());
}

/** One configured indicator: which one, with which complete parameters. */
export interface IndicatorSelection {
  readonly spec: IndicatorSpec;
  readonly params: readonly number[];
}

/** Looks an indicator up by name and fills/validates its parameters; throws a clear error. */
export function selectIndicator(name: string, params: readonly number[] = []): IndicatorSelection {
  const spec = findIndicator(name);
  if (!spec) throw new Error(`unknown indicator "${name}": known are ${[...byName.keys()].sort().join(', ')}`);
  return { spec, params: resolveParams(spec, params) };
}

/** The default set: the indicators marked `inDefaultSet`, with their default parameters. */
export function defaultSet(): IndicatorSelection[] {
  return INDICATORS.filter((spec) => spec.inDefaultSet === true).map((spec) => ({ spec, params: resolveParams(spec) }));
}

/** Every indicator with its customary default parameters (`--set all`). */
export function allIndicators(): IndicatorSelection[] {
  return INDICATORS.map((spec) => ({ spec, params: resolveParams(spec) }));
}

/** A fresh instance of a selection, reading bars. */
export function createIndicator(selection: IndicatorSelection): Indicator<OHLCV, IndicatorValue> {
  return selection.spec.create(selection.params);
}

/** `sma_20`: the instance's name (column prefix). */
export function selectionName(selection: IndicatorSelection): string {
  return instanceName(selection.spec, selection.params);
}

/** The output columns of a selection, e.g. ['macd_12_26_9_line', 'macd_12_26_9_signal', ...]. */
export function selectionColumns(selection: IndicatorSelection): string[] {
  return columnNames(selection.spec, selection.params);
}
