import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Quote, Trade } from '../../core/events.js';
import { recordedFrames } from '../../../test/sources/recorded.js';
import { ALPACA_ERRORS } from './errors.js';
import { createAlpacaParseContext, parseAlpacaFrame, type AlpacaParseResult, type AlpacaStreamKind } from './parse.js';

const RECV = 1_704_724_200_500_000;

function parseFile(file: string, kind: AlpacaStreamKind): AlpacaParseResult {
  const context = createAlpacaParseContext();
  const all: AlpacaParseResult = {
    events: [],
    bars: [],
    controls: [],
    statuses: [],
    malformed: 0,
    ignored: 0,
    filtered: 0,
  };
  for (const frame of recordedFrames('alpaca', file)) {
    const r = parseAlpacaFrame(frame, kind, RECV, context);
    all.events.push(...r.events);
    all.bars.push(...r.bars);
    all.controls.push(...r.controls);
    all.statuses.push(...r.statuses);
    all.malformed += r.malformed;
    all.ignored += r.ignored;
    all.filtered += r.filtered;
  }
  return all;
}

// 2024-01-08T14:30:00Z in µs, computed by the JS Date parser (an independent oracle).
const T0 = Date.parse('2024-01-08T14:30:00Z') * 1000;

describe('parseAlpacaFrame', () => {
  it('stocks: ns timestamps truncated to µs, exchange-scoped ids, quote-rule sides, bars and statuses', () => {
    const result = parseFile('stocks.json', 'stocks');
    const [quote, ...trades] = result.events as [Quote, ...Trade[]];
    expect(quote).toEqual({
      type: 'quote',
      symbol: 'AAPL',
      tsEvent: T0 + 100_123,
      tsRecv: RECV,
      bidPrice: 189.5,
      bidSize: 3,
      askPrice: 189.52,
      askSize: 2,
      source: 'alpaca',
    });
    expect(trades.map((t) => [t.tsEvent - T0, t.tradeId, t.side])).toEqual([
      [120_456, 'V.52983525029461', 'buy'],
      [130_000, 'V.52983525029462', 'sell'],
      [140_000, 'D.71675577320245', 'buy'], // inside the spread, up-tick
    ]);
    expect(result.bars.map((b) => [b.timeframe, b.revision, b.start - T0, b.end - b.start, b.trades, b.vwap])).toEqual([
      ['1m', 'final', 0, 60_000_000, 412, 189.6015],
      ['1m', 'updated', 0, 60_000_000, 413, 189.6012],
      ['1d', 'final', Date.parse('2024-01-08T05:00:00Z') * 1000 - T0, 86_400_000_000, 21034, 188.52],
    ]);
    expect(result.statuses).toEqual([
      {
        symbol: 'AAPL',
        statusCode: 'H',
        statusMessage: 'Trading Halt',
        reasonCode: 'T12',
        reasonMessage: 'Trading Halted; For information requested by NASDAQ',
        tsEvent: T0 + 60_000_000,
      },
    ]);
    expect(result.ignored).toBe(1); // LULD
    expect(result.malformed).toBe(0);
  });

  it('crypto: taker side from tks, plain ids, bars; orderbooks ignored', () => {
    const result = parseFile('crypto.json', 'crypto');
    const trades = result.events.filter((e): e is Trade => e.type === 'trade');
    expect(trades.map((t) => [t.symbol, t.side, t.tradeId, t.tsEvent - T0])).toEqual([
      ['BTC/USD', 'buy', '498271', 50_001],
      ['BTC/USD', 'sell', '498272', 70_002],
    ]);
    expect(result.bars[0]).toMatchObject({ symbol: 'BTC/USD', volume: 12.34567, trades: 128 });
    expect(result.ignored).toBe(1);
  });

  it('the FAKEPACA test stream and control messages', () => {
    expect(parseFile('test-stream.json', 'stocks').events.map((e) => e.symbol)).toEqual(['FAKEPACA', 'FAKEPACA']);
    const handshake = parseFile('handshake.json', 'stocks');
    expect(handshake.controls[0]).toEqual({ kind: 'success', message: 'connected' });
    expect(handshake.controls[2]).toEqual({
      kind: 'subscription',
      channels: {
        trades: ['AAPL'],
        quotes: ['AAPL'],
        bars: ['*'],
        dailyBars: [],
        updatedBars: [],
        statuses: [],
        lulds: [],
      },
    });
    const errors = parseFile('errors.json', 'stocks');
    expect(errors.controls.map((c) => (c.kind === 'error' ? c.code : 0))).toEqual([
      400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 500,
    ]);
    for (const control of errors.controls) {
      if (control.kind === 'error') expect(ALPACA_ERRORS[control.code], String(control.code)).toBeDefined();
    }
  });

  it('counts malformed input and never throws', () => {
    const context = createAlpacaParseContext();
    for (const bad of ['', '{', '[1]', '[{"T":5}]', '[{"T":"error"}]']) {
      expect(parseAlpacaFrame(bad, 'stocks', RECV, context).malformed, bad).toBeGreaterThan(0);
    }
    const frame = JSON.stringify([
      { T: 't', S: 'AAPL', i: 1, x: 'V', p: 1, s: 1, t: '2024-01-08 14:30' },
      { T: 't', S: 'AAPL', i: 2, x: 'V', p: '1', s: 1, t: '2024-01-08T14:30:00Z' },
      { T: 'b', S: 'AAPL', o: 1, h: 1, l: 1, c: 1, v: 1, t: 'yesterday' },
      { T: 't', S: 'AAPL', i: 3, x: 'V', p: 1, s: 1, t: '2024-01-08T14:30:00Z' },
    ]);
    const result = parseAlpacaFrame(frame, 'stocks', RECV, context);
    expect(result.malformed).toBe(3);
    expect(result.events).toHaveLength(1);
  });

  it('drops stock trades with excluded condition letters when configured', () => {
    const context = createAlpacaParseContext({ excludedConditions: new Set(['I']) });
    const result = parseAlpacaFrame(recordedFrames('alpaca', 'stocks.json')[0] as string, 'stocks', RECV, context);
    expect(result.filtered).toBe(1);
    expect(result.events).toHaveLength(3);
  });
});

describe('parseAlpacaFrame on hostile input', () => {
  it('never throws; each message is accounted for exactly once (property test)', () => {
    const context = createAlpacaParseContext();
    const value = fc.oneof(
      fc.string(),
      fc.double(),
      fc.integer(),
      fc.constant(null),
      fc.constant('2024-01-08T14:30:00Z'),
    );
    const message = fc.record(
      {
        T: fc.constantFrom('t', 'q', 'b', 'u', 'd', 's', 'error', 'success', 'subscription', 'x'),
        S: value,
        p: value,
        s: value,
        t: value,
        bp: value,
        ap: value,
        bs: value,
        as: value,
        o: value,
        h: value,
        l: value,
        c: value,
        v: value,
        code: value,
        tks: value,
      },
      { requiredKeys: ['T'] },
    );
    fc.assert(
      fc.property(
        fc.array(message, { maxLength: 5 }),
        fc.constantFrom<AlpacaStreamKind>('stocks', 'crypto'),
        (messages, kind) => {
          const r = parseAlpacaFrame(JSON.stringify(messages), kind, RECV, context);
          for (const event of r.events) expect(Number.isSafeInteger(event.tsEvent)).toBe(true);
          expect(
            r.events.length +
              r.bars.length +
              r.controls.length +
              r.statuses.length +
              r.malformed +
              r.ignored +
              r.filtered,
          ).toBe(messages.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});
