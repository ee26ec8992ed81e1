import { describe, expect, it } from 'vitest';
import { operatorContract } from '../../test/contract/operator-contract.js';
import { simulateStream } from '../../test/features/market-stream.js';
import type { Bar, CorrelationMatrixEvent } from '../core/events.js';
import { MICROS_PER_MINUTE, microsFromIso } from '../core/time.js';
import { CorrelationMatrix } from './correlation-matrix.js';
import { createCorrelationMatrix } from './index.js';

const START = microsFromIso('2024-03-11T13:00:00Z'); // Monday, 09:00 New York
const SYMBOLS = ['AAPL', 'MSFT', 'BTC-USD', 'JPM'];

function barsOf(minutes: number, tradesPerSecond: number): Bar[] {
  const { events } = simulateStream({ symbols: SYMBOLS, start: START, minutes, timeframe: '1m', tradesPerSecond });
  return events.filter((e): e is Bar => e.type === 'bar');
}

function run(matrix: CorrelationMatrix, bars: readonly Bar[]): CorrelationMatrixEvent[] {
  const out: CorrelationMatrixEvent[] = [];
  for (const bar of bars) matrix.next(bar, (e) => out.push(e));
  return out;
}

/** Pearson correlation, two passes; 0 when either series is flat (the streaming convention). */
function pearson(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  if (sxx === 0 || syy === 0) return 0;
  return sxy / Math.sqrt(sxx * syy);
}

/**
 * The reference: group bars by bar time with the documented completion rule, then for each pair
 * recompute from scratch the returns over its common bar times and Pearson over the last window.
 */
function reference(bars: readonly Bar[], symbols: readonly string[], window: number): (number | null)[][] {
  const completed: Array<Map<string, number>> = [];
  let pending: { start: number; closes: Map<string, number> } | null = null;
  let lastStart = Number.NEGATIVE_INFINITY;
  const complete = (): void => {
    if (pending === null) return;
    completed.push(pending.closes);
    lastStart = pending.start;
    pending = null;
  };
  for (const bar of bars) {
    if (bar.start <= lastStart || (pending !== null && bar.start < pending.start)) continue;
    if (pending !== null && bar.start > pending.start) complete();
    pending ??= { start: bar.start, closes: new Map() };
    pending.closes.set(bar.symbol, bar.close);
    if (pending.closes.size === symbols.length) complete();
  }
  const n = symbols.length;
  const matrices: (number | null)[][] = [];
  const current: (number | null)[] = Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? 1 : null));
  completed.forEach((closes, t) => {
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) {
        const a = symbols[i]!;
        const b = symbols[j]!;
        if (!closes.has(a) || !closes.has(b)) continue;
        const common = completed.slice(0, t + 1).filter((c) => c.has(a) && c.has(b));
        const xs: number[] = [];
        const ys: number[] = [];
        for (let c = 1; c < common.length; c++) {
          xs.push(Math.log(common[c]!.get(a)! / common[c - 1]!.get(a)!));
          ys.push(Math.log(common[c]!.get(b)! / common[c - 1]!.get(b)!));
        }
        const r = xs.length >= window ? pearson(xs.slice(-window), ys.slice(-window)) : null;
        current[i * n + j] = current[j * n + i] = r;
      }
    matrices.push([...current]);
  });
  return matrices;
}

describe('CorrelationMatrix on simulated stocks and a coin (1m bars, a session and the evening)', () => {
  const bars = barsOf(10 * 60, 0.4);
  const window = 30;
  const events = run(createCorrelationMatrix({ timeframe: '1m', symbols: SYMBOLS, window }), bars);
  const expected = reference(bars, SYMBOLS, window);

  it('emits one matrix per completed bar time, matching the batch recomputation to 1e-9', () => {
    expect(events.length).toBe(expected.length);
    expect(events.length).toBeGreaterThan(500);
    const mismatches: string[] = [];
    events.forEach((event, t) => {
      event.values.forEach((value, k) => {
        const want = expected[t]![k]!;
        const ok = value === null ? want === null : want !== null && Math.abs(value - want) <= 1e-9;
        if (!ok && mismatches.length < 10) mismatches.push(`time ${t} cell ${k}: got ${value}, want ${want}`);
      });
    });
    expect(mismatches).toEqual([]);
    // Not vacuous: stock pairs and stock-coin pairs both warm up.
    const last = events.at(-1)!.values;
    expect(last[0 * 4 + 1]).not.toBeNull();
    expect(last[0 * 4 + 2]).not.toBeNull();
  });

  it('finds the market factor: stocks with high betas correlate positively', () => {
    const matrix = createCorrelationMatrix({ timeframe: '1m', symbols: SYMBOLS, window: 300 });
    run(matrix, bars);
    expect(matrix.correlation('AAPL', 'MSFT')).toBeGreaterThan(0.2);
    expect(matrix.correlation('MSFT', 'AAPL')).toBe(matrix.correlation('AAPL', 'MSFT'));
    expect(matrix.correlation('JPM', 'JPM')).toBe(1);
  });

  it('describes the bar time: end, start, symbols, window; JSON round trip', () => {
    const event = events[100]!;
    expect(event.type).toBe('correlation');
    expect(event.ts - event.start).toBe(MICROS_PER_MINUTE);
    expect(event.symbols).toEqual(SYMBOLS);
    expect(event.window).toBe(window);
    expect(JSON.parse(JSON.stringify(event))).toEqual(event);
  });
});

describe('CorrelationMatrix alignment', () => {
  const bar = (symbol: string, minute: number, close: number, timeframe = '1m'): Bar => {
    const start = START + minute * MICROS_PER_MINUTE;
    return {
      type: 'bar',
      symbol,
      timeframe,
      start,
      end: start + MICROS_PER_MINUTE,
      open: close,
      high: close,
      low: close,
      close,
      volume: 1,
      vwap: close,
      trades: 1,
      buyVolume: 0,
      sellVolume: 0,
      revision: 0,
      tsEvent: start,
      tsRecv: start + MICROS_PER_MINUTE + minute,
    };
  };

  it('completes a bar time when all symbols are in, or when a later bar time starts', () => {
    const matrix = new CorrelationMatrix({ timeframe: '1m', symbols: ['A', 'B', 'C'], window: 2 });
    const out: CorrelationMatrixEvent[] = [];
    const emit = (e: CorrelationMatrixEvent): void => {
      out.push(e);
    };
    matrix.next(bar('A', 0, 10), emit);
    matrix.next(bar('B', 0, 20), emit);
    expect(out.length).toBe(0);
    matrix.next(bar('C', 0, 30), emit);
    expect(out.map((e) => e.start)).toEqual([START]);
    matrix.next(bar('A', 1, 11), emit);
    matrix.next(bar('B', 1, 22), emit); // C has no bar at minute 1
    matrix.next(bar('A', 2, 12), emit); // minute 2 starts: minute 1 completes with A and B
    expect(out.map((e) => e.start)).toEqual([START, START + MICROS_PER_MINUTE]);
    matrix.next(bar('C', 1, 31), emit); // too late: minute 1 is complete
    expect(matrix.late).toBe(1);
    matrix.next(bar('B', 2, 23), emit);
    matrix.next(bar('C', 2, 33), emit);
    expect(out.length).toBe(3);
    // A–B: returns ln(11/10), ln(12/11) vs ln(22/20), ln(23/22): two points, correlation ±1.
    expect(matrix.correlation('A', 'B')).toBeCloseTo(
      Math.sign((Math.log(12 / 11) - Math.log(11 / 10)) * (Math.log(23 / 22) - Math.log(22 / 20))),
      12,
    );
    // A–C: C skipped minute 1, so the pair has one common return so far (minute 0 → 2): warming up.
    expect(matrix.correlation('A', 'C')).toBeNaN();
    expect(out[2]!.values[0 * 3 + 2]).toBeNull();
  });

  it('ignores other timeframes and forming bars, refuses unknown symbols', () => {
    const matrix = new CorrelationMatrix({ timeframe: '1m', symbols: ['A', 'B'] });
    const out: CorrelationMatrixEvent[] = [];
    matrix.next(bar('A', 0, 10, '5m'), (e) => out.push(e));
    matrix.next({ ...bar('A', 0, 10), type: 'bar.partial' }, (e) => out.push(e));
    expect(out).toEqual([]);
    expect(() => matrix.next(bar('Z', 0, 10), () => undefined)).toThrow(/not one of A, B/);
    expect(() => new CorrelationMatrix({ timeframe: '1m', symbols: ['A'] })).toThrow(/at least 2/);
  });
});

describe('CorrelationMatrix: operator contract', () => {
  operatorContract('CorrelationMatrix 1m over 4 symbols', {
    create: () => createCorrelationMatrix({ timeframe: '1m', symbols: SYMBOLS, window: 20 }),
    inputs: barsOf(3 * 60, 0.3),
    minOutputs: 150,
  });
});
