/** A WebSocket frame as text: `ws` hands over Buffers; decode in place, without a copy. */
export function frameText(frame: string | Uint8Array): string {
  if (typeof frame === 'string') return frame;
  if (Buffer.isBuffer(frame)) return frame.toString('utf8');
  return Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength).toString('utf8');
}

/** A frame's JSON value, or `undefined` when it is not JSON (which JSON itself never yields). */
export function frameJson(frame: string | Uint8Array): unknown {
  try {
    return JSON.parse(frameText(frame)) as unknown;
  } catch {
    return undefined;
  }
}
