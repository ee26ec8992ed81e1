import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as ws from 'ws';
import { BatchFramer, textFrameHeader, textFrames } from './text-frame.js';

/** Oracle: the header ws itself builds for an unmasked, final text frame. */
function wsHeader(length: number): Buffer {
  // ws exports Sender at run time (wrapper.mjs); @types/ws does not declare it.
  const sender = (ws as unknown as { Sender: { frame(data: Buffer, options: object): Buffer[] } }).Sender;
  const options = { fin: true, opcode: 1, mask: false, readOnly: false, rsv1: false };
  return sender.frame(Buffer.alloc(length), options)[0] as Buffer;
}

describe('textFrameHeader', () => {
  it('matches ws at every length boundary (7-bit, 16-bit and 64-bit lengths)', () => {
    for (const length of [0, 1, 125, 126, 127, 65_535, 65_536, 70_000, 2 ** 24]) {
      expect(textFrameHeader(length)).toEqual(wsHeader(length));
    }
  });

  it('matches ws for random lengths', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300_000 }), (length) => {
        expect(textFrameHeader(length)).toEqual(wsHeader(length));
      }),
      { numRuns: 300 },
    );
  });
});

describe('textFrames', () => {
  it('is the frames ws would send for each payload, back to back', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 300 }), { minLength: 1, maxLength: 20 }), (texts) => {
        const payloads = texts.map((text) => Buffer.from(text));
        const expected = Buffer.concat(payloads.flatMap((payload) => [wsHeader(payload.length), payload]));
        expect(textFrames(payloads)).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });
});

describe('BatchFramer', () => {
  it('returns the framing of every batch, reusing the previous one only for the same payloads in the same order', () => {
    // Batches drawn from a small pool of shared payloads, as the hub queues them for clients with
    // equal or different subscriptions; copies with equal bytes but another identity are mixed in.
    const pool = ['a', 'bb', 'x'.repeat(200), 'x'.repeat(200), '{"k":1}'].map((text) => Buffer.from(text));
    const batch = fc.array(
      fc.oneof(
        fc.constantFrom(...pool),
        fc.string({ maxLength: 50 }).map((text) => Buffer.from(text)),
      ),
      { minLength: 1, maxLength: 8 },
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(batch, fc.boolean()), { minLength: 1, maxLength: 20 }), (steps) => {
        const framer = new BatchFramer();
        let previous: Buffer[] | null = null;
        let previousFramed: Buffer | null = null;
        for (const [drawn, repeat] of steps) {
          // Half the time the next client has exactly the previous client's queue (a copy of the array).
          const payloads: Buffer[] = repeat && previous !== null ? [...previous] : drawn;
          const reusedBefore = framer.reused;
          const framed = framer.frame(payloads);
          expect(framed).toEqual(textFrames(payloads));
          const same =
            previous !== null && previous.length === payloads.length && previous.every((p, i) => p === payloads[i]);
          expect(framer.reused - reusedBefore).toBe(same ? 1 : 0);
          if (same) expect(framed).toBe(previousFramed);
          previous = payloads;
          previousFramed = framed;
        }
      }),
      { numRuns: 200 },
    );
  });

  it('frames anew after clear', () => {
    const framer = new BatchFramer();
    const payloads = [Buffer.from('one'), Buffer.from('two')];
    const first = framer.frame(payloads);
    framer.clear();
    const second = framer.frame([...payloads]);
    expect(second).not.toBe(first);
    expect(second).toEqual(first);
    expect(framer.reused).toBe(0);
  });
});
