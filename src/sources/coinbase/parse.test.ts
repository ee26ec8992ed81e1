import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recordedFramesOf } from '../../../test/sources/binance-server.js';
import type { Quote, Trade } from '../../core/events.js';
import { createCoinbaseOutput, parseCoinbaseFrame, resetCoinbaseOutput, type CoinbaseParseOutput } from './parse.js';

const RECV = 1_704_724_200_900_000;

function parseAll(frames: string[]) {
  const out = createCoinbaseOutput();
  const all = {
    events: [] as (Trade | Quote)[],
    sequences: [] as number[],
    controls: [] as CoinbaseParseOutput['controls'][number][],
    malformed: 0,
    ignored: 0,
  };
  for (const frame of frames) {
    resetCoinbaseOutput(out);
    parseCoinbaseFrame(frame, RECV, 'coinbase', out);
    all.events.push(...out.events);
    all.sequences.push(...out.sequences);
    all.controls.push(...out.controls);
    all.malformed += out.malformed;
    all.ignored += out.ignored;
  }
  return all;
}

describe('parseCoinbaseFrame (recorded feed)', () => {
  const result = parseAll(recordedFramesOf('coinbase', 'feed.json'));

  it('flips the maker side of matches to the aggressor side; µs ISO times; exact decimals', () => {
    const trades = result.events.filter((e): e is Trade => e.type === 'trade');
    expect(trades.map((t) => [t.tradeId, t.side])).toEqual([
      ['575283600', 'sell'], // last_match, maker bought → seller hit the bid
      ['575283601', 'buy'], // maker sold → buyer lifted the offer
      ['575283602', 'sell'],
      ['310000001', 'buy'],
    ]);
    expect(trades[1]).toEqual({
      type: 'trade',
      symbol: 'BTC-USD',
      tsEvent: Date.UTC(2024, 0, 8, 14, 30, 0) * 1000 + 50_001,
      tsRecv: RECV,
      price: 42150.5,
      size: 0.01234,
      side: 'buy',
      tradeId: '575283601',
      source: 'coinbase',
    });
  });

  it('turns the ticker into a quote with best bid/ask and sizes', () => {
    const quote = result.events.find((e): e is Quote => e.type === 'quote');
    expect(quote).toEqual({
      type: 'quote',
      symbol: 'BTC-USD',
      tsEvent: Date.UTC(2024, 0, 8, 14, 30, 0) * 1000 + 70_002,
      tsRecv: RECV,
      bidPrice: 42150.1,
      bidSize: 0.75,
      askPrice: 42150.5,
      askSize: 1.25,
      source: 'coinbase',
    });
  });

  it('reports subscriptions, heartbeats and errors as controls; ignores l2update', () => {
    expect(result.controls.map((c) => c.kind)).toEqual(['subscriptions', 'heartbeat', 'error']);
    expect(result.controls[1]).toEqual({
      kind: 'heartbeat',
      productId: 'BTC-USD',
      lastTradeId: 575283602,
      time: Date.UTC(2024, 0, 8, 14, 30, 0, 500) * 1000,
    });
    expect(result.ignored).toBe(1);
    expect(result.malformed).toBe(0);
    expect(result.sequences.filter((s) => !Number.isNaN(s))).toEqual([575283600, 575283601, 575283602, 310000001]);
  });

  it('rejects bad sides, numbers and times as malformed and never throws', () => {
    const match = (patch: object): string =>
      JSON.stringify({
        type: 'match',
        trade_id: 1,
        side: 'buy',
        size: '1',
        price: '2',
        product_id: 'X',
        time: '2024-01-08T14:30:00.000001Z',
        ...patch,
      });
    const result = parseAll([
      '{',
      '[]',
      match({ side: 'left' }),
      match({ price: '1,5' }),
      match({ time: '2024-01-08 14:30' }),
      match({}),
    ]);
    expect(result.malformed).toBe(5);
    expect(result.events).toHaveLength(1);
  });

  it('property: any frame is accounted for exactly once', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (frame) => {
        const out = createCoinbaseOutput();
        parseCoinbaseFrame(frame, RECV, 'coinbase', out);
        expect(out.events.length + out.controls.length + out.malformed + out.ignored).toBe(1);
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseCoinbaseFrame byte fast path (match, last_match, ticker without JSON.parse)', () => {
  /** Everything the parser reports for one frame. String frames always take the general path. */
  function outcome(frame: string | Uint8Array) {
    const out = createCoinbaseOutput();
    parseCoinbaseFrame(frame, RECV, 'coinbase', out);
    return { ...out, events: [...out.events], sequences: [...out.sequences] };
  }

  it('gives the same result from bytes as from text for every recorded frame', () => {
    for (const frame of recordedFramesOf('coinbase', 'feed.json')) {
      expect(outcome(Buffer.from(frame))).toEqual(outcome(frame));
    }
  });

  it('keeps exact decimals, µs times and the flipped side from bytes', () => {
    const frame =
      '{"type":"match","trade_id":575283601,"maker_order_id":"ac928c66","side":"sell","size":"0.00010000","price":"46921.01000000","product_id":"BTC-USD","sequence":7,"time":"2024-01-08T14:30:00.123456Z"}';
    const [trade] = outcome(Buffer.from(frame)).events as Trade[];
    expect(trade).toMatchObject({ price: 46921.01, size: 0.0001, tradeId: '575283601', side: 'buy' });
    expect(trade?.tsEvent).toBe(1_704_724_200_123_456);
  });

  const decimal = fc.oneof(
    fc.constantFrom('46921.01', '0.00010000', '1', '-1.5', '1e3', '', '12345678901234567.1'),
    fc.double({ min: 0, max: 1e6, noNaN: true }).map((x) => x.toFixed(8)),
  );
  const time = fc.oneof(
    fc.constantFrom('2024-01-08T14:30:00.123456Z', '2024-13-08T14:30:00Z', '2024-02-30T00:00:00Z', 'yesterday', 5),
    // Random well- and ill-formed RFC-3339 tails on a few minutes (the fast path caches the minute).
    fc
      .tuple(
        fc.constantFrom('2024-01-08T14:30:', '2024-01-08T14:31:', '2024-03-10t07:00:', '2024-02-29 23:59:'),
        fc.constantFrom('00', '59', '60', '61', '9', 'x0'),
        fc.constantFrom('', '.', '.1', '.123456', '.123456789', '.12a'),
        fc.constantFrom('Z', 'z', '+01:00', '-05:30', '', 'Zx'),
      )
      .map((parts) => parts.join('')),
  );
  // Mostly-valid matches (every field present, one of them possibly bad) reach deep into the fast path.
  const match = fc.record({
    type: fc.constantFrom('match', 'last_match'),
    trade_id: fc.oneof(fc.maxSafeNat(), fc.maxSafeNat(), fc.constantFrom(-1, 1.5, 2 ** 53)),
    side: fc.constantFrom('buy', 'sell', 'sell', 'BUY'),
    size: fc.oneof(fc.constant('0.00010000'), decimal),
    price: fc.oneof(fc.constant('46921.01'), decimal),
    product_id: fc.constantFrom('BTC-USD', 'ETH-USD'),
    time,
  });
  const message = fc.oneof(
    match,
    fc.record(
      {
        type: fc.constantFrom('match', 'last_match', 'ticker', 'heartbeat', 'l2update', 3),
        trade_id: fc.oneof(fc.maxSafeNat(), fc.constantFrom(-1, 1.5, 2 ** 53)),
        maker_order_id: fc.constant('ac928c66-ca53-498f-9c13-a110027a60e8'),
        side: fc.constantFrom('buy', 'sell', 'BUY', null),
        size: decimal,
        price: decimal,
        product_id: fc.constantFrom('BTC-USD', 'ETH-USD', 'é', 1),
        sequence: fc.maxSafeNat(),
        time,
      },
      { requiredKeys: ['type', 'product_id', 'time'] },
    ),
    fc.record(
      {
        type: fc.constant('ticker'),
        sequence: fc.maxSafeNat(),
        product_id: fc.constantFrom('BTC-USD', 'ETH-USD'),
        price: decimal,
        best_bid: decimal,
        best_bid_size: fc.oneof(decimal, fc.constant(null)),
        best_ask: decimal,
        best_ask_size: decimal,
        time,
      },
      { requiredKeys: ['type', 'product_id', 'time', 'best_bid', 'best_ask'] },
    ),
  );
  const mutated = fc.oneof(
    message.map((m) => JSON.stringify(m)),
    fc.tuple(message, fc.nat(400), fc.constantFrom('', '"', '}', '\\', ' ', '9', 'é')).map(([m, at, c]) => {
      const text = JSON.stringify(m);
      const i = at % (text.length + 1);
      return text.slice(0, i) + c + text.slice(i + 1);
    }),
  );

  it('reads times as the shared RFC-3339 parser does, edge by edge', () => {
    const tails = ['00Z', '59.999999Z', '60Z', '61Z', '00.Z', '00.1z', '00.123456789Z', '00+00:00', '00Zx', '0Z', '00'];
    const minutes = [
      '2024-01-08T14:30:',
      '2024-01-08T14:31:',
      '2023-02-29T00:00:',
      '2024-02-29 23:59:',
      '2024-01-08T24:00:',
    ];
    for (const minute of minutes) {
      for (const tail of tails) {
        const frame = JSON.stringify({
          type: 'match',
          trade_id: 1,
          side: 'sell',
          size: '1',
          price: '2',
          product_id: 'BTC-USD',
          time: minute + tail,
        });
        expect(outcome(Buffer.from(frame)), minute + tail).toEqual(outcome(frame));
      }
    }
  });

  it('property: bytes and text give the same events, sequences, counts and controls', () => {
    fc.assert(
      fc.property(mutated, (text) => {
        expect(outcome(Buffer.from(text))).toEqual(outcome(text));
      }),
      { numRuns: 3000 },
    );
  });
});
