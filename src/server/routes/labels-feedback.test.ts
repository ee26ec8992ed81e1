import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { T0, createTestServer, type Session, type TestServer } from '../../../test/helpers/server.js';
import type { Label } from '../../core/events.js';

// Labels created or changed through the API reach the run loop's `onLabel` (feedLabelToPipeline
// in `tickwatch run`), which turns verdicts into ensemble feedback; a failing hook never loses the label.
describe('label routes feed verdicts back', () => {
  const seen: Label[] = [];
  let failNext = false;
  let server: TestServer;
  let analyst: Session;

  beforeAll(async () => {
    server = await createTestServer({
      deps: {
        onLabel: async (label) => {
          if (failNext) {
            failNext = false;
            throw new Error('pipeline gone');
          }
          seen.push(label);
        },
      },
    });
    analyst = await server.login('analyst');
  });
  afterAll(async () => server.close());

  it('calls onLabel after a label is created and after it is changed', async () => {
    const created = await server.inject({
      method: 'POST',
      url: '/api/v1/labels',
      headers: analyst.headers,
      payload: { symbol: 'AAPL', start: T0, end: T0 + 60_000_000, kind: 'volume_spike', verdict: 'anomaly', note: '' },
    });
    expect(created.statusCode).toBe(201);
    const id = (created.json() as { id: string }).id;
    expect(seen.map((l) => [l.id, l.verdict, l.source])).toEqual([[id, 'anomaly', 'user']]);
    const changed = await server.inject({
      method: 'PATCH',
      url: `/api/v1/labels/${id}`,
      headers: analyst.headers,
      payload: { verdict: 'normal' },
    });
    expect(changed.statusCode).toBe(200);
    expect(seen.map((l) => l.verdict)).toEqual(['anomaly', 'normal']);
  });

  it('stores the label even when feeding it back fails', async () => {
    failNext = true;
    const created = await server.inject({
      method: 'POST',
      url: '/api/v1/labels',
      headers: analyst.headers,
      payload: { symbol: 'MSFT', start: T0, end: T0 + 60_000_000, kind: 'normal', verdict: 'normal', note: '' },
    });
    expect(created.statusCode).toBe(201);
    const listed = await server.inject({ method: 'GET', url: '/api/v1/labels?symbol=MSFT', headers: analyst.headers });
    expect(JSON.stringify(listed.json())).toContain((created.json() as { id: string }).id);
  });
});
