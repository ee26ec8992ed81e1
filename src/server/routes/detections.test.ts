import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAnomaly, makeQuarantined, makeSignal } from '../../../test/contract/store-contract.js';
import { T0, createTestServer, type TestServer } from '../../../test/helpers/server.js';
import { isoFromMicros } from '../../core/time.js';

const MINUTE = 60_000_000;

describe('anomaly, signal and quarantine routes', () => {
  let server: TestServer;
  let viewer: { authorization: string };
  const get = async (url: string) => server.inject({ method: 'GET', url, headers: viewer });
  const ids = (response: { json(): { data: { id: string }[] } }) => response.json().data.map((row) => row.id);

  beforeAll(async () => {
    server = await createTestServer();
    viewer = await server.apiKey('viewer');
    await server.store.write({
      anomalies: [
        makeAnomaly('AAPL', 0),
        makeAnomaly('AAPL', 1, { kind: 'price_spike', detector: 'price_spike', id: 'price_spike:AAPL:1m:1' }),
        makeAnomaly('BTC-USD', 2, { severity: 'critical' }),
        makeAnomaly('BTC-USD', 3, { timeframe: '5m', id: 'volume_spike:BTC-USD:5m:3' }),
        makeAnomaly('AAPL', 4, {
          timeframe: 'quote',
          kind: 'spread_blowout',
          detector: 'spread_blowout',
          id: 'spread_blowout:AAPL:quote:4:0',
        }),
      ],
      signals: [
        makeSignal('AAPL', 0, { confidence: 0.5 }),
        makeSignal('AAPL', 1, { confidence: 0.9, timeframe: '1m' }),
        makeSignal('BTC-USD', 2, { confidence: 0.7 }),
      ],
      quarantine: Array.from({ length: 7 }, (_, i) => makeQuarantined(i)),
    });
  });
  afterAll(async () => {
    expect(server.schemaViolations).toEqual([]);
    await server.close();
  });

  describe('GET /api/v1/anomalies', () => {
    it('returns anomalies newest first with their explanations', async () => {
      const response = await get('/api/v1/anomalies');
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.count).toBe(5);
      expect(body.data[4]).toEqual({
        id: 'volume_spike:AAPL:1m:0',
        symbol: 'AAPL',
        timeframe: '1m',
        ts: T0,
        tsIso: isoFromMicros(T0),
        kind: 'volume_spike',
        severity: 'warning',
        score: 0.9,
        rawScore: 4.25,
        detector: 'volume_spike',
        message: 'volume 4× the 20-bar average',
        explanation: [
          { feature: 'volume_ratio', value: 4.25, contribution: 0.8 },
          { feature: 'range', value: 0.013, contribution: -0.05 },
        ],
        context: { average: 1234.5, threshold: 3, note: 'open auction', bars: 20 },
        tsRecv: T0 + 2_000,
        tsRecvIso: isoFromMicros(T0 + 2_000),
      });
    });

    it('filters by symbol, kind, severity, detector, timeframe and time', async () => {
      expect(ids(await get('/api/v1/anomalies?symbol=BTC-USD&order=asc'))).toEqual([
        'volume_spike:BTC-USD:1m:2',
        'volume_spike:BTC-USD:5m:3',
      ]);
      expect(ids(await get('/api/v1/anomalies?kind=price_spike'))).toEqual(['price_spike:AAPL:1m:1']);
      expect(ids(await get('/api/v1/anomalies?severity=critical'))).toEqual(['volume_spike:BTC-USD:1m:2']);
      expect(ids(await get('/api/v1/anomalies?detector=volume_spike&timeframe=5min'))).toEqual([
        'volume_spike:BTC-USD:5m:3',
      ]);
      // Quote and trade detectors report on a stream instead of a timeframe.
      expect(ids(await get('/api/v1/anomalies?timeframe=quote'))).toEqual(['spread_blowout:AAPL:quote:4:0']);
      expect(ids(await get('/api/v1/anomalies?timeframe=feed'))).toEqual([]);
      const wrong = await get('/api/v1/anomalies?timeframe=fortnight');
      expect(wrong.statusCode).toBe(400);
      expect(
        ids(await get(`/api/v1/anomalies?from=${isoFromMicros(T0 + MINUTE)}&to=${T0 + 3 * MINUTE}&order=asc`)),
      ).toEqual(['price_spike:AAPL:1m:1', 'volume_spike:BTC-USD:1m:2']);
    });

    it('rejects unknown severities', async () => {
      const response = await get('/api/v1/anomalies?severity=apocalyptic');
      expect(response.statusCode).toBe(400);
      expect(response.json().error.details[0].where).toBe('querystring.severity');
    });
  });

  describe('signals', () => {
    it('GET /api/signals?symbol=&min_confidence=&timeframe= (the seeds’ call as written) returns every signal', async () => {
      const response = await get('/api/signals?symbol=&min_confidence=&timeframe=');
      expect(response.statusCode).toBe(200);
      expect(ids(response)).toEqual(['breakout:BTC-USD:2', 'breakout:AAPL:1', 'breakout:AAPL:0']);
    });

    it('filters by symbol, min_confidence (inclusive) and timeframe, on both paths', async () => {
      for (const prefix of ['/api', '/api/v1']) {
        expect(ids(await get(`${prefix}/signals?symbol=AAPL&min_confidence=0.5`))).toEqual([
          'breakout:AAPL:1',
          'breakout:AAPL:0',
        ]);
        expect(ids(await get(`${prefix}/signals?min_confidence=0.7`))).toEqual([
          'breakout:BTC-USD:2',
          'breakout:AAPL:1',
        ]);
        expect(ids(await get(`${prefix}/signals?timeframe=1m`))).toEqual(['breakout:AAPL:1']);
      }
      const body = (await get('/api/v1/signals?symbol=AAPL&min_confidence=0.9')).json();
      expect(body.data[0]).toMatchObject({
        action: 'SELL',
        confidence: 0.9,
        stop: null,
        tsIso: isoFromMicros(T0 + MINUTE),
      });
    });

    it('rejects confidences outside [0, 1]', async () => {
      expect((await get('/api/signals?min_confidence=1.5')).statusCode).toBe(400);
      expect((await get('/api/signals?min_confidence=high')).statusCode).toBe(400);
    });
  });

  describe('quarantine', () => {
    it('GET /api/v1/quarantine lists rejected inputs with reason, detail and payload', async () => {
      const response = await get('/api/v1/quarantine?limit=3');
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.count).toBe(3);
      expect(body.data[0]).toMatchObject({
        reason: 'bad_price',
        detail: 'price must be > 0, got -7',
        ts: T0 + 6_000_000,
        payload: { ev: 'T', p: -7 },
      });
      const rest = (await get(`/api/v1/quarantine?limit=10&cursor=${body.next}`)).json();
      expect(rest.count).toBe(4);
      expect(rest.next).toBeNull();
    });

    it('filters by reason and refuses unknown reasons', async () => {
      const body = (await get('/api/v1/quarantine?reason=crossed_quote')).json();
      expect(body.data.map((row: { reason: string }) => row.reason)).toEqual([
        'crossed_quote',
        'crossed_quote',
        'crossed_quote',
      ]);
      expect((await get('/api/v1/quarantine?reason=gremlins')).statusCode).toBe(400);
    });

    it('GET /api/v1/quarantine/counts counts rows per reason', async () => {
      expect((await get('/api/v1/quarantine/counts')).json()).toEqual({
        counts: { bad_price: 4, crossed_quote: 3 },
        total: 7,
      });
    });
  });
});
