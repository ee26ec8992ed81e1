import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Quote, Trade } from '../../core/events.js';
import { recordedFrames } from '../../../test/sources/recorded.js';
import { createPolygonParseContext, parsePolygonFrame, type PolygonParseResult } from './parse.js';
import type { PolygonCluster } from './clusters.js';

const RECV = 1_704_724_200_500_000;

function parseFile(file: string, cluster: PolygonCluster): PolygonParseResult {
  const context = createPolygonParseContext();
  const merged: PolygonParseResult = { events: [], bars: [], statuses: [], malformed: 0, ignored: 0, filtered: 0 };
  for (const frame of recordedFrames('polygon', file)) {
    const result = parsePolygonFrame(frame, cluster, RECV, context);
    merged.events.push(...result.events);
    merged.bars.push(...result.bars);
    merged.statuses.push(...result.statuses);
    merged.malformed += result.malformed;
    merged.ignored += result.ignored;
    merged.filtered += result.filtered;
  }
  return merged;
}

describe('parsePolygonFrame', () => {
  it('stocks: quotes, trades with ms → µs, ids, quote-rule sides, condition filter, bars', () => {
    const result = parseFile('stocks.json', 'stocks');
    const [quote, ...trades] = result.events as [Quote, ...Trade[]];
    expect(quote).toEqual({
      type: 'quote',
      symbol: 'AAPL',
      tsEvent: 1_704_724_200_100_000,
      tsRecv: RECV,
      bidPrice: 189.5,
      bidSize: 3,
      askPrice: 189.52,
      askSize: 2,
      source: 'polygon',
    });
    expect(trades.map((t) => [t.tradeId, t.price, t.size, t.side])).toEqual([
      ['4.52983525029461', 189.52, 100, 'buy'], // at the ask
      ['11.52983525029462', 189.5, 200, 'sell'], // at the bid
      ['4.202.71675577320245', 189.51, 37, 'buy'], // inside the spread: up-tick from 189.50
      ['12.800', 189.43, 0.25, 'sell'], // fractional size from ds; below the bid
    ]);
    expect(trades[0]?.tsEvent).toBe(1_704_724_200_120_000);
    expect(result.filtered).toBe(1); // condition 16, the official open marker
    expect(result.bars.map((b) => [b.timeframe, b.start, b.end, b.close, b.vwap])).toEqual([
      ['1s', 1_704_724_200_000_000, 1_704_724_201_000_000, 189.51, 189.5126],
      ['1m', 1_704_724_200_000_000, 1_704_724_260_000_000, 189.71, 189.6015],
    ]);
    expect(result.ignored).toBe(1); // LULD
    expect(result.statuses).toEqual([{ status: 'error', message: 'unknown channel: ZZ.AAPL' }]);
    expect(result.malformed).toBe(0);
  });

  it('crypto: pair symbols, side codes 1 sell / 2 buy / else unknown, bars', () => {
    const result = parseFile('crypto.json', 'crypto');
    const trades = result.events.filter((e): e is Trade => e.type === 'trade');
    expect(trades.map((t) => [t.symbol, t.side, t.size, t.tradeId])).toEqual([
      ['BTC-USD', 'buy', 0.01234, '1.498271'],
      ['BTC-USD', 'sell', 0.5, '1.498272'],
      ['BTC-USD', 'unknown', 0.002, '1.498273'],
      ['ETH-USD', 'unknown', 1.5, '2.77120'],
    ]);
    expect(result.events[0]).toMatchObject({ type: 'quote', bidPrice: 42150.1, askSize: 1.25 });
    expect(result.bars.map((b) => [b.timeframe, b.volume])).toEqual([
      ['1m', 12.34567],
      ['1s', 0.5123],
    ]);
    expect(result.ignored).toBe(1); // XL2
  });

  it('forex, indices and options', () => {
    const forex = parseFile('forex.json', 'forex');
    expect(forex.events[0]).toMatchObject({ type: 'quote', symbol: 'EUR/USD', bidPrice: 1.0951, askPrice: 1.09513 });
    expect(forex.bars[0]).toMatchObject({ symbol: 'EUR/USD', timeframe: '1m', start: 1_704_724_140_000_000 });
    const indices = parseFile('indices.json', 'indices');
    expect(indices.events.map((e) => (e as Trade).price)).toEqual([4756.53, 4756.61]);
    expect(indices.events[0]).toMatchObject({ symbol: 'I:SPX', size: 0, tradeId: '1704724200000' });
    expect(indices.bars[0]).toMatchObject({ volume: 0, vwap: Number.NaN, close: 4756.61 });
    const options = parseFile('options.json', 'options');
    expect(options.events[1]).toMatchObject({ symbol: 'O:SPY240119C00470000', tradeId: '304.9242930', side: 'buy' });
  });

  it('counts garbage and never throws', () => {
    const context = createPolygonParseContext();
    for (const garbage of ['', 'not json', '[1,2', '{"ev":5}', 'null', '[null, "x", {"ev":"T"}]']) {
      const result = parsePolygonFrame(garbage, 'stocks', RECV, context);
      expect(result.events).toEqual([]);
      expect(result.malformed).toBeGreaterThan(0);
    }
    const mixed = parsePolygonFrame(
      '[{"ev":"T","sym":"AAPL","p":"189.5","s":1,"t":1,"x":1,"i":"a"},{"ev":"T","sym":"AAPL","p":189.5,"s":1,"t":1,"x":1,"i":"b","ds":"1e3"},{"ev":"T","sym":"AAPL","p":189.5,"s":1,"t":1,"x":1,"i":"c"}]',
      'stocks',
      RECV,
      context,
    );
    expect(mixed.malformed).toBe(2); // a price sent as a string; a malformed ds
    expect(mixed.events).toHaveLength(1);
    expect(parsePolygonFrame(Buffer.from('[{"ev":"XT"}]'), 'stocks', RECV, context).ignored).toBe(1); // wrong cluster
  });

  it('passes duplicates and out-of-order trades on unchanged', () => {
    const frame = JSON.stringify([
      { ev: 'T', sym: 'AAPL', x: 4, i: '1', p: 10, s: 1, c: [], t: 2000 },
      { ev: 'T', sym: 'AAPL', x: 4, i: '1', p: 10, s: 1, c: [], t: 2000 },
      { ev: 'T', sym: 'AAPL', x: 4, i: '0', p: 10, s: 1, c: [], t: 1000 },
    ]);
    const result = parsePolygonFrame(frame, 'stocks', RECV);
    expect(result.events.map((e) => [(e as Trade).tradeId, e.tsEvent])).toEqual([
      ['4.1', 2_000_000],
      ['4.1', 2_000_000],
      ['4.0', 1_000_000],
    ]);
  });

  it('the condition filter and quote size unit are configurable', () => {
    const context = createPolygonParseContext({ excludedConditions: new Set([37]), quoteSizeMultiplier: 100 });
    const result = parseFile('stocks.json', 'stocks');
    const custom = parsePolygonFrame(recordedFrames('polygon', 'stocks.json')[0] as string, 'stocks', RECV, context);
    expect(custom.filtered).toBe(2); // both odd-lot prints
    expect((custom.events[0] as Quote).bidSize).toBe(300);
    expect(result.filtered).toBe(1);
  });
});

describe('parsePolygonFrame on hostile input', () => {
  it('never throws, and every event it emits is well-typed (property test)', () => {
    const context = createPolygonParseContext();
    const value = fc.oneof(
      fc.string(),
      fc.double(),
      fc.integer(),
      fc.constant(null),
      fc.array(fc.integer(), { maxLength: 3 }),
    );
    const message = fc.record(
      {
        ev: fc.constantFrom('T', 'Q', 'A', 'AM', 'XT', 'XQ', 'XA', 'C', 'CA', 'V', 'status', 'zzz'),
        sym: value,
        pair: value,
        p: value,
        s: value,
        t: value,
        bp: value,
        ap: value,
        bs: value,
        as: value,
        c: value,
        ds: value,
        o: value,
        h: value,
        l: value,
        e: value,
      },
      { requiredKeys: ['ev'] },
    );
    fc.assert(
      fc.property(
        fc.array(message, { maxLength: 5 }),
        fc.constantFrom<PolygonCluster>('stocks', 'crypto', 'forex', 'indices'),
        (messages, cluster) => {
          const result = parsePolygonFrame(JSON.stringify(messages), cluster, RECV, context);
          for (const event of result.events) {
            expect(typeof event.symbol).toBe('string');
            // Integer µs whenever finite (absurd times overflow to Infinity, which the validator rejects).
            expect(Number.isInteger(event.tsEvent) || event.tsEvent === Infinity || event.tsEvent === -Infinity).toBe(
              true,
            );
            if (event.type === 'trade') expect(Number.isFinite(event.price) && Number.isFinite(event.size)).toBe(true);
          }
          expect(
            result.events.length +
              result.bars.length +
              result.statuses.length +
              result.malformed +
              result.ignored +
              result.filtered,
          ).toBe(messages.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});
