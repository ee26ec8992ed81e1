/** The columnar tick encoding round-trips every row exactly, and refuses malformed rows. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Quote, Trade } from '../../../core/events.js';
import { decodeBatch, encodeBatch } from './protocol.js';
import { decodeQuotes, decodeTrades, encodeQuotes, encodeTrades } from './tick-columns.js';

const name = fc.string({ maxLength: 12 });
const number = fc.double(); // NaN, ±Infinity, -0 and subnormals included

const trade: fc.Arbitrary<Trade> = fc
  .record({
    type: fc.constant('trade' as const),
    symbol: name,
    tsEvent: number,
    tsRecv: number,
    price: number,
    size: number,
    side: fc.constantFrom('buy' as const, 'sell' as const, 'unknown' as const),
    tradeId: fc.string({ maxLength: 20, unit: 'binary' }), // any code points, separators included
    source: name,
  })
  .map((row) => ({ ...row })); // fc.record builds null-prototype objects; decoded rows are plain

const quote: fc.Arbitrary<Quote> = fc
  .record({
    type: fc.constant('quote' as const),
    symbol: name,
    tsEvent: number,
    tsRecv: number,
    bidPrice: number,
    bidSize: number,
    askPrice: number,
    askSize: number,
    source: name,
  })
  .map((row) => ({ ...row }));

describe('tick columns', () => {
  it('trades round-trip field for field (Object.is: NaN and -0 too)', () => {
    fc.assert(
      fc.property(fc.array(trade, { maxLength: 30 }), (trades) => {
        const columns = encodeTrades(trades);
        expect(columns).not.toBeNull();
        const decoded = decodeTrades(columns!);
        expect(decoded).toHaveLength(trades.length);
        decoded.forEach((row, i) => expect(row).toStrictEqual(trades[i])); // toStrictEqual uses Object.is for numbers
      }),
      { numRuns: 60 },
    );
  });

  it('quotes round-trip field for field', () => {
    fc.assert(
      fc.property(fc.array(quote, { maxLength: 30 }), (quotes) => {
        const decoded = decodeQuotes(encodeQuotes(quotes)!);
        expect(decoded).toStrictEqual(quotes);
      }),
      { numRuns: 60 },
    );
  });

  it('names are sent once per batch: 1,000 trades of 2 symbols carry 2 + sources + sides names', () => {
    const trades: Trade[] = Array.from({ length: 1000 }, (_, i) => ({
      type: 'trade',
      symbol: i % 2 === 0 ? 'AAPL' : 'MSFT',
      tsEvent: i,
      tsRecv: i + 1,
      price: 100 + i,
      size: 1,
      side: 'buy',
      tradeId: String(i),
      source: 'simulator',
    }));
    const columns = encodeTrades(trades)!;
    expect(columns.names).toEqual(['AAPL', 'simulator', 'buy', 'MSFT']);
    expect(columns.numbers.length).toBe(4000);
  });

  it('a row with a field of the wrong type is not encoded (it goes as an object instead)', () => {
    const good: Trade = {
      type: 'trade',
      symbol: 'A',
      tsEvent: 1,
      tsRecv: 2,
      price: 3,
      size: 4,
      side: 'buy',
      tradeId: 'x',
      source: 's',
    };
    expect(encodeTrades([good, { ...good, price: '3' as unknown as number }])).toBeNull();
    expect(encodeTrades([good, { ...good, tradeId: undefined as unknown as string }])).toBeNull();
    expect(encodeTrades([good, null as unknown as Trade])).toBeNull();
    const { batch } = encodeBatch({ trades: [good, { ...good, size: undefined as unknown as number }] });
    expect(batch.tradeColumns).toBeUndefined();
    expect(batch.trades).toHaveLength(2);
  });

  it('a batch keeps its other fields and moves the column buffers', () => {
    const trades = [
      { type: 'trade', symbol: 'A', tsEvent: 1, tsRecv: 2, price: 3, size: 4, side: 'sell', tradeId: 'x', source: 's' },
    ] as const;
    const checkpoints = [{ key: 'k', value: 'v' }];
    const { batch, transfer } = encodeBatch({ trades, checkpoints });
    expect(transfer).toHaveLength(2);
    expect(decodeBatch(batch)).toStrictEqual({ trades, checkpoints });
  });
});
