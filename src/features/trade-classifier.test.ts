import { describe, expect, it } from 'vitest';
import { simulateStream } from '../../test/features/market-stream.js';
import { microsFromIso } from '../core/time.js';
import { TradeClassifier } from './trade-classifier.js';

describe('TradeClassifier: tick rule (no quote)', () => {
  it('signs up-ticks +1, down-ticks −1, zero ticks like the last change, and 0 before any change', () => {
    const classifier = new TradeClassifier();
    const prices = [10, 10, 11, 11, 11, 10, 10, 10.5, 10.5];
    expect(prices.map((p) => classifier.classify(p))).toEqual([0, 0, 1, 1, 1, -1, -1, 1, 1]);
  });
});

describe('TradeClassifier: Lee-Ready with a quote', () => {
  it('uses the quote midpoint test, and the tick test only at the mid', () => {
    const classifier = new TradeClassifier();
    classifier.observeQuote(9.9, 10.1); // mid 10
    expect(classifier.classify(10.05)).toBe(1); // above the mid
    expect(classifier.classify(9.95)).toBe(-1); // below the mid (and a down-tick)
    expect(classifier.classify(10.02)).toBe(1); // above the mid
    expect(classifier.classify(10)).toBe(-1); // at the mid: down-tick from 10.02
    expect(classifier.classify(10)).toBe(-1); // at the mid, zero tick: the last change was down
    classifier.observeQuote(10.2, 10.4); // mid 10.3
    expect(classifier.classify(10.25)).toBe(-1); // an up-tick, but below the new mid: a sell
  });

  it('at the mid before any price change the sign is unknown', () => {
    const classifier = new TradeClassifier();
    classifier.observeQuote(99, 101);
    expect(classifier.classify(100)).toBe(0);
  });

  it('snapshot → JSON → restore continues identically', () => {
    const a = new TradeClassifier();
    a.observeQuote(9, 11);
    a.classify(10);
    a.classify(10.5);
    const b = new TradeClassifier();
    b.restore(JSON.parse(JSON.stringify(a.snapshot())) as ReturnType<TradeClassifier['snapshot']>);
    for (const p of [10, 10, 9.5, 10]) expect(b.classify(p)).toBe(a.classify(p));
    b.reset();
    expect(b.snapshot()).toEqual(new TradeClassifier().snapshot());
  });

  it('recovers the simulator’s aggressor side far better than the tick rule alone', () => {
    const { events } = simulateStream({
      symbols: ['MSFT'],
      start: microsFromIso('2024-03-11T14:00:00Z'),
      minutes: 60,
      timeframe: '1m',
      tradesPerSecond: 1,
    });
    const leeReady = new TradeClassifier();
    const tickOnly = new TradeClassifier();
    let trades = 0;
    let leeReadyRight = 0;
    let tickRight = 0;
    for (const event of events) {
      if (event.type === 'quote') leeReady.observeQuote(event.bidPrice, event.askPrice);
      if (event.type !== 'trade' || event.side === 'unknown') continue;
      const truth = event.side === 'buy' ? 1 : -1;
      trades++;
      if (leeReady.classify(event.price) === truth) leeReadyRight++;
      if (tickOnly.classify(event.price) === truth) tickRight++;
    }
    expect(trades).toBeGreaterThan(2000);
    expect(leeReadyRight / trades).toBeGreaterThan(0.9);
    expect(leeReadyRight).toBeGreaterThan(tickRight);
  });
});
