/** Small helpers for the catalog entries' parameter lists. */
import type { IndicatorParam } from '../types.js';

/** A window length: a positive integer. */
export function periodParam(name: string, defaultValue: number): IndicatorParam {
  return { name, default: defaultValue, min: 1, integer: true };
}

/** Reads parameter `i` (the catalog has already filled defaults and checked bounds). */
export function param(params: readonly number[], i: number): number {
  const value = params[i];
  if (value === undefined) throw new Error(`missing indicator parameter ${i}`);
  return value;
}

/** Throws unless `value` is a positive integer (a window length), naming the indicator. */
export function assertPeriod(indicator: string, name: string, value: number, minimum = 1): void {
  if (!Number.isInteger(value) || value < minimum) {
    throw new Error(`${indicator}: ${name} must be an integer ≥ ${minimum}, got ${value}`);
  }
}

/** Throws unless `value` is a finite number > 0, naming the indicator. */
export function assertPositive(indicator: string, name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${indicator}: ${name} must be a number > 0, got ${value}`);
}
