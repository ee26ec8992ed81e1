import { describe, expect, it } from 'vitest';
import { operatorContract } from '../../test/contract/operator-contract.js';
import type { Micros, Trade } from '../core/events.js';
import { Random } from '../core/random.js';
import { MICROS_PER_SECOND, microsFromIso, parseTimeframe } from '../core/time.js';
import type { BarEvent } from './bar-builder.js';
import { BarBuilder } from './bar-builder.js';
import { nyseRegularSessions } from './sessions.js';
import type { SymbolBarsConfig } from './symbol-bars.js';
import { DEFAULT_TIMEFRAMES, SymbolBars } from './symbol-bars.js';

const T0 = microsFromIso('2024-03-11T14:00:00Z'); // Monday 10:00 New York

const shared = {
  symbol: 'AAPL',
  sessions: nyseRegularSessions(),
  allowedLateness: 5 * MICROS_PER_SECOND,
  closeDelay: MICROS_PER_SECOND,
  partialInterval: 10 * MICROS_PER_SECOND,
  fillGaps: false,
} satisfies SymbolBarsConfig;

function tradesFor(seed: string, count: number): Trade[] {
  const random = new Random(seed);
  let ts = T0;
  const trades: Trade[] = [];
  for (let i = 0; i < count; i++) {
    ts += random.int(0, 40 * MICROS_PER_SECOND);
    const tsEvent = ts - random.int(0, 4 * MICROS_PER_SECOND); // slightly out of order, within lateness
    trades.push({
      type: 'trade',
      symbol: 'AAPL',
      tsEvent,
      tsRecv: ts,
      price: 100 + random.int(-50, 50) / 10,
      size: random.int(1, 100),
      side: random.chance(0.5) ? 'buy' : 'sell',
      tradeId: String(i),
      source: 'test',
    });
  }
  return trades;
}

function run(
  target: { next(t: Trade, e: (x: BarEvent) => void): void; onTime(n: Micros, e: (x: BarEvent) => void): void },
  trades: readonly Trade[],
): BarEvent[] {
  const out: BarEvent[] = [];
  for (const t of trades) {
    target.next(t, (e) => out.push(e));
    target.onTime(t.tsRecv, (e) => out.push(e));
  }
  return out;
}

describe('SymbolBars', () => {
  it('builds the default timeframes 1s, 1m, 5m, 15m, 1h, 1d', () => {
    expect(new SymbolBars(shared).timeframes).toEqual(['1s', '1m', '5m', '15m', '1h', '1d']);
    expect(DEFAULT_TIMEFRAMES).toEqual(['1s', '1m', '5m', '15m', '1h', '1d']);
  });

  it('emits exactly what independent builders emit, fanned out in configuration order per input', () => {
    const timeframes = ['1m', '5m', '1d'].map(parseTimeframe);
    const bars = new SymbolBars({ ...shared, timeframes });
    const trades = tradesFor('fan-out', 300);
    const combined = run(bars, trades);
    for (const timeframe of timeframes) {
      const alone = run(new BarBuilder({ ...shared, timeframe }), trades);
      expect(combined.filter((e) => e.timeframe === timeframe.label)).toEqual(alone);
      expect(alone.length).toBeGreaterThan(0);
    }
    // Within one input, 1m events come before 5m events, which come before 1d events.
    const order = combined.map((e) => e.timeframe);
    expect(order.indexOf('1m')).toBeLessThan(order.indexOf('5m'));
  });

  it('snapshot is the map of builder snapshots; a timeframe missing from it restarts fresh', () => {
    const bars = new SymbolBars({ ...shared, timeframes: ['1m', '5m'].map(parseTimeframe) });
    run(bars, tradesFor('snap', 50));
    const state = bars.snapshot();
    expect(Object.keys(state)).toEqual(['1m', '5m']);
    expect(state['1m']).toEqual(bars.builder('1m')?.snapshot());
    const restored = new SymbolBars({ ...shared, timeframes: ['1m', '5m'].map(parseTimeframe) });
    restored.restore({ '1m': state['1m'] as NonNullable<(typeof state)['1m']> });
    expect(restored.snapshot()['1m']).toEqual(state['1m']);
    expect(restored.snapshot()['5m']?.current).toBeNull();
  });

  it('rejects a timeframe listed twice', () => {
    expect(() => new SymbolBars({ ...shared, timeframes: ['1m', '1m'].map(parseTimeframe) })).toThrow(
      /1m is listed twice/,
    );
  });
});

const contractInputs = tradesFor('symbol-bars-contract', 250);
operatorContract('symbol bars (1s, 1m, 5m, 15m, 1h, 1d)', {
  create: () => new SymbolBars(shared),
  inputs: contractInputs,
  timers: contractInputs.map((t, i) => ({ afterInput: i, now: t.tsRecv })),
  minOutputs: 200,
});
