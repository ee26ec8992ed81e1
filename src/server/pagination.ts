/**
 * Pagination by time cursor. A page holds at most `limit` rows in time order; `next` is an
 * opaque cursor for the following page (null on the last). The cursor records the time of the
 * page's last row and how many rows at exactly that time were already returned, so rows sharing
 * a timestamp are neither repeated nor skipped (the store's order within a timestamp is
 * deterministic). Other filters are not in the cursor: send the same query with `cursor=next`.
 */
import { z } from 'zod';
import type { Micros } from '../core/events.js';
import type { SortOrder } from '../store/store.js';
import { ApiError } from './errors.js';
import { timeInput } from './time-params.js';

export const MAX_PAGE_SIZE = 10_000;
export const DEFAULT_PAGE_SIZE = 100;

interface Cursor {
  readonly t: Micros;
  readonly s: number;
  readonly o: SortOrder;
}

export interface PageRequest {
  /** Inclusive. */
  readonly from?: Micros | undefined;
  /** Exclusive. */
  readonly to?: Micros | undefined;
  readonly limit: number;
  readonly order: SortOrder;
  readonly cursor?: string | undefined;
}

/** What a fetch function is asked for: a time range, an order and how many rows at most. */
export interface FetchRange {
  readonly from?: Micros;
  readonly to?: Micros;
  readonly limit: number;
  readonly order: SortOrder;
  /** The cursor's time when reading a later page (already folded into from or to). */
  readonly cursorTime?: Micros;
}

export interface Page<T> {
  readonly items: T[];
  readonly next: string | null;
}

/** Query fields shared by every paged endpoint. */
export const pageQueryShape = {
  from: timeInput.optional().describe(`inclusive start; ${timeInput.description ?? ''}`),
  to: timeInput.optional().describe('exclusive end; same formats as from'),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .default(DEFAULT_PAGE_SIZE)
    .describe(`rows per page, 1–${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE})`),
  order: z
    .enum(['asc', 'desc'])
    .default('desc')
    .describe('desc (default): newest first, `next` goes back in time; asc: oldest first from `from`'),
  cursor: z.string().max(200).optional().describe('the `next` value of the previous page'),
};

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

export function decodeCursor(text: string, order: SortOrder): Cursor {
  let cursor: unknown;
  try {
    cursor = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    cursor = null;
  }
  const candidate = cursor as Partial<Cursor> | null;
  if (
    candidate === null ||
    typeof candidate !== 'object' ||
    !Number.isSafeInteger(candidate.t) ||
    !Number.isSafeInteger(candidate.s) ||
    (candidate.s ?? -1) < 0 ||
    (candidate.o !== 'asc' && candidate.o !== 'desc')
  ) {
    throw new ApiError(
      'invalid_request',
      'the cursor is not valid: pass the `next` value of a previous response unchanged',
    );
  }
  if (candidate.o !== order) {
    throw new ApiError(
      'invalid_request',
      `the cursor belongs to order=${candidate.o}: repeat the query with order=${candidate.o}, or drop the cursor`,
    );
  }
  return candidate as Cursor;
}

/**
 * Reads one page through `fetch` (which must return rows in `order` of `timeOf`, honouring
 * from (inclusive), to (exclusive) and limit).
 */
export async function paginate<T>(
  request: PageRequest,
  fetch: (range: FetchRange) => Promise<T[]>,
  timeOf: (row: T) => Micros,
): Promise<Page<T>> {
  if (request.from !== undefined && request.to !== undefined && request.to <= request.from) {
    throw new ApiError('invalid_request', '`to` must be after `from`: the range [from, to) is empty');
  }
  const cursor = request.cursor === undefined ? undefined : decodeCursor(request.cursor, request.order);
  let from = request.from;
  let to = request.to;
  let skip = 0;
  if (cursor !== undefined) {
    skip = cursor.s;
    if (request.order === 'asc') from = from === undefined ? cursor.t : Math.max(from, cursor.t);
    else to = to === undefined ? cursor.t + 1 : Math.min(to, cursor.t + 1);
  }
  const rows = await fetch({
    limit: request.limit + skip + 1,
    order: request.order,
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
    ...(cursor === undefined ? {} : { cursorTime: cursor.t }),
  });
  // Drop the rows at the cursor's time that the previous pages returned.
  let start = 0;
  if (cursor !== undefined) {
    while (start < skip && start < rows.length && timeOf(rows[start]!) === cursor.t) start++;
  }
  const items = rows.slice(start, start + request.limit);
  if (rows.length - start <= request.limit || items.length === 0) return { items, next: null };
  const lastTime = timeOf(items[items.length - 1]!);
  let atLastTime = 0;
  for (let i = items.length - 1; i >= 0 && timeOf(items[i]!) === lastTime; i--) atLastTime++;
  if (cursor !== undefined && lastTime === cursor.t) atLastTime += skip;
  return { items, next: encodeCursor({ t: lastTime, s: atLastTime, o: request.order }) };
}
