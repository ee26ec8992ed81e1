/**
 * Plain sample statistics used to check the simulator's stylised facts (fat tails, volatility
 * clustering, cross-correlation): batch formulas, no streaming, for tests and diagnostics.
 */
import type { Micros, Trade } from '../../core/events.js';

export function mean(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** Population variance. */
export function variance(values: readonly number[]): number {
  const centre = mean(values);
  let sum = 0;
  for (const value of values) sum += (value - centre) ** 2;
  return sum / values.length;
}

/** Excess kurtosis m4/m2² − 3 (0 for a normal distribution). */
export function excessKurtosis(values: readonly number[]): number {
  const centre = mean(values);
  let m2 = 0;
  let m4 = 0;
  for (const value of values) {
    const d2 = (value - centre) ** 2;
    m2 += d2;
    m4 += d2 * d2;
  }
  m2 /= values.length;
  m4 /= values.length;
  return m4 / (m2 * m2) - 3;
}

/** Sample autocorrelation at `lag` (the usual estimator: lagged covariance over the variance, both over n). */
export function autocorrelation(values: readonly number[], lag: number): number {
  const centre = mean(values);
  let numerator = 0;
  let denominator = 0;
  for (let i = 0; i < values.length; i++) {
    const d = values[i]! - centre;
    denominator += d * d;
    if (i >= lag) numerator += d * (values[i - lag]! - centre);
  }
  return numerator / denominator;
}

/** Pearson correlation of two equally long series. */
export function correlation(xs: readonly number[], ys: readonly number[]): number {
  if (xs.length !== ys.length) throw new Error('correlation: series differ in length');
  const meanX = mean(xs);
  const meanY = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < xs.length; i++) {
    const dx = xs[i]! - meanX;
    const dy = ys[i]! - meanY;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/**
 * Last trade price in each interval of `width` µs (aligned to the epoch), keyed by interval start.
 * Intervals without trades are absent.
 */
export function lastPriceByInterval(trades: readonly Trade[], width: Micros): Map<Micros, number> {
  const closes = new Map<Micros, number>();
  for (const trade of trades) closes.set(trade.tsEvent - (trade.tsEvent % width), trade.price);
  return closes;
}

/**
 * Log returns between consecutive intervals that both have a price, for the interval starts in
 * `starts` (ascending). Returns skip gaps (e.g. overnight) so they are not mixed with intraday ones.
 */
export function intervalLogReturns(
  closes: ReadonlyMap<Micros, number>,
  starts: readonly Micros[],
  width: Micros,
): number[] {
  const returns: number[] = [];
  for (const start of starts) {
    const previous = closes.get(start - width);
    const current = closes.get(start);
    if (previous !== undefined && current !== undefined) returns.push(Math.log(current / previous));
  }
  return returns;
}
