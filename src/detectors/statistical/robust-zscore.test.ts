import { describe, expect, it } from 'vitest';
import { detectorContract, labelBars, simulateStream } from '../../../test/contract/detector-contract.js';
import { Random } from '../../core/random.js';
import { BarVectorDetector } from '../bar-vector.js';
import type { VectorPoint } from '../detector.js';
import { DEFAULT_ROBUST_ZSCORE, RobustZScoreDetector } from './robust-zscore.js';

/** Oracle: median and MAD by sorting copies (no shared code with the sorted window). */
function batchZ(history: number[], x: number): number {
  const sorted = [...history].sort((a, b) => a - b);
  const mid = (s: number[]): number =>
    s.length % 2 ? (s[s.length >> 1] as number) : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
  const center = mid(sorted);
  const mad = 1.4826 * mid(sorted.map((v) => Math.abs(v - center)).sort((a, b) => a - b));
  return (x - center) / mad;
}

describe('RobustZScoreDetector', () => {
  it('matches a batch median/MAD recomputation on every column, and names the column that pushed it', () => {
    const random = new Random('robust');
    const detector = new RobustZScoreDetector({ window: 21, threshold: 4, criticalThreshold: 8, minRelativeMAD: 1e-9 });
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < 200; i++) {
      const point: VectorPoint = { ts: i, values: [random.normal(), 10 + 3 * random.studentT(3)], names: ['a', 'b'] };
      const result = detector.score(point);
      if (i < 21) expect(result).toBeNull();
      else {
        const za = batchZ(a.slice(-21), point.values[0] as number);
        const zb = batchZ(b.slice(-21), point.values[1] as number);
        expect(result?.raw).toBeCloseTo(Math.abs(za) >= Math.abs(zb) ? za : zb, 10);
        expect(result?.explanation[0]?.contribution).toBeCloseTo((za * za) / (za * za + zb * zb), 10);
      }
      a.push(point.values[0] as number);
      b.push(point.values[1] as number);
      detector.learn(point);
    }
    const outlier = detector.score({ ts: 200, values: [0, 100], names: ['a', 'b'] });
    expect(outlier?.triggered).toBe(true);
    expect(outlier?.message).toMatch(/^b /);
  });
});

describe('RobustZScoreDetector with a long baseline (longWindow)', () => {
  const config = { ...DEFAULT_ROBUST_ZSCORE, window: 30, longWindow: 300 };
  const random = new Random('dual');
  // 300 calm values around 5, an episode of 60 at 5.4 (a volatility regime's busier trading), then calm again.
  const xs = Array.from({ length: 420 }, (_, i) => (i >= 300 && i < 360 ? 5.4 : 5) + 0.05 * random.normal());

  function zs(detector: RobustZScoreDetector, values: readonly number[]): number[] {
    return values.map((x, i) => {
      const point = { ts: i, values: [x], names: ['x'] };
      const raw = detector.score(point)?.raw ?? Number.NaN;
      detector.learn(point);
      return raw;
    });
  }

  it('is the z of the nearer baseline: the smaller in size when both agree in sign, else 0 (batch oracle)', () => {
    const scores = zs(new RobustZScoreDetector(config), xs);
    for (let i = 30; i < xs.length; i++) {
      const short = batchZ(xs.slice(i - 30, i), xs[i] as number);
      const long = batchZ(xs.slice(Math.max(0, i - 300), i), xs[i] as number);
      const expected = Math.sign(short) !== Math.sign(long) ? 0 : Math.abs(short) <= Math.abs(long) ? short : long;
      expect(scores[i]).toBeCloseTo(expected, 10);
    }
  });

  it('ignores the return to normal after an episode that the short baseline alone flags, and still flags the episode and a spike', () => {
    const single = zs(new RobustZScoreDetector({ ...config, longWindow: 0 }), xs);
    const dual = zs(new RobustZScoreDetector(config), xs);
    const after = (scores: number[]): number => Math.min(...scores.slice(360, 370));
    expect(after(single)).toBeLessThan(-4); // calm values look low against a median filled by the episode
    expect(after(dual)).toBeGreaterThan(-4); // the long median was barely moved by it
    expect(dual[300]).toBeGreaterThan(4); // the episode's start is far from both
    const spike = new RobustZScoreDetector(config);
    zs(spike, xs);
    expect(spike.score({ ts: 420, values: [6], names: ['x'] })?.triggered).toBe(true);
  });

  it('restores a snapshot taken without the long baseline, starting it from the short one', () => {
    const short = new RobustZScoreDetector({ ...config, longWindow: 0 });
    zs(short, xs.slice(0, 100));
    const dual = new RobustZScoreDetector(config);
    dual.restore(short.snapshot());
    const point = { ts: 100, values: [xs[100] as number], names: ['x'] };
    expect(dual.score(point)?.raw).toBeCloseTo(short.score(point)?.raw ?? Number.NaN, 12);
  });

  it('rejects a long window not longer than the short one', () => {
    expect(() => new RobustZScoreDetector({ ...config, longWindow: 30 })).toThrow(
      /longWindow must be 0 \(off\) or an integer > window \(30\), got 30/,
    );
  });
});

const simulated = simulateStream({
  seed: 'robust',
  kinds: ['volume_spike', 'price_jump', 'flash_crash'],
  days: 5,
  anomaliesPerSymbolDay: 3,
});
const bars = simulated.bars.get('AAPL') ?? [];
detectorContract('robust_zscore on simulated AAPL 1m bars (return, volume, range)', {
  create: () => new BarVectorDetector(new RobustZScoreDetector(), ['log_return', 'log_volume', 'log_range']),
  stream: bars,
  labels: labelBars(bars, simulated.labels),
});

detectorContract('robust_zscore with a long baseline on simulated AAPL 1m bars', {
  create: () =>
    new BarVectorDetector(new RobustZScoreDetector({ ...DEFAULT_ROBUST_ZSCORE, longWindow: 1000 }), [
      'log_return',
      'log_volume',
      'log_range',
    ]),
  stream: bars,
  labels: labelBars(bars, simulated.labels),
});
