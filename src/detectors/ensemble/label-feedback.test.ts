import { describe, expect, it } from 'vitest';
import { ReplayClock } from '../../core/clock.js';
import type { Anomaly, Bar, Label } from '../../core/events.js';
import { Pipeline } from '../../pipeline/pipeline.js';
import { defaultUniverse } from '../../sources/simulator/index.js';
import type { BarDetector, DetectorScore } from '../detector.js';
import { VolumeSpikeDetector } from '../rules/volume-spike.js';
import { DEFAULT_ENSEMBLE, EnsembleDetector } from './ensemble-detector.js';
import { verdictsFromLabel } from './label-feedback.js';

const anomaly = (id: string, symbol: string, ts: number, flagged: string): Anomaly => ({
  type: 'anomaly',
  id,
  symbol,
  timeframe: '1m',
  ts,
  kind: 'ensemble',
  severity: 'warning',
  score: 0.99,
  rawScore: 2,
  detector: 'ensemble',
  message: '',
  explanation: [],
  context: { tailProbability: 0.01, flagged },
  tsRecv: ts,
});

const label = (fields: Partial<Label>): Label => ({
  type: 'label',
  id: 'user-1',
  symbol: 'AAPL',
  start: 100,
  end: 200,
  kind: 'volume_spike',
  source: 'user',
  anomalyId: null,
  verdict: 'anomaly',
  note: '',
  createdAt: 300,
  ...fields,
});

const stored = [
  anomaly('ensemble:AAPL:1m:150', 'AAPL', 150, 'volume_spike,cusum'),
  anomaly('ensemble:AAPL:1m:250', 'AAPL', 250, 'robust_zscore'),
  anomaly('ensemble:MSFT:1m:150', 'MSFT', 150, 'bar_gap'),
  anomaly('ensemble:AAPL:1m:160', 'AAPL', 160, ''),
];

describe('verdictsFromLabel', () => {
  it('a label on a range judges every anomaly of its symbol inside it, crediting the members each names', () => {
    expect(verdictsFromLabel(label({}), stored)).toEqual([
      {
        anomaly: { id: 'ensemble:AAPL:1m:150', symbol: 'AAPL', timeframe: '1m', detector: 'ensemble' },
        verdict: { members: ['volume_spike', 'cusum'], anomalous: true },
      },
    ]);
  });

  it('a label naming an anomaly judges that one alone; normal makes it a false alarm', () => {
    const verdicts = verdictsFromLabel(label({ anomalyId: 'ensemble:AAPL:1m:250', verdict: 'normal' }), stored);
    expect(verdicts.map((v) => [v.anomaly.id, v.verdict])).toEqual([
      ['ensemble:AAPL:1m:250', { members: ['robust_zscore'], anomalous: false }],
    ]);
  });

  it('ignores labels without a verdict and the simulator ground truth (eval scores against it)', () => {
    expect(verdictsFromLabel(label({ verdict: null }), stored)).toEqual([]);
    expect(verdictsFromLabel(label({ source: 'simulator' }), stored)).toEqual([]);
  });
});

/** A member with a fixed score (feedback only moves weights here). */
const member = (name: string): BarDetector<null> => ({
  name,
  kind: 'test',
  warmUp: 0,
  score: (): DetectorScore => ({
    raw: 0,
    score: 0,
    triggered: false,
    severity: 'info',
    message: '',
    explanation: [],
    context: {},
  }),
  learn: () => undefined,
  snapshot: () => null,
  restore: () => undefined,
  reset: () => undefined,
});

describe('Pipeline.detectorFeedback', () => {
  it('routes a verdict to the ensemble that raised the anomaly, whose member weights move', () => {
    const instrument = defaultUniverse(1)[0]!;
    let ensemble: EnsembleDetector<Bar> | null = null;
    const pipeline = new Pipeline(
      {
        instruments: [instrument],
        timeframes: ['1m'],
        validation: { maxFutureSkew: 5e6, maxPastAge: 864e8, allowedLateness: 2e6, duplicateWindow: 1000 },
        bars: { closeDelay: 1e6, partialInterval: null, fillGaps: false },
        detectors: [
          { timeframe: '1m', create: () => new VolumeSpikeDetector() },
          {
            timeframe: '1m',
            create: () => (ensemble = new EnsembleDetector([member('first'), member('second')], DEFAULT_ENSEMBLE)),
          },
        ],
      },
      new ReplayClock(0),
    );
    const on = { symbol: instrument.symbol, timeframe: '1m', detector: 'ensemble' };
    const before = ensemble!.weights();
    expect(before.first).toBeCloseTo(0.5, 12);
    for (let i = 0; i < 20; i++)
      expect(pipeline.detectorFeedback(on, { members: ['first'], anomalous: false })).toBe(true);
    expect(ensemble!.weights().first).toBeLessThan(0.2);
    // Detectors without feedback, other symbols and timeframes take nothing.
    const verdict = { members: ['first'], anomalous: true };
    expect(pipeline.detectorFeedback({ ...on, detector: 'volume_spike' }, verdict)).toBe(false);
    expect(pipeline.detectorFeedback({ ...on, symbol: 'NOPE' }, verdict)).toBe(false);
    expect(pipeline.detectorFeedback({ ...on, timeframe: '5m' }, verdict)).toBe(false);
  });
});
