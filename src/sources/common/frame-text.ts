/** A WebSocket frame as text: `ws` hands over Buffers; decode in place, without a copy. */
export function frameText(frame: string | Uint8Array): string {
  if (typeof frame === 'string') return frame;
  if (Buffer.isBuffer(frame)) return frame.toString('utf8');
  return Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength).toString('utf8');
}
