import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrameQueue } from './frame-queue.js';

type Operation =
  { kind: 'push'; body: string; key: string | null } | { kind: 'remove'; key: string } | { kind: 'shift' };

/** Oracle: a plain array with linear-time conflation, obviously correct. */
class NaiveQueue {
  items: { body: string; key: string | null }[] = [];
  push(body: string, key: string | null): void {
    if (key !== null) this.items = this.items.filter((item) => item.key !== key);
    this.items.push({ body, key });
  }
  remove(key: string): void {
    this.items = this.items.filter((item) => item.key !== key);
  }
  shift(): string | undefined {
    return this.items.shift()?.body;
  }
}

const operation: fc.Arbitrary<Operation> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('push' as const),
      body: fc.string({ minLength: 1, maxLength: 6 }),
      key: fc.option(fc.constantFrom('a', 'b', 'c', 'd'), { nil: null }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), key: fc.constantFrom('a', 'b', 'c') }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('shift' as const) }) },
);

describe('FrameQueue', () => {
  it('behaves like a naive conflating queue for any sequence of operations', () => {
    fc.assert(
      fc.property(fc.array(operation, { minLength: 50, maxLength: 400 }), (operations) => {
        const queue = new FrameQueue();
        const model = new NaiveQueue();
        for (const op of operations) {
          if (op.kind === 'push') {
            queue.push(Buffer.from(op.body), op.key);
            model.push(op.body, op.key);
          } else if (op.kind === 'remove') {
            queue.remove(op.key);
            model.remove(op.key);
          } else {
            expect(queue.shift()?.toString()).toBe(model.shift());
          }
          expect(queue.length).toBe(model.items.length);
          expect(queue.bytes).toBe(model.items.reduce((sum, item) => sum + Buffer.byteLength(item.body), 0));
          expect(queue.capacityUsed).toBeLessThanOrEqual(Math.max(64, 2 * queue.length + 1));
        }
        const rest: string[] = [];
        for (let data = queue.shift(); data !== undefined; data = queue.shift()) rest.push(data.toString());
        expect(rest).toEqual(model.items.map((item) => item.body));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the memory bound when plain pushes follow consumed slots (regression: seed 681413648)', () => {
    const queue = new FrameQueue();
    for (let i = 0; i < 63; i++) queue.push(Buffer.from(' '), null);
    for (let i = 0; i < 40; i++) queue.shift();
    for (let i = 0; i < 10; i++) {
      queue.push(Buffer.from(' '), null);
      expect(queue.capacityUsed).toBeLessThanOrEqual(Math.max(64, 2 * queue.length + 1));
    }
  });

  it('a newer keyed frame goes to the back, behind frames queued in between', () => {
    const queue = new FrameQueue();
    queue.push(Buffer.from('partial v1'), 'partial|AAPL|1m');
    queue.push(Buffer.from('bar'), null);
    queue.push(Buffer.from('partial v2'), 'partial|AAPL|1m');
    expect([queue.shift()?.toString(), queue.shift()?.toString(), queue.shift()]).toEqual([
      'bar',
      'partial v2',
      undefined,
    ]);
  });

  it('stays small when one key is replaced a million times (a client that never reads)', () => {
    const queue = new FrameQueue();
    const data = Buffer.from('x');
    for (let i = 0; i < 1_000_000; i++) queue.push(data, 'partial|AAPL|1m');
    expect(queue.length).toBe(1);
    expect(queue.capacityUsed).toBeLessThanOrEqual(64);
  });
});
