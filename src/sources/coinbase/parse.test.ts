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
