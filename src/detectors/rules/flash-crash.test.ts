import { describe, expect, it } from 'vitest';
import { makeBar } from '../../../test/helpers/bars.js';
import { detectorContract, labelBars, simulateStream } from '../../../test/contract/detector-contract.js';
import { FlashCrashDetector } from './flash-crash.js';

const bar = (i: number, low: number, close: number, high = Math.max(100, close)) =>
  makeBar(i, { open: close, high, low, close });

describe('FlashCrashDetector', () => {
  it('needs both the drop and the recovery, and reports each trough once', () => {
    const detector = new FlashCrashDetector({
      window: 5,
      dropThreshold: 0.05,
      recoveryFraction: 0.5,
      criticalDrop: 0.08,
    });
    const series = [
      bar(0, 99.5, 100),
      bar(1, 99.5, 100),
      bar(2, 99.5, 100),
      bar(3, 99.5, 100),
      bar(4, 90, 91),
      bar(5, 90.5, 93),
    ];
    for (const b of series) detector.learn(b);
    // Drop 10% (100 → 90); 93 recovers 30% — not yet.
    expect(detector.score(bar(6, 92, 94))?.triggered).toBe(false);
    const recovered = detector.score(bar(6, 94, 96));
    expect(recovered?.triggered).toBe(true);
    expect(recovered?.severity).toBe('critical');
    expect(recovered?.context.drop).toBeCloseTo(0.1, 12);
    expect(recovered?.context.recovery).toBeCloseTo(0.6, 12);
    detector.learn(bar(6, 94, 96));
    expect(detector.score(bar(7, 96, 97))?.triggered).toBe(false); // same trough: reported already
  });
});

const simulated = simulateStream({ seed: 'flash', kinds: ['flash_crash'], days: 5, anomaliesPerSymbolDay: 3 });
const bars = simulated.bars.get('AAPL') ?? [];
detectorContract('flash_crash on simulated AAPL 1m bars', {
  create: () => new FlashCrashDetector(),
  stream: bars,
  labels: labelBars(bars, simulated.labels),
});
