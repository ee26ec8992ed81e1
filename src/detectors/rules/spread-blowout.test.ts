import { describe, expect, it } from 'vitest';
import type { Quote } from '../../core/events.js';
import { detectorContract, overlapsLabel, simulateStream } from '../../../test/contract/detector-contract.js';
import { SpreadBlowoutDetector } from './spread-blowout.js';

const quote = (bid: number, ask: number): Quote => ({
  type: 'quote',
  symbol: 'Q',
  tsEvent: 0,
  tsRecv: 0,
  bidPrice: bid,
  bidSize: 100,
  askPrice: ask,
  askSize: 100,
  source: 'test',
});

describe('SpreadBlowoutDetector', () => {
  it('compares the relative spread with the geometric mean of the warm-up spreads', () => {
    const detector = new SpreadBlowoutDetector({ halfLife: 1000, warmUp: 2, threshold: 5, criticalThreshold: 10 });
    detector.learn(quote(99.99, 100.01)); // 2 bp
    detector.learn(quote(99.98, 100.02)); // 4 bp → geometric mean √8 bp
    const wide = detector.score(quote(99.8, 100.2)); // 40 bp
    expect(wide?.raw).toBeCloseTo(40 / Math.sqrt(8), 9);
    expect(wide?.triggered).toBe(true);
    expect(wide?.severity).toBe('critical');
    expect(detector.score(quote(99.99, 100.01))?.triggered).toBe(false);
  });

  it('ignores crossed or locked quotes when learning', () => {
    const detector = new SpreadBlowoutDetector({ halfLife: 10, warmUp: 1, threshold: 5, criticalThreshold: 10 });
    detector.learn(quote(100, 100));
    expect(detector.snapshot().count).toBe(0);
  });
});

// One day of a quieter stock's quotes, every 20th kept, with liquidity droughts and flash crashes.
const simulated = simulateStream({
  seed: 'spread',
  symbols: ['V'],
  kinds: ['liquidity_drought', 'flash_crash'],
  days: 2,
  anomaliesPerSymbolDay: 3,
});
const quotes = (simulated.quotes.get('V') ?? []).filter((_, i) => i % 20 === 0);
detectorContract('spread_blowout on simulated quotes', {
  create: () => new SpreadBlowoutDetector(),
  stream: quotes,
  labels: quotes.map((q) => overlapsLabel(q.symbol, q.tsEvent, q.tsEvent + 1, simulated.labels)),
});
