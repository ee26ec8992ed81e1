import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nyseRegularSessions } from '../../bars/sessions.js';
import type { Label, Quote, Trade } from '../../core/events.js';
import { MICROS_PER_HOUR, MICROS_PER_MINUTE, MICROS_PER_SECOND } from '../../core/time.js';
import type { SimulatedInstrument, SimulatorConfig } from './config.js';
import { MarketSimulator } from './market-simulator.js';
import type { SimulatorEvent } from './market-simulator.js';
import { isNyseHoliday, nyseEarlyCloseMinutes } from '../../bars/nyse-holidays.js';

const utc = (year: number, month: number, day: number, hour = 0, minute = 0): number =>
  Date.UTC(year, month - 1, day, hour, minute) * 1000;

const stock = (symbol: string, overrides: Partial<SimulatedInstrument> = {}): SimulatedInstrument => ({
  symbol,
  assetClass: 'stock',
  calendar: 'nyse',
  tickSize: 0.01,
  startPrice: 100,
  annualVolatility: 0.3,
  marketBeta: 1.2,
  tradesPerSecond: 0.5,
  spreadBps: 3,
  quotesPerTrade: 1,
  ...overrides,
});

const coin = (symbol: string, overrides: Partial<SimulatedInstrument> = {}): SimulatedInstrument => ({
  ...stock(symbol),
  assetClass: 'crypto',
  calendar: '24x7',
  startPrice: 2_000,
  annualVolatility: 0.7,
  marketBeta: 1.5,
  spreadBps: 2,
  ...overrides,
});

// Friday 2024-03-08 through Monday 2024-03-11: a weekend and the switch to daylight time.
const FRIDAY = utc(2024, 3, 8, 14, 0);
const MONDAY_CLOSE = utc(2024, 3, 11, 20, 30);

const baseConfig: SimulatorConfig = {
  seed: 'simulator-test',
  start: FRIDAY,
  instruments: [
    stock('AAA'),
    coin('COIN', { tradesPerSecond: 0.25 }),
    stock('BBB', { startPrice: 20, spreadBps: 20, marketBeta: 0.6 }),
  ],
  anomaliesPerSymbolDay: 6,
  meanLatency: 1_500,
};

function run(config: SimulatorConfig, until: number): SimulatorEvent[] {
  const events: SimulatorEvent[] = [];
  new MarketSimulator(config).advance(until, (event) => events.push(event));
  return events;
}

const serialise = (events: readonly SimulatorEvent[]): string =>
  events.map((event) => JSON.stringify(event)).join('\n');
const timeOf = (event: SimulatorEvent): number => (event.type === 'label' ? event.createdAt : event.tsEvent);

const weekend = run(baseConfig, MONDAY_CLOSE);

describe('MarketSimulator: determinism', () => {
  it('gives a byte-identical event sequence for the same configuration', () => {
    expect(weekend.length).toBeGreaterThan(100_000);
    expect(serialise(run(baseConfig, MONDAY_CLOSE)) === serialise(weekend)).toBe(true);
  });

  it('gives a different sequence for a different seed', () => {
    const other = run({ ...baseConfig, seed: 'another' }, FRIDAY + MICROS_PER_HOUR);
    expect(serialise(other.slice(0, 100))).not.toBe(serialise(weekend.slice(0, 100)));
  });

  it('advance in pieces equals advance in one go, wherever the pieces end (also mid-second)', () => {
    const end = FRIDAY + MICROS_PER_HOUR;
    const config = { ...baseConfig, anomaliesPerSymbolDay: 40 }; // labels inside the range too
    const reference = serialise(run(config, end));
    expect(reference).toContain('"type":"label"');
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: FRIDAY, max: end }), { minLength: 1, maxLength: 12 }), (cuts) => {
        const simulator = new MarketSimulator(config);
        const events: SimulatorEvent[] = [];
        for (const cut of [...cuts].sort((a, b) => a - b)) {
          simulator.advance(cut, (event) => events.push(event));
          expect(simulator.now()).toBe(cut);
        }
        simulator.advance(end, (event) => events.push(event));
        return serialise(events) === reference;
      }),
      { numRuns: 8 },
    );
  });

  it('snapshot → JSON → restore into a fresh simulator continues identically', () => {
    const end = FRIDAY + MICROS_PER_HOUR;
    const config = { ...baseConfig, anomaliesPerSymbolDay: 40 };
    const reference = run(config, end);
    fc.assert(
      fc.property(fc.integer({ min: FRIDAY, max: end }), (cut) => {
        const first = new MarketSimulator(config);
        const before: SimulatorEvent[] = [];
        first.advance(cut, (event) => before.push(event));
        const state: unknown = JSON.parse(JSON.stringify(first.snapshot()));
        const second = new MarketSimulator(config);
        second.restore(state as ReturnType<MarketSimulator['snapshot']>);
        expect(second.now()).toBe(cut);
        const after: SimulatorEvent[] = [];
        second.advance(end, (event) => after.push(event));
        // The original instance is unaffected by the snapshot and continues the same way.
        const original: SimulatorEvent[] = [];
        first.advance(end, (event) => original.push(event));
        return serialise([...before, ...after]) === serialise(reference) && serialise(original) === serialise(after);
      }),
      { numRuns: 8 },
    );
  });

  it('starts between whole seconds: no event before the start, the same continuation after a snapshot', () => {
    const config = { ...baseConfig, start: FRIDAY + 123_457 };
    const end = config.start + 10 * MICROS_PER_MINUTE;
    const reference = run(config, end);
    expect(reference.length).toBeGreaterThan(500);
    expect(Math.min(...reference.map(timeOf))).toBeGreaterThanOrEqual(config.start);
    const first = new MarketSimulator(config);
    const events: SimulatorEvent[] = [];
    first.advance(config.start + 500_000, (event) => events.push(event));
    const second = new MarketSimulator(config);
    second.restore(JSON.parse(JSON.stringify(first.snapshot())) as ReturnType<MarketSimulator['snapshot']>);
    second.advance(end, (event) => events.push(event));
    expect(serialise(events)).toBe(serialise(reference));
  });

  it('refuses a state taken with other symbols', () => {
    const state = new MarketSimulator(baseConfig).snapshot();
    const other = new MarketSimulator({ ...baseConfig, instruments: [stock('AAA')] });
    expect(() => other.restore(state)).toThrow(/symbols/);
  });

  it("a symbol's path does not depend on the other symbols simulated (receive times aside)", () => {
    const end = FRIDAY + 3 * MICROS_PER_HOUR;
    const pathOf = (events: SimulatorEvent[]): string =>
      serialise(
        events
          .filter((event) => event.symbol === 'AAA')
          .map((event) => (event.type === 'label' ? event : { ...event, tsRecv: 0 })),
      );
    const alone = run({ ...baseConfig, instruments: [stock('AAA')] }, end);
    const together = run(baseConfig, end);
    expect(alone.length).toBeGreaterThan(1_000);
    expect(pathOf(together)).toBe(pathOf(alone));
  });
});

describe('MarketSimulator: event stream', () => {
  it('is in non-decreasing event time, with labels at their start', () => {
    let previous = -Infinity;
    let backwards = 0;
    for (const event of weekend) {
      if (timeOf(event) < previous) backwards++;
      previous = timeOf(event);
    }
    expect(backwards).toBe(0);
    expect(timeOf(weekend[0]!)).toBeGreaterThanOrEqual(FRIDAY);
    expect(previous).toBeLessThan(MONDAY_CLOSE);
  });

  it('has integer µs times, receive times after event times and never going backwards', () => {
    let previousReceive = 0;
    let latencySum = 0;
    let count = 0;
    const violations = { notInteger: 0, tooEarly: 0, backwards: 0, source: 0 };
    for (const event of weekend) {
      if (event.type === 'label') continue;
      if (!Number.isInteger(event.tsEvent) || !Number.isInteger(event.tsRecv)) violations.notInteger++;
      if (event.tsRecv < event.tsEvent + 1) violations.tooEarly++;
      if (event.tsRecv < previousReceive) violations.backwards++;
      if (event.source !== 'simulator') violations.source++;
      previousReceive = event.tsRecv;
      latencySum += event.tsRecv - event.tsEvent;
      count++;
    }
    expect(violations).toEqual({ notInteger: 0, tooEarly: 0, backwards: 0, source: 0 });
    // Mean latency ≈ meanLatency (a little more: receive times queue behind earlier ones).
    expect(latencySum / count).toBeGreaterThan(1_400);
    expect(latencySum / count).toBeLessThan(1_700);
  });

  it('trades stocks only in NYSE regular sessions and crypto around the clock', () => {
    const calendar = nyseRegularSessions({ isHoliday: isNyseHoliday, earlyCloseMinutes: nyseEarlyCloseMinutes });
    const stockHours = new Set<number>();
    const coinHours = new Set<number>();
    let outsideSession = 0;
    for (const event of weekend) {
      if (event.type === 'label') continue;
      const hour = Math.floor(event.tsEvent / MICROS_PER_HOUR);
      if (event.symbol === 'COIN') coinHours.add(hour);
      else {
        if (calendar.sessionAt(event.tsEvent) === null) outsideSession++;
        stockHours.add(hour);
      }
    }
    expect(outsideSession).toBe(0);
    // Friday 14:30–21:00 UTC (EST) and Monday 13:30–20:00 UTC (EDT after the weekend's switch).
    expect([...stockHours].map((hour) => new Date(hour * 3_600_000).toISOString().slice(0, 13))).toEqual([
      ...['14', '15', '16', '17', '18', '19', '20'].map((h) => `2024-03-08T${h}`),
      ...['13', '14', '15', '16', '17', '18', '19'].map((h) => `2024-03-11T${h}`),
    ]);
    expect(coinHours.size).toBe((MONDAY_CLOSE - FRIDAY) / MICROS_PER_HOUR + 0.5);
  });

  it('keeps the 13:00 early close and the Independence Day holiday', () => {
    const events = run({ ...baseConfig, start: utc(2024, 7, 3), anomaliesPerSymbolDay: 0 }, utc(2024, 7, 6));
    const stockTrades = events.filter((event): event is Trade => event.type === 'trade' && event.symbol === 'AAA');
    const days = new Map<string, [number, number]>();
    for (const trade of stockTrades) {
      const day = new Date(trade.tsEvent / 1000).toISOString().slice(0, 10);
      const range = days.get(day) ?? [Infinity, -Infinity];
      days.set(day, [Math.min(range[0], trade.tsEvent), Math.max(range[1], trade.tsEvent)]);
    }
    expect([...days.keys()]).toEqual(['2024-07-03', '2024-07-05']);
    expect(days.get('2024-07-03')![0]).toBeGreaterThanOrEqual(utc(2024, 7, 3, 13, 30));
    expect(days.get('2024-07-03')![1]).toBeLessThan(utc(2024, 7, 3, 17));
    expect(days.get('2024-07-03')![1]).toBeGreaterThan(utc(2024, 7, 3, 16, 50));
    expect(days.get('2024-07-05')![1]).toBeGreaterThan(utc(2024, 7, 5, 19, 50));
  });

  it('prints trades against the current quote: at the ask for buys, the bid for sells, sometimes inside', () => {
    const lastQuote = new Map<string, Quote>();
    const counts = { atAsk: 0, atBid: 0, inside: 0, trades: 0, quoteFirst: 0 };
    const violations = { badQuote: 0, noQuote: 0, wrongSide: 0, outsideSpread: 0 };
    let previous: SimulatorEvent | undefined;
    for (const event of weekend) {
      if (event.type === 'quote') {
        if (!(event.bidPrice < event.askPrice && event.bidSize > 0 && event.askSize > 0)) violations.badQuote++;
        lastQuote.set(event.symbol, event);
      } else if (event.type === 'trade') {
        const quote = lastQuote.get(event.symbol);
        counts.trades++;
        if (quote === undefined) {
          violations.noQuote++;
          continue;
        }
        if (previous?.type === 'quote' && previous.symbol === event.symbol && previous.tsEvent === event.tsEvent) {
          counts.quoteFirst++;
        }
        let expectedSide: string;
        if (event.price === quote.askPrice) {
          counts.atAsk++;
          expectedSide = 'buy';
        } else if (event.price === quote.bidPrice) {
          counts.atBid++;
          expectedSide = 'sell';
        } else {
          counts.inside++;
          if (!(event.price > quote.bidPrice && event.price < quote.askPrice)) violations.outsideSpread++;
          const fromMid = 2 * event.price - quote.bidPrice - quote.askPrice;
          expectedSide = Math.abs(fromMid) < 1e-9 ? 'unknown' : fromMid > 0 ? 'buy' : 'sell';
        }
        if (event.side !== expectedSide) violations.wrongSide++;
      }
      previous = event;
    }
    expect(violations).toEqual({ badQuote: 0, noQuote: 0, wrongSide: 0, outsideSpread: 0 });
    expect((counts.atAsk + counts.atBid) / counts.trades).toBeGreaterThan(0.9);
    expect(counts.inside / counts.trades).toBeGreaterThan(0.005);
    expect(Math.min(counts.atAsk, counts.atBid) / counts.trades).toBeGreaterThan(0.4);
    // The book moves between trades, so a fresh quote often comes right before a trade.
    expect(counts.quoteFirst / counts.trades).toBeGreaterThan(0.1);
  });

  it('rounds prices to the tick, sizes to round lots mostly (stocks) or fractions (crypto)', () => {
    const sizes = { stock: 0, roundLots: 0, coin: 0, fractional: 0 };
    const violations = { offTick: 0, fractionalShares: 0 };
    const twoDecimals = /^\d+(\.\d{1,2})?$/;
    for (const event of weekend) {
      if (event.type === 'label') continue;
      const prices = event.type === 'trade' ? [event.price] : [event.bidPrice, event.askPrice];
      for (const price of prices) if (!twoDecimals.test(String(price))) violations.offTick++;
      if (event.type !== 'trade') continue;
      if (event.symbol === 'COIN') {
        sizes.coin++;
        if (!Number.isInteger(event.size)) sizes.fractional++;
      } else {
        sizes.stock++;
        if (!Number.isInteger(event.size)) violations.fractionalShares++;
        if (event.size % 100 === 0) sizes.roundLots++;
      }
    }
    expect(violations).toEqual({ offTick: 0, fractionalShares: 0 });
    expect(sizes.roundLots / sizes.stock).toBeGreaterThan(0.55);
    expect(sizes.roundLots / sizes.stock).toBeLessThan(0.9);
    expect(sizes.fractional / sizes.coin).toBeGreaterThan(0.99);
  });

  it('numbers trades per symbol: ids unique and in sequence', () => {
    const next = new Map<string, number>();
    let wrongIds = 0;
    for (const event of weekend) {
      if (event.type !== 'trade') continue;
      const sequence = (next.get(event.symbol) ?? 0) + 1;
      if (event.tradeId !== `${event.symbol}-${sequence}`) wrongIds++;
      next.set(event.symbol, sequence);
    }
    expect(wrongIds).toBe(0);
    expect(next.size).toBe(3);
  });

  it('emits ground-truth labels for injected anomalies', () => {
    const labels = weekend.filter((event): event is Label => event.type === 'label');
    expect(labels.length).toBeGreaterThan(10);
    for (const label of labels) {
      expect(label).toMatchObject({ source: 'simulator', verdict: 'anomaly', anomalyId: null });
      expect(label.end).toBeGreaterThan(label.start);
      expect(label.createdAt).toBe(label.start);
      expect(label.note.length).toBeGreaterThan(0);
    }
    expect(new Set(labels.map((label) => label.id)).size).toBe(labels.length);
  });

  it('does nothing when advanced to a time already reached', () => {
    const simulator = new MarketSimulator(baseConfig);
    let count = 0;
    simulator.advance(FRIDAY + MICROS_PER_MINUTE, () => count++);
    const after = count;
    simulator.advance(FRIDAY + MICROS_PER_SECOND, () => count++);
    expect(count).toBe(after);
    expect(simulator.now()).toBe(FRIDAY + MICROS_PER_MINUTE);
  });
});

describe('MarketSimulator: configuration', () => {
  it.each([
    [{ meanLatency: 0 }, /meanLatency/],
    [{ start: 1.5 }, /start/],
    [{ anomaliesPerSymbolDay: -1 }, /anomaliesPerSymbolDay/],
    [{ anomalyKinds: [] }, /anomalyKinds/],
    [{ anomalyKinds: ['meteor_strike'] }, /unknown anomaly kind "meteor_strike"/],
    [{ instruments: [] }, /at least one instrument/],
    [{ instruments: [stock('AAA'), stock('AAA')] }, /listed twice/],
    [{ instruments: [stock('AAA', { annualVolatility: 0.1, marketBeta: 1 })] }, /AAA: annualVolatility 0.1 is below/],
    [{ instruments: [stock('AAA', { tradesPerSecond: 0 })] }, /AAA: tradesPerSecond must be positive/],
  ])('rejects %j', (overrides, message) => {
    expect(() => new MarketSimulator({ ...baseConfig, ...(overrides as Partial<SimulatorConfig>) })).toThrow(message);
  });

  it('rejects a non-integer until', () => {
    expect(() => new MarketSimulator(baseConfig).advance(FRIDAY + 0.5, () => undefined)).toThrow(/integer/);
  });
});
