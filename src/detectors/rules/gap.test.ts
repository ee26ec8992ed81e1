import { describe, expect, it } from 'vitest';
import { makeBar } from '../../../test/helpers/bars.js';
import { detectorContract, syntheticBars } from '../../../test/contract/detector-contract.js';
import { GapDetector } from './gap.js';

describe('GapDetector', () => {
  it('measures the open against the previous close', () => {
    const detector = new GapDetector();
    expect(detector.score(makeBar(0, { close: 100 }))).toBeNull();
    detector.learn(makeBar(0, { close: 100 }));
    const up = detector.score(makeBar(1, { open: 103, close: 103 }));
    expect(up?.raw).toBeCloseTo(0.03, 12);
    expect(up?.severity).toBe('warning');
    expect(detector.score(makeBar(1, { open: 94, close: 94 }))?.severity).toBe('critical');
    expect(detector.score(makeBar(1, { open: 101, close: 101 }))?.triggered).toBe(false);
  });
});

// Synthetic labelled stream: 2% of bars open 1.5–6% away from the previous close.
const { bars, labels } = syntheticBars('gap', 3000, (i, bar, random) => {
  if (random.uniform() >= 0.02) return null;
  const open = bar.open * (1 + (random.chance(0.5) ? 1 : -1) * (0.015 + 0.045 * random.uniform()));
  return { ...bar, open, high: Math.max(bar.high, open), low: Math.min(bar.low, open) };
});
detectorContract('gap on a synthetic random walk with injected gaps', {
  create: () => new GapDetector(),
  stream: bars,
  labels,
  minAuc: 0.9,
});
