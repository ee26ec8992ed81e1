/** The heatmap's join of the server's matrix with correlation-break anomalies (web/src/lib/correlation.ts). */
import { describe, expect, it } from 'vitest';
import { heatmapCells, pairOf, type BreakAnomaly, type CorrelationAnswer } from '../../../web/src/lib/correlation.js';

const answer: CorrelationAnswer = {
  timeframe: '1m',
  ts: 1_000,
  tsIso: '1970-01-01T00:00:00.001Z',
  window: 60,
  symbols: ['AAPL', 'MSFT', 'EUR/USD'],
  matrix: [
    [1, 0.8, null],
    [0.8, 1, -0.2],
    [null, -0.2, 1],
  ],
};

function breakOf(symbol: string, pair: string, ts: number, shortCorrelation = 0.1): BreakAnomaly {
  return {
    id: `correlation_break:${pair}:1m:${ts}`,
    symbol,
    ts,
    severity: 'warning',
    message: `break at ${ts}`,
    context: { pair, shortCorrelation, longCorrelation: 0.8, z: -4 },
  };
}

describe('heatmap cells', () => {
  it('keeps the matrix values row-major', () => {
    const cells = heatmapCells(answer, []);
    expect(cells.map((c) => c.value)).toEqual([1, 0.8, null, 0.8, 1, -0.2, null, -0.2, 1]);
    expect(cells.every((c) => c.break === null)).toBe(true);
  });

  it('marks both orders of a broken pair with its newest break and the count', () => {
    const cells = heatmapCells(answer, [breakOf('AAPL', 'AAPL/MSFT', 10, 0.3), breakOf('AAPL', 'AAPL/MSFT', 20, 0.1)]);
    expect(cells[1]?.break).toMatchObject({ count: 2, shortCorrelation: 0.1, longCorrelation: 0.8 });
    expect(cells[1]?.break?.latest.ts).toBe(20);
    expect(cells[3]?.break?.latest.ts).toBe(20);
    expect(cells.filter((c) => c.break !== null)).toHaveLength(2);
  });

  it('reads pairs whose symbols contain a slash, and ignores pairs outside the matrix', () => {
    expect(pairOf(breakOf('EUR/USD', 'EUR/USD/MSFT', 1))).toEqual(['EUR/USD', 'MSFT']);
    const cells = heatmapCells(answer, [breakOf('EUR/USD', 'EUR/USD/MSFT', 5), breakOf('TSLA', 'TSLA/AAPL', 6)]);
    expect(cells.filter((c) => c.break !== null).map((c) => c.break?.latest.symbol)).toEqual(['EUR/USD', 'EUR/USD']);
  });
});
