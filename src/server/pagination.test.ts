import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiError } from './errors.js';
import { decodeCursor, encodeCursor, paginate, type FetchRange } from './pagination.js';

interface Row {
  readonly ts: number;
  readonly id: string;
}

/** An independent in-memory "store": ts then id ascending, from inclusive, to exclusive, limit after order. */
function memoryFetch(rows: readonly Row[]) {
  const sorted = [...rows].sort((a, b) => a.ts - b.ts || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return async (range: FetchRange): Promise<Row[]> => {
    let selected = sorted.filter(
      (row) => (range.from === undefined || row.ts >= range.from) && (range.to === undefined || row.ts < range.to),
    );
    if (range.order === 'desc') selected = selected.reverse();
    return selected.slice(0, range.limit);
  };
}

async function readAll(rows: readonly Row[], limit: number, order: 'asc' | 'desc', from?: number, to?: number) {
  const fetch = memoryFetch(rows);
  const seen: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 10_000; pages++) {
    const page = await paginate({ from, to, limit, order, cursor }, fetch, (row) => row.ts);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    seen.push(...page.items.map((row) => row.id));
    if (page.next === null) return seen;
    cursor = page.next;
  }
  throw new Error('did not terminate');
}

describe('paginate', () => {
  it('reading page by page equals one read of everything, with many ties (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 80 }),
        fc.integer({ min: 1, max: 7 }),
        fc.constantFrom('asc' as const, 'desc' as const),
        fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
        async (times, limit, order, from) => {
          const rows = times.map((ts, i) => ({ ts, id: `r${String(i).padStart(3, '0')}` }));
          const expected = (
            await memoryFetch(rows)({ order, limit: rows.length + 1, ...(from === undefined ? {} : { from }) })
          ).map((row) => row.id);
          expect(await readAll(rows, limit, order, from)).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('returns next = null when the last page is exactly full', async () => {
    const rows = [1, 2, 3, 4].map((ts) => ({ ts, id: `r${ts}` }));
    const first = await paginate({ limit: 2, order: 'asc' }, memoryFetch(rows), (row) => row.ts);
    const second = await paginate({ limit: 2, order: 'asc', cursor: first.next! }, memoryFetch(rows), (row) => row.ts);
    expect(second.items.map((row) => row.id)).toEqual(['r3', 'r4']);
    expect(second.next).toBeNull();
  });

  it('refuses foreign, malformed and wrong-order cursors with advice', async () => {
    const fetch = memoryFetch([]);
    await expect(paginate({ limit: 1, order: 'asc', cursor: 'bm9wZQ' }, fetch, (row) => row.ts)).rejects.toBeInstanceOf(
      ApiError,
    );
    const descCursor = encodeCursor({ t: 5, s: 1, o: 'desc' });
    await expect(paginate({ limit: 1, order: 'asc', cursor: descCursor }, fetch, (row) => row.ts)).rejects.toThrow(
      /order=desc/,
    );
    expect(() => decodeCursor(encodeCursor({ t: 5, s: -1, o: 'asc' }), 'asc')).toThrow(/not valid/);
    expect(decodeCursor(encodeCursor({ t: 5, s: 2, o: 'asc' }), 'asc')).toEqual({ t: 5, s: 2, o: 'asc' });
  });

  it('refuses an empty range', async () => {
    await expect(
      paginate({ limit: 1, order: 'asc', from: 5, to: 5 }, memoryFetch([]), (row) => row.ts),
    ).rejects.toThrow(/`to` must be after `from`/);
  });
});
