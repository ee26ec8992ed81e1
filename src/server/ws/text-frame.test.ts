import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as ws from 'ws';
import { textFrameHeader, textFrames } from './text-frame.js';

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
