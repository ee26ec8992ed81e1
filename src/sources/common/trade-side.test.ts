import { describe, expect, it } from 'vitest';
import { GapDetector, type GapReport } from './gap-detector.js';
import { TradeSideClassifier } from './trade-side.js';

describe('TradeSideClassifier', () => {
  it('uses the quote rule, then the tick rule', () => {
    const classifier = new TradeSideClassifier();
    expect(classifier.classify('AAPL', 100)).toBe('unknown'); // no quote, no previous trade
    expect(classifier.classify('AAPL', 100.5)).toBe('buy'); // up-tick
    expect(classifier.classify('AAPL', 100.5)).toBe('buy'); // zero-tick keeps the last side
    expect(classifier.classify('AAPL', 100.2)).toBe('sell'); // down-tick
    classifier.onQuote('AAPL', 100.1, 100.3);
    expect(classifier.classify('AAPL', 100.3)).toBe('buy'); // at the ask
    expect(classifier.classify('AAPL', 100.35)).toBe('buy'); // above the ask
    expect(classifier.classify('AAPL', 100.1)).toBe('sell'); // at the bid
    expect(classifier.classify('AAPL', 100.2)).toBe('buy'); // inside: up-tick from 100.1
    classifier.onQuote('AAPL', 101, 100); // crossed: ignored
    expect(classifier.classify('AAPL', 100.3)).toBe('buy');
    expect(classifier.classify('MSFT', 10)).toBe('unknown'); // symbols are independent
  });
});

describe('GapDetector', () => {
  it('reports sequence, silence and reconnect gaps; not duplicates or out-of-order events', () => {
    const gaps: GapReport[] = [];
    const detector = new GapDetector({ source: 'test', maxSilence: 1_000, onGap: (gap) => gaps.push(gap) });
    detector.observe('BTC', 100, 1);
    detector.observe('BTC', 200, 2);
    detector.observe('BTC', 150, 2); // duplicate and older: no gap
    detector.observe('BTC', 300, 5);
    expect(gaps).toEqual([{ source: 'test', symbol: 'BTC', from: 200, to: 300, reason: 'sequence', missing: 2 }]);
    detector.observe('BTC', 2_000, 6);
    expect(gaps[1]).toEqual({ source: 'test', symbol: 'BTC', from: 300, to: 2_000, reason: 'silence' });
    detector.markDisconnected(2_100);
    detector.observe('BTC', 2_500, 40);
    expect(gaps[2]).toEqual({ source: 'test', symbol: 'BTC', from: 2_000, to: 2_500, reason: 'reconnect' });
    detector.resetSequences();
    detector.observe('BTC', 2_600, 1); // restart of numbering: no gap
    expect(detector.gaps).toBe(3);
  });
});
