import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLabel } from '../../../test/contract/store-contract.js';
import { T0, createTestServer, type Session, type TestServer } from '../../../test/helpers/server.js';
import { isoFromMicros } from '../../core/time.js';

const MINUTE = 60_000_000;

describe('label routes', () => {
  let server: TestServer;
  let analyst: Session;
  let viewer: Session;

  beforeAll(async () => {
    server = await createTestServer();
    analyst = await server.login('analyst');
    viewer = await server.login('viewer');
  });
  afterAll(async () => {
    expect(server.schemaViolations).toEqual([]);
    await server.close();
  });

  const create = (headers: Record<string, string>, payload: object) =>
    server.inject({ method: 'POST', url: '/api/v1/labels', headers, payload });

  describe('create, update, delete', () => {
    it('an analyst creates a label (times in any format); it is stored, listed and audited', async () => {
      const response = await create(analyst.headers, {
        symbol: 'AAPL',
        start: '2023-11-14T22:13:20Z',
        end: (T0 + 5 * MINUTE) / 1000, // epoch ms as a JSON number
        kind: 'flash_crash',
        verdict: 'anomaly',
        note: 'confirmed on the tape',
      });
      expect(response.statusCode).toBe(201);
      const label = response.json();
      expect(label).toMatchObject({
        symbol: 'AAPL',
        start: T0,
        end: T0 + 5 * MINUTE,
        endIso: isoFromMicros(T0 + 5 * MINUTE),
        kind: 'flash_crash',
        source: 'user',
        verdict: 'anomaly',
        anomalyId: null,
        note: 'confirmed on the tape',
        createdAt: T0,
      });
      expect(label.id).toMatch(/^user-[0-9a-f-]{36}$/);
      const stored = await server.store.labels({ symbol: 'AAPL', source: 'user' });
      expect(stored.map((l) => l.id)).toContain(label.id);
      const audit = await server.authStore.auditLog({ limit: 1, action: 'label.create' });
      expect(audit[0]).toMatchObject({ actor: 'analyst', target: label.id });
    });

    it('a viewer may read but not write (403)', async () => {
      const response = await create(viewer.headers, { symbol: 'AAPL', start: T0, end: T0, kind: 'normal' });
      expect(response.statusCode).toBe(403);
      expect(response.json().error).toMatchObject({ code: 'forbidden' });
      expect(response.json().error.message).toMatch(/needs the analyst role and you are viewer/);
      expect((await server.inject({ method: 'GET', url: '/api/v1/labels', headers: viewer.headers })).statusCode).toBe(
        200,
      );
    });

    it('a cookie-authenticated write without the CSRF token is refused (403 csrf_failed)', async () => {
      const missing = await create(analyst.cookieOnly, { symbol: 'AAPL', start: T0, end: T0, kind: 'normal' });
      expect(missing.statusCode).toBe(403);
      expect(missing.json().error.code).toBe('csrf_failed');
      const wrong = await create(
        { ...analyst.cookieOnly, 'x-csrf-token': viewer.csrfToken },
        { symbol: 'AAPL', start: T0, end: T0, kind: 'normal' },
      );
      expect(wrong.json().error.code).toBe('csrf_failed');
    });

    it('an API key needs no CSRF token', async () => {
      const response = await create(await server.apiKey('analyst'), {
        symbol: 'MSFT',
        start: T0,
        end: T0,
        kind: 'normal',
      });
      expect(response.statusCode).toBe(201);
    });

    it('validates the body: end before start, missing fields, unknown fields, an implausible span', async () => {
      const before = await create(analyst.headers, { symbol: 'AAPL', start: T0 + 1, end: T0, kind: 'normal' });
      expect(before.statusCode).toBe(400);
      expect(before.json().error.message).toMatch(/end is before start/);
      const missing = await create(analyst.headers, { symbol: 'AAPL', start: T0 });
      expect(missing.statusCode).toBe(400);
      expect(
        missing
          .json()
          .error.details.map((d: { where: string }) => d.where)
          .sort(),
      ).toEqual(['body.end', 'body.kind']);
      const unknown = await create(analyst.headers, { symbol: 'AAPL', start: T0, end: T0, kind: 'x', colour: 'red' });
      expect(unknown.statusCode).toBe(400);
      const span = await create(analyst.headers, { symbol: 'AAPL', start: 0, end: T0, kind: 'normal' });
      expect(span.statusCode).toBe(400);
      expect(span.json().error.message).toMatch(/more than a year/);
    });

    it('PATCH changes only the fields sent; DELETE removes; both 404 unknown ids', async () => {
      const created = (
        await create(analyst.headers, { symbol: 'AAPL', start: T0, end: T0 + MINUTE, kind: 'normal' })
      ).json();
      const patched = await server.inject({
        method: 'PATCH',
        url: `/api/v1/labels/${created.id}`,
        headers: analyst.headers,
        payload: { verdict: 'normal', note: 'false alarm' },
      });
      expect(patched.statusCode).toBe(200);
      expect(patched.json()).toEqual({ ...created, verdict: 'normal', note: 'false alarm' });
      const emptyPatch = await server.inject({
        method: 'PATCH',
        url: `/api/v1/labels/${created.id}`,
        headers: analyst.headers,
        payload: {},
      });
      expect(emptyPatch.statusCode).toBe(400);
      const badRange = await server.inject({
        method: 'PATCH',
        url: `/api/v1/labels/${created.id}`,
        headers: analyst.headers,
        payload: { end: T0 - 1 },
      });
      expect(badRange.statusCode).toBe(400);
      const remove = () =>
        server.inject({ method: 'DELETE', url: `/api/v1/labels/${created.id}`, headers: analyst.headers });
      const removed = await remove();
      expect(removed.statusCode).toBe(204);
      expect(removed.body).toBe('');
      expect((await remove()).statusCode).toBe(404);
      const patchGone = await server.inject({
        method: 'PATCH',
        url: `/api/v1/labels/${created.id}`,
        headers: analyst.headers,
        payload: { note: 'x' },
      });
      expect(patchGone.statusCode).toBe(404);
      const actions = (await server.authStore.auditLog({ limit: 3 })).map((e) => e.action);
      expect(actions).toEqual(['label.delete', 'label.update', 'label.create']);
    });
  });

  describe('listing and export', () => {
    let reader: { authorization: string };
    beforeAll(async () => {
      reader = await server.apiKey('viewer');
      // Labels that overlap each other: i spans [i, i + 2) minutes.
      await server.store.write({ labels: Array.from({ length: 9 }, (_, i) => makeLabel('ETH-USD', i)) });
    });

    it('pages labels by start in both orders without losing overlapping ones', async () => {
      for (const order of ['asc', 'desc'] as const) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const url: string = `/api/v1/labels?symbol=ETH-USD&limit=2&order=${order}&from=${T0 + 3 * MINUTE + 1}${cursor ? `&cursor=${cursor}` : ''}`;
          const body = (await server.inject({ method: 'GET', url, headers: reader })).json<{
            data: { id: string }[];
            next: string | null;
          }>();
          seen.push(...body.data.map((l) => l.id));
          cursor = body.next;
        } while (cursor !== null);
        // Overlapping [3 min + 1 µs, ∞): labels 2 (ends at 4 min) to 8.
        const expected = [2, 3, 4, 5, 6, 7, 8].map((i) => `label-ETH-USD-${i}`);
        expect(seen).toEqual(order === 'asc' ? expected : expected.reverse());
      }
    });

    it('exports CSV with a header, ISO twins and formula-safe text', async () => {
      await server.store.write({
        labels: [makeLabel('CSV', 0, { note: '=HYPERLINK("http://evil")', kind: 'volume_spike' })],
      });
      const response = await server.inject({ method: 'GET', url: '/api/v1/labels/export?symbol=CSV', headers: reader });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(response.headers['content-disposition']).toMatch(/^attachment; filename="tickwatch-labels-.*\.csv"$/);
      const lines = response.body.trimEnd().split('\r\n');
      expect(lines[0]).toBe(
        'id,symbol,start,end,startIso,endIso,kind,source,anomalyId,verdict,note,createdAt,createdAtIso',
      );
      expect(lines[1]).toBe(
        `label-CSV-0,CSV,${T0},${T0 + 2 * MINUTE},${isoFromMicros(T0)},${isoFromMicros(T0 + 2 * MINUTE)},volume_spike,simulator,` +
          `volume_spike:CSV:1m:0,anomaly,"'=HYPERLINK(""http://evil"")",${T0},${isoFromMicros(T0)}`,
      );
    });

    it('exports JSON as an array of labels, oldest first, honouring filters', async () => {
      const response = await server.inject({
        method: 'GET',
        url: '/api/v1/labels/export?format=json&symbol=ETH-USD&to=' + (T0 + 3 * MINUTE),
        headers: reader,
      });
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      const rows = response.json() as { id: string }[];
      expect(rows.map((r) => r.id)).toEqual([0, 1, 2].map((i) => `label-ETH-USD-${i}`));
    });
  });
});
