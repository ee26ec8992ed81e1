import { describe, expect, it } from 'vitest';
import { detectorContract, labelBars, simulateStream } from '../../../test/contract/detector-contract.js';
import { Random } from '../../core/random.js';
import { BarVectorDetector } from '../bar-vector.js';
import type { VectorPoint } from '../detector.js';
import { RobustZScoreDetector } from './robust-zscore.js';

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
