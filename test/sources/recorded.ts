/** Reads the recorded (documentation-derived) payloads under test-data/. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../test-data/', import.meta.url));

export interface RecordedFrames {
  readonly frames: unknown[];
  readonly closeCode?: number;
}

export function readRecorded<T = RecordedFrames>(provider: 'polygon' | 'alpaca', file: string): T {
  return JSON.parse(readFileSync(`${root}${provider}/${file}`, 'utf8')) as T;
}

/** The frames of a recorded file, each serialised as the server would send it. */
export function recordedFrames(provider: 'polygon' | 'alpaca', file: string): string[] {
  return readRecorded(provider, file).frames.map((frame) => JSON.stringify(frame));
}
