/** Every timestamp in a response is integer microseconds plus an ISO-8601 twin named `<field>Iso`. */
import { z } from 'zod';
import { isoFromMicros } from '../../core/time.js';

export const micros = z.number().int().describe('integer microseconds since the Unix epoch (UTC)');
export const iso = z.string().describe('the same time as ISO-8601 UTC with microseconds');
export const nullableMicros = micros.nullable();
export const nullableIso = iso.nullable();

export { isoFromMicros };

export function isoOrNull(ts: number | null): string | null {
  return ts === null ? null : isoFromMicros(ts);
}
