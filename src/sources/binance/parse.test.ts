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
