import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recordedFramesOf } from '../../../test/sources/binance-server.js';
import type { Quote, Trade } from '../../core/events.js';
import {
  binanceInterval,
  createBinanceOutput,
  parseBinanceFrame,
  resetBinanceOutput,
  type BinanceParseContext,
} from './parse.js';

const ms: BinanceParseContext = { source: 'binance', timeUnit: 'millisecond' };
const RECV = 1_704_724_200_100_000;

function parseAll(frames: string[], context = ms) {
  const out = createBinanceOutput();
  const all = { events: [] as unknown[], bars: [] as unknown[], controls: [] as unknown[], malformed: 0, ignored: 0 };
  for (const frame of frames) {
    resetBinanceOutput(out);
    parseBinanceFrame(frame, RECV, context, out);
    all.events.push(...out.events);
    all.bars.push(...out.bars);
    all.controls.push(...out.controls);
    all.malformed += out.malformed;
    all.ignored += out.ignored;
  }
  return all;
}

describe('parseBinanceFrame (recorded combined-stream frames)', () => {
  const result = parseAll(recordedFramesOf('binance', 'streams.json'));

  it('turns trades into events with the aggressor side from m (buyer is maker → sell)', () => {
    const trades = result.events.filter((e) => (e as Trade).type === 'trade') as Trade[];
    expect(trades[0]).toEqual({
      type: 'trade',
      symbol: 'BTCUSDT',
      tsEvent: 1_704_724_200_012_000,
      tsRecv: RECV,
      price: 46921.01,
      size: 0.00213,
      side: 'sell',
      tradeId: '3366300001',
      source: 'binance',
    });
    expect(trades[1]?.side).toBe('buy');
    expect(trades[2]).toMatchObject({
      symbol: 'ETHUSDT',
      tradeId: 'a1234567001',
      price: 2301.45,
      size: 1.2,
      side: 'buy',
    });
  });

  it('stamps bookTicker quotes with the receive time (the stream has no timestamp)', () => {
    const quote = result.events.find((e) => (e as Quote).type === 'quote') as Quote;
    expect(quote).toEqual({
      type: 'quote',
      symbol: 'BTCUSDT',
      tsEvent: RECV,
      tsRecv: RECV,
      bidPrice: 46921.01,
      bidSize: 3.121,
      askPrice: 46921.02,
      askSize: 0.5,
      source: 'binance',
    });
  });

  it('turns klines into bars: half-open window, VWAP = quote volume / volume, final only when x', () => {
    expect(result.bars).toHaveLength(2);
    expect(result.bars[0]).toMatchObject({
      symbol: 'BTCUSDT',
      timeframe: '1m',
      start: 1_704_724_140_000_000,
      end: 1_704_724_200_000_000,
      open: 46900,
      high: 46930.5,
      low: 46899.99,
      close: 46921,
      volume: 12.5,
      trades: 1000,
      revision: 'final',
    });
    // 586431.25 / 12.5, computed by hand.
    expect((result.bars[0] as { vwap: number }).vwap).toBeCloseTo(46914.5, 9);
    expect(result.bars[1]).toMatchObject({ revision: 'partial', start: 1_704_724_200_000_000 });
  });

  it('reports replies, errors and serverShutdown as controls', () => {
    expect(result.controls).toEqual([
      { kind: 'result', id: 1, result: null },
      { kind: 'error', id: null, code: 2, message: 'Invalid request: unknown method' },
      { kind: 'serverShutdown', time: 1_704_810_600_000_000 },
    ]);
    expect(result.malformed).toBe(0);
  });
});

describe('parseBinanceFrame (raw streams, µs, hostile input)', () => {
  it('parses raw (unwrapped) frames the same way', () => {
    const result = parseAll(recordedFramesOf('binance', 'raw-stream.json'));
    expect(result.events.map((e) => (e as Trade).type)).toEqual(['trade', 'quote']);
  });

  it('takes µs times as they are with timeUnit=MICROSECOND', () => {
    const result = parseAll(recordedFramesOf('binance', 'microseconds.json'), {
      source: 'binance',
      timeUnit: 'microsecond',
    });
    expect((result.events[0] as Trade).tsEvent).toBe(1_704_724_200_012_345);
    expect(result.bars[0]).toMatchObject({ timeframe: '1s', start: 1_704_724_200_000_000, end: 1_704_724_201_000_000 });
  });

  it('counts garbage, bad numbers and bad shapes as malformed and never throws', () => {
    const result = parseAll([
      'not json',
      '[1,2]',
      '{"stream":"x","data":5}',
      '{"e":"trade","s":"BTCUSDT","t":1,"p":"1e3","q":"1","T":1,"m":true}',
      '{"e":"trade","s":"BTCUSDT","t":1,"p":"1.0","q":"1","T":1}',
      '{"e":"depthUpdate","s":"BTCUSDT"}',
    ]);
    expect(result.malformed).toBe(5);
    expect(result.ignored).toBe(1);
    expect(result.events).toHaveLength(0);
  });

  it('property: any string frame yields at most one message, accounted for once', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (frame) => {
        const out = createBinanceOutput();
        parseBinanceFrame(frame, RECV, ms, out);
        const accounted = out.events.length + out.bars.length + out.controls.length + out.malformed + out.ignored;
        expect(accounted).toBe(1);
      }),
      { numRuns: 300 },
    );
  });

  it('maps timeframes and rejects unknown ones', () => {
    expect(binanceInterval('1h')).toEqual({ interval: '1h', micros: 3_600_000_000 });
    expect(() => binanceInterval('7m')).toThrow(/not supported/);
  });
});

describe('parseBinanceFrame byte fast path (trade, aggTrade, bookTicker without JSON.parse)', () => {
  /** Everything the parser reports for one frame. String frames always take the general path. */
  function outcome(frame: string | Uint8Array, context = ms) {
    const out = createBinanceOutput();
    parseBinanceFrame(frame, RECV, context, out);
    return { ...out, events: [...out.events], sequences: [...out.sequences] };
  }

  it('gives the same result from bytes as from text for every recorded frame', () => {
    for (const file of ['streams.json', 'raw-stream.json', 'microseconds.json']) {
      for (const frame of recordedFramesOf('binance', file)) {
        for (const context of [ms, { source: 'binance', timeUnit: 'microsecond' } as const]) {
          expect(outcome(Buffer.from(frame), context)).toEqual(outcome(frame, context));
        }
      }
    }
  });

  it('keeps exact decimals and ids from bytes', () => {
    const frame =
      '{"stream":"btcusdt@trade","data":{"e":"trade","E":1,"s":"BTCUSDT","t":9007199254740991,"p":"46921.01000000","q":"0.00010000","T":1704724200012,"m":false,"M":true}}';
    const [trade] = outcome(Buffer.from(frame)).events as Trade[];
    expect(trade).toMatchObject({ price: 46921.01, size: 0.0001, tradeId: '9007199254740991', side: 'buy' });
    expect(trade?.tsEvent).toBe(1_704_724_200_012_000);
  });

  const decimal = fc.oneof(
    fc.constantFrom('46921.01000000', '0.00010000', '1', '-1.5', '1e3', '', '1.2.3', '12345678901234567.1', '.5'),
    fc.double({ min: 0, max: 1e6, noNaN: true }).map((x) => x.toFixed(8)),
  );
  const integer = fc.oneof(fc.maxSafeNat(), fc.constantFrom(-1, 1.5, 2 ** 53, 1e21));
  const message = fc.oneof(
    fc.record(
      {
        e: fc.constantFrom('trade', 'aggTrade', 'depthUpdate', 'kline', 7),
        E: integer,
        s: fc.constantFrom('BTCUSDT', 'ETHUSDT', 'sym\u00e9', 'a"b', 5),
        t: integer,
        a: integer,
        p: decimal,
        q: decimal,
        T: integer,
        m: fc.constantFrom(true, false, 'true', null),
        M: fc.boolean(),
      },
      { requiredKeys: ['e', 's', 'p', 'q', 'T', 'm'] },
    ),
    fc.record(
      { u: integer, s: fc.constantFrom('BTCUSDT', 'X'), b: decimal, B: decimal, a: decimal, A: decimal },
      { requiredKeys: ['s', 'b', 'B', 'a', 'A'] },
    ),
  );
  const frame = fc.oneof(
    message.map((m) => JSON.stringify(m)),
    message.map((m) => JSON.stringify({ stream: 'btcusdt@trade', data: m })),
    message.map((m) => JSON.stringify({ data: m })),
    message.map((m) => JSON.stringify(m, null, 1)),
  );
  const mutated = fc.oneof(
    frame,
    fc
      .tuple(frame, fc.nat(300), fc.constantFrom('', '"', '}', '\\', ' ', '9', 'é'))
      .map(([text, at, c]) => text.slice(0, at % (text.length + 1)) + c + text.slice((at % (text.length + 1)) + 1)),
  );

  it('property: bytes and text give the same events, sequences, counts and controls', () => {
    fc.assert(
      fc.property(mutated, fc.boolean(), (text, micro) => {
        const context = micro ? ({ source: 'binance', timeUnit: 'microsecond' } as const) : ms;
        expect(outcome(Buffer.from(text), context)).toEqual(outcome(text, context));
      }),
      { numRuns: 3000 },
    );
  });
});
