import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OrderFlowImbalance } from './order-flow-imbalance.js';

describe('OrderFlowImbalance (Cont, Kukanov & Stoikov 2014)', () => {
  it('gives 0 for the first quote', () => {
    expect(new OrderFlowImbalance().update(99, 5, 101, 5)).toBe(0);
  });

  it('scores each case of the best bid and ask', () => {
    const cases: Array<[label: string, next: [number, number, number, number], e: number]> = [
      // previous quote: bid 100 × 10, ask 101 × 20
      ['bid up: its whole size is new demand', [100.5, 3, 101, 20], 3],
      ['bid same, size up', [100, 14, 101, 20], 4],
      ['bid down: the old bid size is gone', [99.5, 7, 101, 20], -10],
      ['ask down: its whole size is new supply', [100, 10, 100.5, 6], -6],
      ['ask same, size down', [100, 10, 101, 15], 5],
      ['ask up: the old ask size is gone', [100, 10, 101.5, 9], 20],
      ['both move up', [100.5, 2, 101.5, 9], 2 + 20],
    ];
    for (const [label, next, e] of cases) {
      const ofi = new OrderFlowImbalance();
      ofi.update(100, 10, 101, 20);
      expect(ofi.update(...next), label).toBe(e);
    }
  });

  it('at unchanged prices sums to the change in bid depth minus the change in ask depth', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 1000 })), { minLength: 2 }),
        (sizes) => {
          const ofi = new OrderFlowImbalance();
          let total = 0;
          for (const [bidSize, askSize] of sizes) total += ofi.update(100, bidSize, 101, askSize);
          const [firstBid, firstAsk] = sizes[0]!;
          const [lastBid, lastAsk] = sizes[sizes.length - 1]!;
          expect(total).toBe(lastBid - firstBid - (lastAsk - firstAsk));
        },
      ),
      { numRuns: 50 },
    );
  });

  it('snapshot → JSON → restore continues identically', () => {
    const a = new OrderFlowImbalance();
    a.update(100, 10, 101, 20);
    const b = new OrderFlowImbalance();
    b.restore(JSON.parse(JSON.stringify(a.snapshot())) as ReturnType<OrderFlowImbalance['snapshot']>);
    expect(b.update(100.5, 3, 101, 12)).toBe(a.update(100.5, 3, 101, 12));
    b.reset();
    expect(b.hasQuote).toBe(false);
  });
});
