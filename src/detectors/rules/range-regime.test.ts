import { describe, expect, it } from 'vitest';
import { makeBar } from '../../../test/helpers/bars.js';
import { detectorContract, labelBars, simulateStream } from '../../../test/contract/detector-contract.js';
import { Random } from '../../core/random.js';
import type { Bar } from '../../core/events.js';
import { DEFAULT_RANGE_REGIME, RangeRegimeDetector } from './range-regime.js';

/**
 * Bars whose variance per minute grows with activity, as in markets and the simulator: trades
 * ∝ activity, relative range ∝ √activity · volatility (with noise).
 */
function bars(activity: readonly number[], volatility: readonly number[], seed: string): Bar[] {
  const random = new Random(seed);
  return activity.map((a, i) => {
    const range = 0.001 * Math.sqrt(a) * (volatility[i] ?? 1) * Math.exp(0.3 * random.normal());
    return makeBar(i, {
      close: 100,
      high: 100 * (1 + range / 2),
      low: 100 * (1 - range / 2),
      trades: Math.round(40 * a),
    });
  });
}

const triggeredIn = (detector: RangeRegimeDetector, stream: readonly Bar[], from: number, to: number): number => {
  let count = 0;
  stream.forEach((bar, i) => {
    if (i >= from && i < to && detector.score(bar)?.triggered === true) count++;
    detector.learn(bar);
  });
  return count;
};

describe('RangeRegimeDetector', () => {
  const n = 700;
  const calm = Array.from({ length: n }, () => 1);
  // A busy hour from bar 500: three times the trades, so √3 the range per minute — normal.
  const busy = calm.map((_, i) => (i >= 500 && i < 560 ? 3 : 1));
  // A regime from bar 500: three times the volatility for 1.5 times the trades.
  const regimeActivity = calm.map((_, i) => (i >= 500 && i < 560 ? 1.5 : 1));
  const regimeVolatility = calm.map((_, i) => (i >= 500 && i < 560 ? 3 : 1));

  it('takes a busier hour with proportionally wider bars as normal', () => {
    expect(triggeredIn(new RangeRegimeDetector(), bars(busy, calm, 'busy'), 500, 565)).toBe(0);
  });

  it('flags a volatility regime through most of its bars and not after it', () => {
    const detector = new RangeRegimeDetector();
    const stream = bars(regimeActivity, regimeVolatility, 'regime');
    const inside = triggeredIn(detector, stream, 0, 560);
    expect(inside).toBeGreaterThan(40);
    const again = new RangeRegimeDetector();
    expect(triggeredIn(again, stream, 565, n)).toBe(0); // five bars after the end, quiet again
  });

  it('the range alone (without the trade count) would mistake the busy hour for a regime', () => {
    // The same detector on bars whose trade count stays flat sees the busy hour's √3 wider bars.
    const flat = bars(busy, calm, 'busy').map((bar) => ({ ...bar, trades: 40 }));
    expect(triggeredIn(new RangeRegimeDetector(), flat, 500, 560)).toBeGreaterThan(30);
  });

  it('neither scores nor learns a bar without trades', () => {
    const detector = new RangeRegimeDetector({ ...DEFAULT_RANGE_REGIME, minLong: 20 });
    const stream = bars(calm.slice(0, 60), calm, 'empty');
    stream.forEach((bar) => detector.learn(bar));
    const empty = { ...stream[0]!, trades: 0, high: 120, low: 80 };
    expect(detector.score(empty)).toBeNull();
    const before = JSON.stringify(detector.snapshot());
    detector.learn(empty);
    expect(JSON.stringify(detector.snapshot())).toBe(before);
  });
});

const simulated = simulateStream({
  seed: 'range-regime',
  kinds: ['volatility_regime'],
  days: 5,
  anomaliesPerSymbolDay: 1,
});
const simulatedBars = simulated.bars.get('AAPL') ?? [];
detectorContract('range_regime on simulated AAPL 1m bars (volatility regimes)', {
  minAuc: 0.9, // 0.943 measured
  create: () => new RangeRegimeDetector(),
  stream: simulatedBars,
  labels: labelBars(simulatedBars, simulated.labels),
});
