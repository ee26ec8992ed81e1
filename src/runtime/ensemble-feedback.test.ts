import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Anomaly, Label } from '../core/events.js';
import type { DetectorFeedback } from '../detectors/detector.js';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/index.js';
import { feedLabelToPipeline } from './ensemble-feedback.js';

const anomaly = (symbol: string, ts: number, flagged: string): Anomaly => ({
  type: 'anomaly',
  id: `ensemble:${symbol}:1m:${ts}`,
  symbol,
  timeframe: '1m',
  ts,
  kind: 'ensemble',
  severity: 'warning',
  score: 0.99,
  rawScore: 2,
  detector: 'ensemble',
  message: 'volume_spike (p 0.001, weight 0.30): volume 6.0× the 20-bar average',
  explanation: [{ feature: 'volume_spike', value: 0.001, contribution: 1 }],
  context: { tailProbability: 0.004, flagged },
  tsRecv: ts,
});

const label = (fields: Partial<Label>): Label => ({
  type: 'label',
  id: 'user-1',
  symbol: 'AAPL',
  start: 1_000_000,
  end: 2_000_000,
  kind: 'volume_spike',
  source: 'user',
  anomalyId: null,
  verdict: 'normal',
  note: '',
  createdAt: 3_000_000,
  ...fields,
});

let store: SqliteStore;
beforeAll(async () => {
  store = await openSqliteStore({ path: ':memory:' });
  await store.write({
    anomalies: [
      anomaly('AAPL', 1_500_000, 'volume_spike,cusum'),
      anomaly('AAPL', 2_000_000, 'bar_gap'), // at the label's end: inside
      anomaly('AAPL', 2_500_000, 'robust_zscore'), // after it
      anomaly('MSFT', 1_500_000, 'cusum'),
    ],
  });
});
afterAll(async () => store.close());

describe('feedLabelToPipeline (SQLite store)', () => {
  it('passes a verdict for each stored anomaly the label covers to the detector that raised it', async () => {
    const received: Array<[string, DetectorFeedback]> = [];
    const pipeline = {
      detectorFeedback: (a: { symbol: string; detector: string }, v: DetectorFeedback) => {
        received.push([`${a.detector}:${a.symbol}`, v]);
        return true;
      },
    };
    expect(await feedLabelToPipeline(store, pipeline, label({}))).toBe(2);
    expect(received).toEqual([
      ['ensemble:AAPL', { members: ['volume_spike', 'cusum'], anomalous: false }],
      ['ensemble:AAPL', { members: ['bar_gap'], anomalous: false }],
    ]);
    received.length = 0;
    const one = label({ anomalyId: 'ensemble:AAPL:1m:1500000', verdict: 'anomaly' });
    expect(await feedLabelToPipeline(store, pipeline, one)).toBe(1);
    expect(received).toEqual([['ensemble:AAPL', { members: ['volume_spike', 'cusum'], anomalous: true }]]);
  });

  it('feeds nothing for labels without a verdict or from the simulator', async () => {
    const pipeline = { detectorFeedback: () => true };
    expect(await feedLabelToPipeline(store, pipeline, label({ verdict: null }))).toBe(0);
    expect(await feedLabelToPipeline(store, pipeline, label({ source: 'simulator' }))).toBe(0);
  });
});
