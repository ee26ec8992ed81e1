import { describe, expect, it } from 'vitest';
import { makeBar } from '../../../test/helpers/bars.js';
import { detectorContract, syntheticBars } from '../../../test/contract/detector-contract.js';
import { BarGapDetector } from './bar-gap.js';

describe('BarGapDetector', () => {
  it('counts the windows missing before a bar, and ignores session breaks', () => {
    const detector = new BarGapDetector();
    expect(detector.score(makeBar(0))).toBeNull();
    detector.learn(makeBar(0));
    expect(detector.score(makeBar(1))).toMatchObject({ raw: 0, score: 0, triggered: false });
    expect(detector.score(makeBar(3))).toMatchObject({ raw: 2, triggered: true, severity: 'warning' });
    expect(detector.score(makeBar(7))).toMatchObject({ raw: 6, severity: 'critical' });
    // 17 hours later: an overnight break, not a stale feed.
    const overnight = detector.score(makeBar(1 + 17 * 60));
    expect(overnight).toMatchObject({ raw: 0, score: 0, triggered: false });
    expect(overnight?.message).toMatch(/session break/);
  });

  it('refuses inconsistent thresholds', () => {
    expect(() => new BarGapDetector({ threshold: 5, criticalThreshold: 2, maxMissing: 60 })).toThrow(
      /threshold ≤ criticalThreshold/,
    );
  });
});

// Synthetic labelled stream: every 100 bars, 2–8 minutes without a trade (those bars are
// dropped); the first bar after each hole is the labelled one.
const { bars } = syntheticBars('bar-gap', 3000, () => null);
const stream: typeof bars = [];
const labels: boolean[] = [];
let skip = 0;
let afterHole = false;
bars.forEach((bar, i) => {
  if (i % 100 === 50) skip = 2 + (((i / 100) % 7) | 0);
  if (skip > 0) {
    skip--;
    afterHole = true;
    return;
  }
  stream.push(bar);
  labels.push(afterHole);
  afterHole = false;
});
detectorContract('bar_gap on a synthetic stream with holes', {
  create: () => new BarGapDetector(),
  stream,
  labels,
  minAuc: 0.9,
});
