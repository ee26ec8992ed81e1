/**
 * Streaming == batch: the final revision of every bar the builder streams equals a batch
 * recomputation over the same trades. The batch function below is written independently of the
 * builder (group by window, stable sort by event time, compute OHLCV; fill empty windows
 * between the first and last bar at the previous close).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Side, Trade } from '../core/events.js';
import { MICROS_PER_DAY, MICROS_PER_HOUR, MICROS_PER_SECOND, microsFromIso, parseTimeframe } from '../core/time.js';
import type { BarEvent } from './bar-builder.js';
import { BarBuilder } from './bar-builder.js';
import type { SessionCalendar } from './sessions.js';
import { nyseRegularSessions, utcDaySessions } from './sessions.js';

interface ExpectedBar {
  start: number;
  end: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  vwap: number;
  trades: number;
  buyVolume: number;
  sellVolume: number;
  tsEvent: number;
  tsRecv: number;
}

/** Where a trade belongs: [start, end) or null (outside sessions). */
type WindowOf = (ts: number) => { start: number; end: number } | null;

/**
 * Batch OHLCV. `trades` are in arrival order; the stable sort keeps arrival order among equal
 * event times, so the open is the first of the earliest and the close the last of the latest.
 * `windowsBetween` lists the windows strictly between two bars (for gap filling).
 */
function batchBars(
  trades: readonly Trade[],
  windowOf: WindowOf,
  fillGaps: boolean,
  windowsBetween: (fromEnd: number, toStart: number) => Array<{ start: number; end: number }>,
): ExpectedBar[] {
  const groups = new Map<number, { end: number; trades: Trade[] }>();
  for (const trade of trades) {
    const window = windowOf(trade.tsEvent);
    if (window === null) continue;
    const group = groups.get(window.start) ?? { end: window.end, trades: [] };
    group.trades.push(trade);
    groups.set(window.start, group);
  }
  const bars: ExpectedBar[] = [];
  let previousClose: Trade | null = null;
  let previousEnd = 0;
  for (const start of [...groups.keys()].sort((a, b) => a - b)) {
    const group = groups.get(start) as { end: number; trades: Trade[] };
    if (fillGaps && previousClose !== null) {
      for (const gap of windowsBetween(previousEnd, start)) {
        const p = previousClose.price;
        bars.push({
          ...gap,
          open: p,
          high: p,
          low: p,
          close: p,
          volume: 0,
          vwap: p,
          trades: 0,
          buyVolume: 0,
          sellVolume: 0,
          tsEvent: previousClose.tsEvent,
          tsRecv: previousClose.tsRecv,
        });
      }
    }
    const sorted = [...group.trades].sort((a, b) => a.tsEvent - b.tsEvent);
    const first = sorted[0] as Trade;
    const last = sorted[sorted.length - 1] as Trade;
    const sum = (f: (t: Trade) => number): number => sorted.reduce((acc, t) => acc + f(t), 0);
    const volume = sum((t) => t.size);
    bars.push({
      start,
      end: group.end,
      open: first.price,
      high: Math.max(...sorted.map((t) => t.price)),
      low: Math.min(...sorted.map((t) => t.price)),
      close: last.price,
      volume,
      vwap: volume > 0 ? sum((t) => t.price * t.size) / volume : last.price,
      trades: sorted.length,
      buyVolume: sum((t) => (t.side === 'buy' ? t.size : 0)),
      sellVolume: sum((t) => (t.side === 'sell' ? t.size : 0)),
      tsEvent: last.tsEvent,
      tsRecv: Math.max(...sorted.map((t) => t.tsRecv)),
    });
    previousClose = last;
    previousEnd = group.end;
  }
  return bars;
}

/** The final revision of each closed bar streamed, by start; also checks the revision sequence. */
function finalBars(events: readonly BarEvent[]): Map<number, BarEvent> {
  const final = new Map<number, BarEvent>();
  for (const event of events) {
    if (event.type === 'bar.partial') continue;
    const previous = final.get(event.start);
    if (previous === undefined) {
      // A bar first appears closed at revision 0, or corrected into existence at revision 1.
      expect(event.revision).toBe(event.type === 'bar' ? 0 : 1);
    } else {
      expect(event.type).toBe('bar.correction');
      expect(event.revision).toBe(previous.revision + 1);
    }
    final.set(event.start, event);
  }
  return final;
}

function strip(event: BarEvent): ExpectedBar {
  const { type: _type, symbol: _symbol, timeframe: _timeframe, revision: _revision, ...fields } = event;
  return fields;
}

interface Draft {
  readonly gap: number;
  readonly delay: number;
  readonly price: number;
  readonly size: number;
  readonly side: Side;
}

/** Trades in arrival order: event times from the gaps, each received `delay` later (≤ lateness). */
function arrivals(drafts: readonly Draft[], start: number): Trade[] {
  let ts = start;
  const trades = drafts.map((draft, i) => {
    ts += draft.gap;
    return {
      type: 'trade' as const,
      symbol: 'TEST',
      tsEvent: ts,
      tsRecv: ts + draft.delay,
      price: draft.price,
      size: draft.size,
      side: draft.side,
      tradeId: String(i),
      source: 'property',
    };
  });
  // Receive order: by tsRecv, ties in generation order. Every trade is then at most `lateness`
  // behind the newest event time seen before it: exactly what the Validator lets through.
  return trades.sort((a, b) => a.tsRecv - b.tsRecv);
}

function draftArbitrary(width: number, lateness: number, exactPrices: boolean): fc.Arbitrary<Draft> {
  return fc.record({
    // Mostly trades within a window, sometimes jumps over several (empty windows).
    gap: fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: 0, max: Math.floor(width / 3) }) },
      { weight: 1, arbitrary: fc.integer({ min: width, max: 6 * width }) },
    ),
    delay: fc.integer({ min: 0, max: lateness }),
    // Dyadic prices and integer sizes make every sum exact, so streaming and batch must agree
    // bit for bit; the second property uses arbitrary doubles and a tolerance.
    price: exactPrices
      ? fc.integer({ min: 400, max: 800 }).map((q) => q / 4)
      : fc.double({ min: 0.01, max: 1e6, noNaN: true }),
    size: exactPrices
      ? fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 9, arbitrary: fc.integer({ min: 1, max: 500 }) })
      : fc.double({ min: 0, max: 1e4, noNaN: true }),
    side: fc.constantFrom<Side>('buy', 'sell', 'unknown'),
  });
}

interface RunOptions {
  readonly label: string;
  readonly sessions: SessionCalendar;
  readonly lateness: number;
  readonly closeDelay: number;
  readonly partialInterval: number | null;
  readonly fillGaps: boolean;
  /** Call onTime(tsRecv) after each trade, as a replay driver does. */
  readonly timers: boolean;
}

function stream(trades: readonly Trade[], options: RunOptions) {
  const builder = new BarBuilder({
    symbol: 'TEST',
    timeframe: parseTimeframe(options.label),
    sessions: options.sessions,
    allowedLateness: options.lateness,
    closeDelay: options.closeDelay,
    partialInterval: options.partialInterval,
    fillGaps: options.fillGaps,
  });
  const events: BarEvent[] = [];
  const emit = (event: BarEvent): void => {
    events.push(event);
  };
  for (const trade of trades) {
    builder.next(trade, emit);
    if (options.timers) builder.onTime(trade.tsRecv, emit);
  }
  return { builder, events, emit };
}

const T0 = microsFromIso('2024-03-11T13:00:00Z');

describe('BarBuilder: streaming equals batch (fast-check)', () => {
  const intradayCase = (exactPrices: boolean) =>
    fc
      .record({
        label: fc.constantFrom('1s', '1m', '5m'),
        latenessWindows: fc.constantFrom(0, 0.5, 1, 3, 8),
        closeDelayWindows: fc.constantFrom(0, 0.25, 1),
        partialInterval: fc.constantFrom<number | null>(null, 0, 250_000),
        fillGaps: fc.boolean(),
        timers: fc.boolean(),
        offset: fc.integer({ min: 0, max: MICROS_PER_HOUR }),
      })
      .chain((c) => {
        const width = parseTimeframe(c.label).micros;
        const lateness = Math.round(c.latenessWindows * width);
        return fc.record({
          c: fc.constant({ ...c, width, lateness, closeDelay: Math.round(c.closeDelayWindows * width) }),
          drafts: fc.array(draftArbitrary(width, lateness, exactPrices), { minLength: 1, maxLength: 120 }),
        });
      });

  const checkIntraday = (exact: boolean) => {
    fc.assert(
      fc.property(intradayCase(exact), ({ c, drafts }) => {
        const trades = arrivals(drafts, T0 + c.offset);
        const options: RunOptions = { ...c, sessions: utcDaySessions() };
        const { builder, events, emit } = stream(trades, options);
        const lastStart = Math.max(...trades.map((t) => Math.floor(t.tsEvent / c.width) * c.width));
        builder.onTime(lastStart + c.width + c.closeDelay, emit); // close the forming bar
        expect(builder.tooLate).toBe(0);

        const windowOf: WindowOf = (ts) => {
          const start = Math.floor(ts / c.width) * c.width;
          return { start, end: start + c.width };
        };
        const between = (fromEnd: number, toStart: number) => {
          const windows = [];
          for (let s = fromEnd; s < toStart; s += c.width) windows.push({ start: s, end: s + c.width });
          return windows;
        };
        const expected = batchBars(trades, windowOf, c.fillGaps, between);
        // Timers may publish flat bars past the last trade (the clock ran on); batch stops there.
        const streamed = [...finalBars(events).values()]
          .filter((bar) => bar.start <= lastStart)
          .sort((a, b) => a.start - b.start)
          .map(strip);
        if (exact) {
          expect(streamed).toEqual(expected);
        } else {
          expect(streamed.map((b) => b.start)).toEqual(expected.map((b) => b.start));
          streamed.forEach((bar, i) => {
            const want = expected[i] as ExpectedBar;
            for (const key of Object.keys(want) as Array<keyof ExpectedBar>) {
              expect(bar[key], key).toBeCloseTo(want[key], key === 'volume' || key.endsWith('Volume') ? 3 : 6);
            }
          });
        }
      }),
      { numRuns: exact ? 400 : 150 },
    );
  };

  it('intraday, out of order within lateness, with or without timers, partials and gap filling (exact sums)', () => {
    checkIntraday(true);
  });

  it('intraday with arbitrary double prices and sizes (within floating-point tolerance)', () => {
    checkIntraday(false);
  });

  it('daily NYSE sessions: trades outside sessions are left out; sessions across weekends and a DST change', () => {
    const nyse = nyseRegularSessions();
    const start = microsFromIso('2024-03-06T12:00:00Z'); // a Wednesday, the week before the DST change
    const dailyCase = fc.record({
      lateness: fc.constantFrom(0, MICROS_PER_HOUR, MICROS_PER_DAY),
      fillGaps: fc.boolean(),
      timers: fc.boolean(),
      drafts: fc.array(
        fc.record({
          gap: fc.oneof(
            { weight: 6, arbitrary: fc.integer({ min: 0, max: 20 * 60 * MICROS_PER_SECOND }) },
            { weight: 1, arbitrary: fc.integer({ min: 6 * MICROS_PER_HOUR, max: 3 * MICROS_PER_DAY }) },
          ),
          delayFraction: fc.double({ min: 0, max: 1, noNaN: true }),
          price: fc.integer({ min: 400, max: 800 }).map((q) => q / 4),
          size: fc.integer({ min: 0, max: 500 }),
          side: fc.constantFrom<Side>('buy', 'sell', 'unknown'),
        }),
        { minLength: 1, maxLength: 150 },
      ),
    });
    fc.assert(
      fc.property(dailyCase, ({ lateness, fillGaps, timers, drafts }) => {
        const trades = arrivals(
          drafts.map((d) => ({ ...d, delay: Math.floor(d.delayFraction * lateness) })),
          start,
        );
        const options: RunOptions = {
          label: '1d',
          sessions: nyse,
          lateness,
          closeDelay: 0,
          partialInterval: 0,
          fillGaps,
          timers,
        };
        const { builder, events, emit } = stream(trades, options);
        const inSession = trades.filter((t) => nyse.sessionAt(t.tsEvent) !== null);
        expect(builder.outsideSession).toBe(trades.length - inSession.length);
        expect(builder.tooLate).toBe(0);
        const lastEnd = Math.max(0, ...inSession.map((t) => (nyse.sessionAt(t.tsEvent) as { end: number }).end));
        builder.onTime(lastEnd, emit);

        // Sessions between two bars, found by probing each UTC day at 16:00 UTC (11:00 or 12:00
        // in New York, inside every regular session), independently of the builder's nextSession.
        const between = (fromEnd: number, toStart: number) => {
          const windows = [];
          for (let day = Math.floor(fromEnd / MICROS_PER_DAY); day * MICROS_PER_DAY < toStart; day++) {
            const session = nyse.sessionAt(day * MICROS_PER_DAY + 16 * MICROS_PER_HOUR);
            if (session !== null && session.start >= fromEnd && session.start < toStart) windows.push(session);
          }
          return windows;
        };
        const expected = batchBars(trades, (ts) => nyse.sessionAt(ts), fillGaps, between);
        const lastStart = Math.max(...expected.map((b) => b.start));
        const streamed = [...finalBars(events).values()]
          .filter((bar) => bar.start <= lastStart)
          .sort((a, b) => a.start - b.start)
          .map(strip);
        expect(streamed).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
