/** Shared pieces of route schemas: error responses, page envelopes, common parameters. */
import { z } from 'zod';
import { errorResponseSchema } from '../errors.js';

type Status = 400 | 401 | 403 | 404 | 409 | 429 | 503;

/** Response schemas: the success shapes plus the listed error statuses (401/403 always). */
export function responses<T extends Record<number, z.ZodType>>(success: T, errors: readonly Status[] = [400]) {
  const all: Record<number, z.ZodType> = { ...success };
  for (const status of new Set<Status>([401, 403, ...errors])) all[status] = errorResponseSchema;
  return all as T & Record<Status, typeof errorResponseSchema>;
}

/** Public routes (no 401/403). */
export function publicResponses<T extends Record<number, z.ZodType>>(success: T, errors: readonly Status[] = []) {
  const all: Record<number, z.ZodType> = { ...success };
  for (const status of errors) all[status] = errorResponseSchema;
  return all as T;
}

export function pageSchema<T extends z.ZodType>(item: T, extra: z.ZodRawShape = {}) {
  return z.object({
    ...extra,
    data: z.array(item),
    count: z.number().int().describe('rows in this page'),
    next: z.string().nullable().describe('cursor for the next page (send it as `cursor`), null on the last page'),
  });
}

export const symbolParams = z.object({
  symbol: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9._:/^=-]+$/, 'letters, digits and . _ : / ^ = - only')
    .describe('instrument symbol, e.g. AAPL or BTC-USD (case-sensitive)'),
});

export const noContent = z.null().describe('no content');
