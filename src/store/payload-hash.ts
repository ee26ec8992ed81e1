/**
 * The payload part of a quarantined input's natural key. Every store implementation uses this
 * function, so the same rejected input gets the same key everywhere.
 */
import { createHash } from 'node:crypto';

/** Stringifies what JSON cannot (bigint) so garbage can still be quarantined. */
function jsonSafe(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/** JSON with object keys sorted at every level, so key order does not change the hash. */
function canonicalReplacer(key: string, value: unknown): unknown {
  const safe = jsonSafe(key, value);
  if (safe === null || typeof safe !== 'object' || Array.isArray(safe)) return safe;
  const sorted: Record<string, unknown> = {};
  for (const name of Object.keys(safe).sort()) sorted[name] = (safe as Record<string, unknown>)[name];
  return sorted;
}

/** The payload as stored: JSON in its original key order (`undefined` becomes `null`). */
export function payloadJson(payload: unknown): string {
  return JSON.stringify(payload, jsonSafe) ?? 'null';
}

/** SHA-256 (hex) of the payload's canonical JSON. */
export function payloadHash(payload: unknown): string {
  const canonical = JSON.stringify(payload, canonicalReplacer) ?? 'null';
  return createHash('sha256').update(canonical).digest('hex');
}
