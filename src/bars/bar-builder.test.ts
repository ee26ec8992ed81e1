import { describe, expect, it } from 'vitest';
import { operatorContract } from '../../test/contract/operator-contract.js';
import type { Micros, Side, Trade } from '../core/events.js';
import { Random } from '../core/random.js';
import { MICROS_PER_HOUR, MICROS_PER_MINUTE, MICROS_PER_SECOND, microsFromIso, parseTimeframe } from '../core/time.js';
import type { BarBuilderConfig, BarEvent } from './bar-builder.js';
import { BarBuilder, partialPhase } from './bar-builder.js';
import { nyseRegularSessions, utcDaySessions } from './sessions.js';

const S = MICROS_PER_SECOND;
const M = MICROS_PER_MINUTE;
/** 2024-03-11 14:00 UTC: a Monday, 10:00 in New York on the first day of daylight time. */
const T0 = microsFromIso('2024-03-11T14:00:00Z');

let nextId = 0;
function trade(tsEvent: Micros, price: number, size = 1, side: Side = 'buy', tsRecv = tsEvent): Trade {
  return {
    type: 'trade',
    symbol: 'AAPL',
    tsEvent,
    tsRecv,
    price,
    size,
    side,
    tradeId: String(nextId++),
    source: 'test',
  };
}

function builder(overrides: Partial<BarBuilderConfig> = {}): BarBuilder {
  return new BarBuilder({
    symbol: 'AAPL',
    timeframe: parseTimeframe('1m'),
    sessions: utcDaySessions(),
    allowedLateness: 0,
    closeDelay: 0,
    partialInterval: null,
    fillGaps: false,
    ...overrides,
  });
}

/** Feeds trades (and `{ now }` timer ticks) and returns everything emitted. */
function feed(target: BarBuilder, ...steps: Array<Trade | { now: Micros }>): BarEvent[] {
  const out: BarEvent[] = [];
  for (const step of steps) {
    if ('now' in step) target.onTime(step.now, (e) => out.push(e));
    else target.next(step, (e) => out.push(e));
  }
  return out;
}

describe('BarBuilder: closing windows', () => {
  it('a trade in the next window closes the bar; fields computed by hand', () => {
    const b = builder();
    const out = feed(
      b,
      trade(T0 + 1 * S, 100, 1, 'buy', T0 + 2 * S),
      trade(T0 + 20 * S, 102, 2, 'sell', T0 + 25 * S),
      trade(T0 + 59 * S, 101, 1, 'unknown', T0 + 59 * S + 500),
    );
    expect(out).toEqual([]);
    const closed = feed(b, trade(T0 + 60 * S, 103));
    expect(closed).toEqual([
      {
        type: 'bar',
        symbol: 'AAPL',
        timeframe: '1m',
        start: T0,
        end: T0 + M,
        open: 100,
        high: 102,
        low: 100,
        close: 101,
        volume: 4,
        vwap: (100 * 1 + 102 * 2 + 101 * 1) / 4, // 101.25
        trades: 3,
        buyVolume: 1,
        sellVolume: 2,
        revision: 0,
        tsEvent: T0 + 59 * S,
        tsRecv: T0 + 59 * S + 500,
      },
    ]);
  });

  it('windows are half-open: a trade exactly at the end belongs to the next bar', () => {
    const b = builder();
    feed(b, trade(T0, 10));
    const [bar] = feed(b, trade(T0 + M, 20));
    expect(bar).toMatchObject({ start: T0, close: 10, trades: 1 });
    const [next] = feed(b, { now: T0 + 2 * M });
    expect(next).toMatchObject({ type: 'bar', start: T0 + M, open: 20, trades: 1 });
  });

  it('on a quiet feed the timer closes the window at end + closeDelay, once', () => {
    const b = builder({ closeDelay: 2 * S });
    feed(b, trade(T0 + 5 * S, 50));
    expect(feed(b, { now: T0 + M + 2 * S - 1 })).toEqual([]);
    const closed = feed(b, { now: T0 + M + 2 * S });
    expect(closed.map((e) => [e.type, e.start])).toEqual([['bar', T0]]);
    expect(feed(b, { now: T0 + 10 * M })).toEqual([]);
    // The next trade opens a new window without closing anything again.
    expect(feed(b, trade(T0 + 3 * M, 51))).toEqual([]);
  });

  it('a zero-volume bar (only size-0 trades) has vwap = close', () => {
    const b = builder();
    const [bar] = feed(b, trade(T0, 10, 0), trade(T0 + 1, 11, 0), { now: T0 + M });
    expect(bar).toMatchObject({ volume: 0, vwap: 11, close: 11, trades: 2 });
  });
});

describe('BarBuilder: late trades', () => {
  it('a late trade within lateness amends the closed bar: correction with the full bar and revision + 1', () => {
    const b = builder({ allowedLateness: 30 * S });
    feed(b, trade(T0 + 10 * S, 100, 1), trade(T0 + 50 * S, 101, 1), trade(T0 + 61 * S, 105));
    const [first] = feed(b, trade(T0 + 5 * S, 99, 2, 'sell', T0 + 70 * S)); // new open and low
    expect(first).toMatchObject({
      type: 'bar.correction',
      start: T0,
      open: 99,
      high: 101,
      low: 99,
      close: 101,
      volume: 4,
      trades: 3,
      sellVolume: 2,
      revision: 1,
      tsEvent: T0 + 50 * S,
      tsRecv: T0 + 70 * S,
    });
    const [second] = feed(b, trade(T0 + 55 * S, 98, 1, 'buy', T0 + 71 * S)); // new close and low
    expect(second).toMatchObject({ revision: 2, close: 98, low: 98, tsEvent: T0 + 55 * S, trades: 4 });
    expect(b.tooLate).toBe(0);
  });

  it('lateness boundary: a bar is amendable while newest event time - lateness < bar end', () => {
    const lateness = 90 * S;
    const b = builder({ allowedLateness: lateness });
    // Bars [T0, T0+1m) and [T0+1m, T0+2m) close; the newest event time leaves the first one
    // exactly 1 µs inside the lateness.
    feed(b, trade(T0, 100), trade(T0 + M + 1, 101), trade(T0 + M + lateness - 1, 101));
    expect(feed(b, trade(T0 + 1, 102))).toMatchObject([
      { type: 'bar.correction', start: T0, revision: 1, trades: 2, high: 102 },
    ]);
    feed(b, trade(T0 + M + lateness, 101)); // newest - lateness = the first bar's end: it is final
    expect(feed(b, trade(T0 + 2, 103))).toEqual([]);
    expect(b.tooLate).toBe(1);
  });

  it('too-late trades are counted, not thrown, and change nothing', () => {
    const b = builder({ allowedLateness: 0 });
    feed(b, trade(T0, 100), trade(T0 + 2 * M, 101));
    const before = JSON.stringify(b.snapshot());
    expect(feed(b, trade(T0 + 1, 90), trade(T0 + M + 1, 90))).toEqual([]);
    expect(b.tooLate).toBe(2);
    expect({ ...b.snapshot(), tooLate: 0 }).toEqual({ ...JSON.parse(before), tooLate: 0 });
  });

  it('a late trade in a window that had no bar corrects it into existence at revision 1', () => {
    const b = builder({ allowedLateness: 5 * M });
    feed(b, trade(T0, 100), trade(T0 + 3 * M, 101));
    const out = feed(b, trade(T0 + M + 1, 90));
    expect(out).toMatchObject([{ type: 'bar.correction', start: T0 + M, revision: 1, open: 90, trades: 1 }]);
    expect(feed(b, trade(T0 + M + 2, 91))).toMatchObject([{ start: T0 + M, revision: 2, close: 91 }]);
  });

  it('trades out of order inside the forming window are simply part of it', () => {
    const b = builder();
    const [bar] = feed(
      b,
      trade(T0 + 30 * S, 10),
      trade(T0 + 10 * S, 9),
      trade(T0 + 40 * S, 11),
      trade(T0 + 35 * S, 12),
      { now: T0 + M },
    );
    expect(bar).toMatchObject({ open: 9, close: 11, high: 12, low: 9, tsEvent: T0 + 40 * S, revision: 0 });
  });

  it('keeps few closed bars: retention is bounded by lateness / timeframe', () => {
    const b = builder({ allowedLateness: 3 * M });
    for (let i = 0; i < 500; i++) feed(b, trade(T0 + i * 20 * S, 100 + (i % 7)));
    expect(b.snapshot().retained.length).toBeLessThanOrEqual(4);
  });
});

describe('BarBuilder: partial bars', () => {
  const trades = () => [0, 2, 4, 11, 12, 25, 58, 61, 62].map((s) => trade(T0 + s * S, 100 + s));

  it('partialInterval 0: a partial after every trade that lands in the forming window', () => {
    const out = feed(builder({ partialInterval: 0 }), ...trades());
    expect(out.map((e) => e.type)).toEqual([...Array(7).fill('bar.partial'), 'bar', 'bar.partial', 'bar.partial']);
    expect(out[2]).toMatchObject({ type: 'bar.partial', start: T0, close: 104, trades: 3, revision: 0 });
  });

  it('partialInterval 10 s: on the first trade of each 10 s slot, slots offset by the phase of (symbol, timeframe)', () => {
    const phase = partialPhase('AAPL', '1m', 10 * S);
    // Worked out for a phase in (8 s, 9 s]: slots start at …, phase - 10 s, phase, phase + 10 s, …
    expect(phase).toBeGreaterThan(8 * S);
    expect(phase).toBeLessThanOrEqual(9 * S);
    const seconds = [0, 2, 4, 11, 12, 25, 59, 61, 62, 69];
    const out = feed(builder({ partialInterval: 10 * S }), ...seconds.map((s) => trade(T0 + s * S, 100 + s)));
    const partials = out.filter((e) => e.type === 'bar.partial').map((e) => (e.tsEvent - T0) / S);
    // 0: the first trade; 11, 25, 59: first trades of later slots. 61 opens a new window but is in
    // 59's slot, so the new window's first forming bar waits for the next slot (69).
    expect(partials).toEqual([0, 11, 25, 59, 69]);
    expect(out.filter((e) => e.type === 'bar').map((e) => (e.tsEvent - T0) / S)).toEqual([59]); // closed at 61, at once
  });

  it('phases spread the forming bars of many symbols over the interval, deterministically', () => {
    const interval = 250_000;
    const phases = Array.from({ length: 50 }, (_, i) => `SYM${i}-USD`).flatMap((symbol) =>
      ['1s', '1m'].map((timeframe) => partialPhase(symbol, timeframe, interval)),
    );
    expect(phases.every((phase) => phase >= 0 && phase < interval && Number.isInteger(phase))).toBe(true);
    expect(partialPhase('SYM1-USD', '1s', interval)).toBe(phases[2]);
    // 100 phases in 10 slices of the interval: each slice gets some, none gets a large share.
    const slices = new Array<number>(10).fill(0);
    for (const phase of phases) slices[Math.floor((phase / interval) * 10)]!++;
    expect(Math.min(...slices)).toBeGreaterThan(0);
    expect(Math.max(...slices)).toBeLessThanOrEqual(25);
  });

  it('partialInterval null: never', () => {
    expect(feed(builder({ partialInterval: null }), ...trades()).every((e) => e.type !== 'bar.partial')).toBe(true);
  });
});

describe('BarBuilder: gap filling', () => {
  it('off: empty windows produce nothing', () => {
    const out = feed(builder({ fillGaps: false }), trade(T0, 100), trade(T0 + 3 * M, 101));
    expect(out.map((e) => e.start)).toEqual([T0]);
  });

  it('on: flat zero-volume bars at the previous close fill the empty windows', () => {
    const b = builder({ fillGaps: true });
    const out = feed(b, trade(T0, 100, 5), trade(T0 + 30 * S, 99, 5, 'buy', T0 + 31 * S), trade(T0 + 3 * M, 101));
    expect(out.map((e) => [e.type, e.start])).toEqual([
      ['bar', T0],
      ['bar', T0 + M],
      ['bar', T0 + 2 * M],
    ]);
    expect(out[1]).toEqual({
      type: 'bar',
      symbol: 'AAPL',
      timeframe: '1m',
      start: T0 + M,
      end: T0 + 2 * M,
      open: 99,
      high: 99,
      low: 99,
      close: 99,
      volume: 0,
      vwap: 99,
      trades: 0,
      buyVolume: 0,
      sellVolume: 0,
      revision: 0,
      tsEvent: T0 + 30 * S, // the closing trade's times
      tsRecv: T0 + 31 * S,
    });
  });

  it('on, with a quiet feed: timers publish flat bars as their windows come due', () => {
    const b = builder({ fillGaps: true, closeDelay: S });
    feed(b, trade(T0, 100));
    expect(feed(b, { now: T0 + M + S }).map((e) => [e.type, e.start, e.volume])).toEqual([['bar', T0, 1]]);
    expect(feed(b, { now: T0 + 3 * M + S - 1 }).map((e) => e.start)).toEqual([T0 + M]);
    expect(feed(b, { now: T0 + 3 * M + S }).map((e) => [e.start, e.close, e.volume])).toEqual([[T0 + 2 * M, 100, 0]]);
    // The next trade opens its window right after the flat ones, with no duplicates.
    expect(feed(b, trade(T0 + 4 * M, 102), { now: T0 + 5 * M + S }).map((e) => [e.start, e.volume])).toEqual([
      [T0 + 3 * M, 0],
      [T0 + 4 * M, 1],
    ]);
  });

  it('a late trade in a flat window makes it a real bar and corrects the flat bars after it', () => {
    const b = builder({ fillGaps: true, allowedLateness: 10 * M });
    feed(b, trade(T0, 100), trade(T0 + 4 * M, 104)); // flat bars at 100 for minutes 1, 2, 3
    const out = feed(b, trade(T0 + 2 * M + 5 * S, 97));
    expect(out.map((e) => [e.type, e.start - T0, e.close, e.volume, e.revision])).toEqual([
      ['bar.correction', 2 * M, 97, 1, 1],
      ['bar.correction', 3 * M, 97, 0, 1],
    ]);
    // A later trade in the amended bar changes its close: the flat bar after it follows (revision 2).
    const again = feed(b, trade(T0 + 2 * M + 50 * S, 98));
    expect(again.map((e) => [e.start - T0, e.close, e.revision])).toEqual([
      [2 * M, 98, 2],
      [3 * M, 98, 2],
    ]);
    // A trade that leaves the close alone corrects only its own bar.
    expect(feed(b, trade(T0 + 2 * M + 6 * S, 96)).map((e) => e.start - T0)).toEqual([2 * M]);
  });

  it('a late trade before the first bar gets a bar, and the windows up to the first bar are filled', () => {
    const b = builder({ fillGaps: true, allowedLateness: 10 * M });
    feed(b, trade(T0 + 5 * M, 105));
    const out = feed(b, trade(T0 + 2 * M, 102));
    expect(out.map((e) => [e.type, e.start - T0, e.close, e.revision])).toEqual([
      ['bar.correction', 2 * M, 102, 1],
      ['bar.correction', 3 * M, 102, 1],
      ['bar.correction', 4 * M, 102, 1],
    ]);
  });
});

describe('BarBuilder: daily bars follow the session calendar', () => {
  const daily = (overrides: Partial<BarBuilderConfig> = {}) =>
    builder({ timeframe: parseTimeframe('1d'), sessions: nyseRegularSessions(), ...overrides });

  it('NYSE on the first day of daylight time: the bar is 13:30–20:00 UTC; pre- and post-market trades stay out', () => {
    const b = daily();
    const out = feed(
      b,
      trade(microsFromIso('2024-03-11T13:00:00Z'), 170), // 09:00 EDT, pre-market
      trade(microsFromIso('2024-03-11T13:30:00Z'), 171), // the open
      trade(microsFromIso('2024-03-11T16:00:00Z'), 175),
      trade(microsFromIso('2024-03-11T19:59:59.999999Z'), 172),
      trade(microsFromIso('2024-03-11T20:00:00Z'), 180), // 16:00 EDT: after the close
    );
    expect(out).toMatchObject([
      {
        type: 'bar',
        timeframe: '1d',
        start: microsFromIso('2024-03-11T13:30:00Z'),
        end: microsFromIso('2024-03-11T20:00:00Z'),
        open: 171,
        high: 175,
        low: 171,
        close: 172,
        trades: 3,
      },
    ]);
    expect(b.outsideSession).toBe(2);
  });

  it('NYSE on the Friday before (standard time): the session is 14:30–21:00 UTC', () => {
    const b = daily({ closeDelay: 0 });
    feed(b, trade(microsFromIso('2024-03-08T14:00:00Z'), 1), trade(microsFromIso('2024-03-08T20:30:00Z'), 2));
    const out = feed(b, { now: microsFromIso('2024-03-08T21:00:00Z') });
    expect(out).toMatchObject([
      { start: microsFromIso('2024-03-08T14:30:00Z'), end: microsFromIso('2024-03-08T21:00:00Z'), open: 2, trades: 1 },
    ]);
    expect(b.outsideSession).toBe(1);
  });

  it('with gap filling, a flat daily bar fills a session without trades, skipping the weekend', () => {
    const b = daily({ fillGaps: true });
    const out = feed(
      b,
      trade(microsFromIso('2024-03-07T15:00:00Z'), 10),
      trade(microsFromIso('2024-03-11T15:00:00Z'), 11),
    );
    expect(out.map((e) => [e.start, e.volume])).toEqual([
      [microsFromIso('2024-03-07T14:30:00Z'), 1],
      [microsFromIso('2024-03-08T14:30:00Z'), 0],
    ]);
  });

  it('24/7 crypto: the daily bar is the UTC day', () => {
    const b = builder({ timeframe: parseTimeframe('1d'), sessions: utcDaySessions() });
    const out = feed(
      b,
      trade(microsFromIso('2024-03-10T00:00:00Z'), 1),
      trade(microsFromIso('2024-03-10T23:59:59Z'), 2),
      trade(microsFromIso('2024-03-11T00:00:00Z'), 3),
    );
    expect(out).toMatchObject([
      { start: microsFromIso('2024-03-10T00:00:00Z'), end: microsFromIso('2024-03-11T00:00:00Z'), open: 1, close: 2 },
    ]);
    expect(b.outsideSession).toBe(0);
  });
});

describe('BarBuilder: configuration and misuse', () => {
  it('rejects negative durations', () => {
    expect(() => builder({ allowedLateness: -1 })).toThrow(/allowedLateness/);
    expect(() => builder({ closeDelay: Number.NaN })).toThrow(/closeDelay/);
    expect(() => builder({ partialInterval: -5 })).toThrow(/partialInterval/);
  });

  it('fails fast on a trade of another symbol (a routing bug)', () => {
    expect(() => feed(builder(), { ...trade(T0, 1), symbol: 'MSFT' })).toThrow(
      /bar builder for AAPL received a trade of MSFT/,
    );
  });
});

/** A seeded random walk of trades, received with a random delay, in receive order. */
function contractTrades(seed: string, count: number, spacing: Micros, maxDelay: Micros, start: Micros): Trade[] {
  const random = new Random(seed);
  let ts = start;
  let price = 100;
  const trades: Trade[] = [];
  for (let i = 0; i < count; i++) {
    ts += random.chance(0.1) ? random.int(1, 8) * spacing * 10 : random.int(0, spacing);
    price = Math.max(1, price + random.normal() * 0.1);
    const side: Side = random.chance(0.45) ? 'buy' : random.chance(0.8) ? 'sell' : 'unknown';
    trades.push({
      ...trade(ts, Math.round(price * 100) / 100, random.int(0, 300), side),
      tsRecv: ts + random.int(0, maxDelay),
    });
  }
  return trades.sort((a, b) => a.tsRecv - b.tsRecv);
}

const intradayTrades = contractTrades('bars-intraday', 400, 3 * S, 20 * S, T0);
operatorContract('bar builder 1m (lateness, partials, gap filling, timers)', {
  create: () => builder({ allowedLateness: 20 * S, closeDelay: 2 * S, partialInterval: 5 * S, fillGaps: true }),
  inputs: intradayTrades,
  timers: intradayTrades.map((t, i) => ({ afterInput: i, now: t.tsRecv })),
  minOutputs: 100,
});

const dailyTrades = contractTrades('bars-daily', 300, 20 * M, 30 * M, microsFromIso('2024-03-06T12:00:00Z'));
operatorContract('bar builder 1d NYSE (lateness, partials, timers)', {
  create: () =>
    builder({
      timeframe: parseTimeframe('1d'),
      sessions: nyseRegularSessions(),
      allowedLateness: MICROS_PER_HOUR,
      closeDelay: M,
      partialInterval: 30 * M,
      fillGaps: true,
    }),
  inputs: dailyTrades,
  timers: dailyTrades.filter((_, i) => i % 5 === 0).map((t) => ({ afterInput: dailyTrades.indexOf(t), now: t.tsRecv })),
  minOutputs: 20,
});
