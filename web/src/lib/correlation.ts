/**
 * The correlation heatmap's data: the server's live matrix (GET /api/v1/correlation) and the
 * correlation-break anomalies of the same timeframe (kind `correlation_break`, the pair in
 * `context.pair` as "A/B", short- and long-window correlations in the context), joined into
 * cells. Nothing is computed from bars in the browser.
 */
export interface CorrelationAnswer {
  readonly timeframe: string;
  readonly ts: number;
  readonly tsIso: string;
  readonly window: number | null;
  readonly symbols: readonly string[];
  readonly matrix: readonly (readonly (number | null)[])[];
}

/** The part of an anomaly read here. */
export interface BreakAnomaly {
  readonly id: string;
  readonly symbol: string;
  readonly ts: number;
  readonly severity: string;
  readonly message: string;
  readonly context: Readonly<Record<string, unknown>>;
}

export interface PairBreak {
  /** The newest break of the pair in the period. */
  readonly latest: BreakAnomaly;
  readonly count: number;
  readonly shortCorrelation: number | null;
  readonly longCorrelation: number | null;
}

export interface HeatmapCell {
  readonly value: number | null;
  readonly break: PairBreak | null;
}

/** The two symbols of a break, from `context.pair` ("A/B"), or null when it does not name two. */
export function pairOf(anomaly: BreakAnomaly): [string, string] | null {
  const pair = anomaly.context['pair'];
  if (typeof pair !== 'string') return null;
  const slash = pair.indexOf('/');
  // Symbols may contain "/" themselves (EUR/USD): split where the first symbol is the anomaly's.
  if (pair.startsWith(`${anomaly.symbol}/`)) return [anomaly.symbol, pair.slice(anomaly.symbol.length + 1)];
  return slash > 0 ? [pair.slice(0, slash), pair.slice(slash + 1)] : null;
}

function numberOr(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Row-major cells of the matrix with the breaks of each pair (both orders). */
export function heatmapCells(answer: CorrelationAnswer, breaks: readonly BreakAnomaly[]): HeatmapCell[] {
  const index = new Map(answer.symbols.map((symbol, i) => [symbol, i]));
  const n = answer.symbols.length;
  const byCell = new Map<number, PairBreak>();
  for (const anomaly of breaks) {
    const pair = pairOf(anomaly);
    if (pair === null) continue;
    const a = index.get(pair[0]);
    const b = index.get(pair[1]);
    if (a === undefined || b === undefined) continue;
    for (const cell of [a * n + b, b * n + a]) {
      const seen = byCell.get(cell);
      const newer = seen === undefined || anomaly.ts > seen.latest.ts;
      byCell.set(cell, {
        latest: newer ? anomaly : seen.latest,
        count: (seen?.count ?? 0) + 1,
        shortCorrelation: newer ? numberOr(anomaly.context['shortCorrelation']) : seen.shortCorrelation,
        longCorrelation: newer ? numberOr(anomaly.context['longCorrelation']) : seen.longCorrelation,
      });
    }
  }
  const cells: HeatmapCell[] = [];
  for (let row = 0; row < n; row++) {
    for (let column = 0; column < n; column++) {
      cells.push({ value: answer.matrix[row]?.[column] ?? null, break: byCell.get(row * n + column) ?? null });
    }
  }
  return cells;
}
