/**
 * Correlation of bar log returns across symbols, computed in the browser from stored bars (the
 * API has no correlation endpoint yet). Returns are aligned on bar start times common to both
 * symbols of a pair. A "break" is a pair whose correlation over the latest `window` returns
 * differs from its correlation over the `window` returns before them by at least
 * `breakThreshold` (default 0.5).
 */
export interface CloseSeries {
  readonly symbol: string;
  /** Bars in ascending start order. */
  readonly bars: readonly { readonly start: number; readonly close: number }[];
}

export interface CorrelationCell {
  readonly current: number | null;
  readonly previous: number | null;
  readonly isBreak: boolean;
}

export interface CorrelationResult {
  readonly symbols: readonly string[];
  /** Row-major symbols × symbols. */
  readonly cells: readonly CorrelationCell[];
}

export function pearson(x: readonly number[], y: readonly number[]): number | null {
  const n = Math.min(x.length, y.length);
  if (n < 3) return null;
  let meanX = 0;
  let meanY = 0;
  for (let i = 0; i < n; i++) {
    meanX += x[i]!;
    meanY += y[i]!;
  }
  meanX /= n;
  meanY /= n;
  let covariance = 0;
  let varianceX = 0;
  let varianceY = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - meanX;
    const dy = y[i]! - meanY;
    covariance += dx * dy;
    varianceX += dx * dx;
    varianceY += dy * dy;
  }
  if (varianceX === 0 || varianceY === 0) return null;
  return Math.max(-1, Math.min(1, covariance / Math.sqrt(varianceX * varianceY)));
}

/** Log returns between consecutive bars, keyed by the later bar's start. */
function returnsByStart(series: CloseSeries): Map<number, number> {
  const returns = new Map<number, number>();
  for (let i = 1; i < series.bars.length; i++) {
    const previous = series.bars[i - 1]!;
    const bar = series.bars[i]!;
    if (previous.close > 0 && bar.close > 0) returns.set(bar.start, Math.log(bar.close / previous.close));
  }
  return returns;
}

export function correlationMatrix(
  series: readonly CloseSeries[],
  window: number,
  breakThreshold = 0.5,
): CorrelationResult {
  const returns = series.map(returnsByStart);
  const cells: CorrelationCell[] = [];
  for (let a = 0; a < series.length; a++) {
    for (let b = 0; b < series.length; b++) {
      if (a === b) {
        cells.push({ current: 1, previous: 1, isBreak: false });
        continue;
      }
      const ra = returns[a]!;
      const rb = returns[b]!;
      const common = [...ra.keys()].filter((start) => rb.has(start)).sort((p, q) => p - q);
      const recent = common.slice(-window);
      const before = common.slice(-2 * window, -window);
      const current = pearson(
        recent.map((t) => ra.get(t)!),
        recent.map((t) => rb.get(t)!),
      );
      const previous = pearson(
        before.map((t) => ra.get(t)!),
        before.map((t) => rb.get(t)!),
      );
      const isBreak = current !== null && previous !== null && Math.abs(current - previous) >= breakThreshold;
      cells.push({ current, previous, isBreak });
    }
  }
  return { symbols: series.map((s) => s.symbol), cells };
}
