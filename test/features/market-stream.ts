/**
 * Test data for the feature tests: simulator trades and quotes of a few symbols with their
 * closed bars, interleaved as the pipeline would feed them (the bar a trade closes comes just
 * before or just after that trade).
 */
import { BarBuilder, calendarFor } from '../../src/bars/index.js';
import type { Bar, Quote, Trade } from '../../src/core/events.js';
import { MICROS_PER_MINUTE, parseTimeframe } from '../../src/core/time.js';
import { MarketSimulator, defaultUniverse, type SimulatedInstrument } from '../../src/sources/simulator/index.js';

export type StreamEvent = Trade | Quote | Bar;

export interface StreamOptions {
  readonly symbols: readonly string[];
  readonly start: number;
  readonly minutes: number;
  readonly timeframe: string;
  /** Overrides each instrument's trade rate (keeps tests small). */
  readonly tradesPerSecond?: number;
  /** Whether a bar closed by a trade is fed before that trade (default true). */
  readonly barsFirst?: boolean;
  readonly seed?: number;
}

export interface MarketStream {
  /** Everything, in feeding order. */
  readonly events: readonly StreamEvent[];
  readonly instruments: readonly SimulatedInstrument[];
}

export function instrumentsNamed(symbols: readonly string[], tradesPerSecond?: number): SimulatedInstrument[] {
  const universe = defaultUniverse(40);
  return symbols.map((symbol) => {
    const instrument = universe.find((candidate) => candidate.symbol === symbol);
    if (instrument === undefined) throw new Error(`no ${symbol} in the default universe`);
    return tradesPerSecond === undefined ? instrument : { ...instrument, tradesPerSecond };
  });
}

export function simulateStream(options: StreamOptions): MarketStream {
  const instruments = instrumentsNamed(options.symbols, options.tradesPerSecond);
  const simulator = new MarketSimulator({
    seed: options.seed ?? 7,
    start: options.start,
    instruments,
    anomaliesPerSymbolDay: 0,
    meanLatency: 1_000,
  });
  const timeframe = parseTimeframe(options.timeframe);
  const builders = new Map(
    instruments.map((instrument) => [
      instrument.symbol,
      new BarBuilder({
        symbol: instrument.symbol,
        timeframe,
        sessions: calendarFor(instrument.calendar),
        allowedLateness: 0,
        closeDelay: 0,
        partialInterval: null,
        fillGaps: false,
      }),
    ]),
  );
  const barsFirst = options.barsFirst ?? true;
  const events: StreamEvent[] = [];
  const end = options.start + options.minutes * MICROS_PER_MINUTE;
  simulator.advance(end, (event) => {
    if (event.type === 'label') return;
    if (event.type === 'quote') {
      events.push(event);
      return;
    }
    const closed: Bar[] = [];
    builders.get(event.symbol)!.next(event, (bar) => {
      if (bar.type === 'bar') closed.push(bar);
    });
    if (barsFirst) events.push(...closed, event);
    else events.push(event, ...closed);
  });
  for (const builder of builders.values())
    builder.onTime(end + timeframe.micros, (bar) => {
      if (bar.type === 'bar') events.push(bar);
    });
  return { events, instruments };
}

export function ofSymbol(events: readonly StreamEvent[], symbol: string): StreamEvent[] {
  return events.filter((event) => event.symbol === symbol);
}
