import { describe, expect, it } from 'vitest';
import { detectorContract, labelBars, simulateStream } from '../../../test/contract/detector-contract.js';
import { Random } from '../../core/random.js';
import { BarVectorDetector } from '../bar-vector.js';
import type { VectorPoint } from '../detector.js';
import { HMMRegimeDetector } from './hmm-regime.js';

describe('HMMRegimeDetector', () => {
  it('fits on its warm-up, then reports a switch to the volatile regime once, and back', () => {
    const random = new Random('regimes');
    const detector = new HMMRegimeDetector({
      column: 0,
      states: 2,
      fitWindow: 400,
      refitEvery: 0,
      switchProbability: 0.8,
    });
    const sd = (t: number): number => (t % 200 < 150 ? 1 : 4); // calm 150, volatile 50, in turn
    const events: Array<[number, number]> = [];
    for (let t = 0; t < 1000; t++) {
      const p: VectorPoint = { ts: t, values: [sd(t) * random.normal()], names: ['r'] };
      const result = detector.score(p);
      if (t < 400) expect(result).toBeNull();
      else if (result?.triggered === true) events.push([t, result.context.regime as number]);
      detector.learn(p);
    }
    // Volatile spells start at 550, 750, 950 and end at 600, 800: each found within a few values.
    const into = events.filter(([, r]) => r === 1).map(([t]) => t);
    const out = events.filter(([, r]) => r === 0).map(([t]) => t);
    for (const start of [550, 750, 950]) expect(into.some((t) => t >= start && t < start + 10)).toBe(true);
    for (const end of [600, 800]) expect(out.some((t) => t >= end && t < end + 25)).toBe(true);
    expect(events.length).toBeLessThanOrEqual(12);
  });
});

const simulated = simulateStream({ seed: 'hmm', kinds: ['volatility_regime'], days: 5, anomaliesPerSymbolDay: 1 });
const bars = simulated.bars.get('AAPL') ?? [];
detectorContract('hmm_regime on simulated AAPL 1m log returns', {
  create: () =>
    new BarVectorDetector(
      new HMMRegimeDetector({ ...{ column: 0, states: 2, fitWindow: 400, refitEvery: 800, switchProbability: 0.8 } }),
    ),
  stream: bars,
  labels: labelBars(bars, simulated.labels),
});
