/**
 * WebSocket text frame headers (RFC 6455 §5.2) for server → client frames: FIN, opcode 1, no
 * mask, and the payload length in 7, 7+16 or 7+64 bits. The header depends only on the length,
 * so it is cached: writing a message that every client shares then costs two buffered writes
 * per client and no allocation, instead of ws's per-send framing (options object, header
 * buffer, cork/uncork), which dominated fan-out to many clients.
 */

const FIN_TEXT = 0x81;
const cache = new Map<number, Buffer>();
const CACHE_LIMIT = 16_384;

export function textFrameHeader(length: number): Buffer {
  let header = cache.get(length);
  if (header !== undefined) return header;
  if (length < 126) {
    header = Buffer.from([FIN_TEXT, length]);
  } else if (length < 65_536) {
    header = Buffer.allocUnsafe(4);
    header[0] = FIN_TEXT;
    header[1] = 126;
    header.writeUInt16BE(length, 2);
  } else {
    header = Buffer.allocUnsafe(10);
    header[0] = FIN_TEXT;
    header[1] = 127;
    header.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    header.writeUInt32BE(length >>> 0, 6);
    return header; // large frames are rare: not worth a cache slot
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(length, header);
  return header;
}

/**
 * Several text frames in one Buffer (header, payload, header, payload…), for a single socket
 * write: copying a few KiB costs less than one stream write per header and payload.
 */
export function textFrames(payloads: readonly Buffer[]): Buffer {
  let total = 0;
  for (const payload of payloads) total += textFrameHeader(payload.length).length + payload.length;
  const out = Buffer.allocUnsafe(total);
  let offset = 0;
  for (const payload of payloads) {
    offset += textFrameHeader(payload.length).copy(out, offset);
    offset += payload.copy(out, offset);
  }
  return out;
}

/**
 * `textFrames` with a one-entry memory: a batch holding the same payload Buffers (by identity) in
 * the same order as the previous one gets the previous framed Buffer back. Clients with the same
 * subscriptions (dashboards following every symbol) queue the same shared payloads, so a burst to
 * 100 of them costs one framing and 100 writes of one Buffer instead of 100 copies. Payloads are
 * never mutated once queued, so identity implies equal bytes. Holds one batch (at most about the
 * send high-water mark) until the next call or `clear`.
 */
export class BatchFramer {
  private payloads: readonly Buffer[] = [];
  private framed: Buffer | null = null;
  /** Batches answered from the memory, for tests and benchmarks. */
  reused = 0;

  frame(payloads: readonly Buffer[]): Buffer {
    if (this.framed !== null && samePayloads(payloads, this.payloads)) {
      this.reused++;
      return this.framed;
    }
    const framed = textFrames(payloads);
    this.payloads = payloads;
    this.framed = framed;
    return framed;
  }

  clear(): void {
    this.payloads = [];
    this.framed = null;
  }
}

function samePayloads(a: readonly Buffer[], b: readonly Buffer[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
