import { describe, expect, it } from 'vitest';
import { detectorContract, overlapsLabel, simulateStream } from '../../../test/contract/detector-contract.js';
import { makeBar } from '../../../test/helpers/bars.js';
import { Random } from '../../core/random.js';
import { BarPairer } from '../bar-pairer.js';
import type { VectorPoint } from '../detector.js';
import { CorrelationBreakDetector } from './correlation-break.js';

/** Oracle: Pearson correlation by its textbook formula. */
function pearson(xs: number[], ys: number[]): number {
  const mx = xs.reduce((s, v) => s + v, 0) / xs.length;
  const my = ys.reduce((s, v) => s + v, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  xs.forEach((x, i) => {
    const dy = (ys[i] as number) - my;
    sxy += (x - mx) * dy;
    sxx += (x - mx) ** 2;
    syy += dy * dy;
  });
  return sxy / Math.sqrt(sxx * syy);
}

describe('CorrelationBreakDetector', () => {
  it('compares short and long correlations on the Fisher z scale (textbook recomputation)', () => {
    const random = new Random('corr');
    const detector = new CorrelationBreakDetector({
      shortWindow: 10,
      longWindow: 40,
      threshold: 3,
      criticalThreshold: 5,
    });
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i < 120; i++) {
      const common = random.normal();
      const x = common + 0.5 * random.normal();
      const y = (i < 100 ? common : -common) + 0.5 * random.normal();
      const point: VectorPoint = { ts: i, values: [x, y], names: ['a', 'b'] };
      xs.push(x);
      ys.push(y);
      const result = detector.score(point);
      if (i < 39) expect(result).toBeNull();
      else {
        const rs = pearson(xs.slice(-10), ys.slice(-10));
        const rl = pearson(xs.slice(-40), ys.slice(-40));
        expect(result?.raw).toBeCloseTo((Math.atanh(rs) - Math.atanh(rl)) / Math.sqrt(1 / 7 + 1 / 37), 8);
      }
      detector.learn(point);
    }
    // The flip at 100 is a break.
    expect(detector.score({ ts: 120, values: [1, -1], names: ['a', 'b'] })?.triggered).toBe(true);
  });
});

describe('BarPairer', () => {
  it('pairs bars by end into log returns and drops a bar whose partner never comes', () => {
    const pairer = new BarPairer('A', 'B');
    expect(pairer.next(makeBar(0, { symbol: 'A', close: 100 }))).toBeNull();
    expect(pairer.next(makeBar(0, { symbol: 'B', close: 50 }))).toBeNull(); // first pair: no return yet
    expect(pairer.next(makeBar(1, { symbol: 'B', close: 51 }))).toBeNull();
    const p = pairer.next(makeBar(1, { symbol: 'A', close: 101 }));
    expect(p?.values).toEqual([Math.log(1.01), Math.log(1.02)]);
    expect(pairer.next(makeBar(2, { symbol: 'A', close: 102 }))).toBeNull(); // B's bar 2 is missing
    expect(pairer.next(makeBar(3, { symbol: 'B', close: 52 }))).toBeNull();
    // Bar 3 does not follow the last pair (bar 1): it only resets the reference closes.
    expect(pairer.next(makeBar(3, { symbol: 'A', close: 103 }))).toBeNull();
    pairer.next(makeBar(4, { symbol: 'A', close: 104 }));
    expect(pairer.next(makeBar(4, { symbol: 'B', close: 53 }))?.values).toEqual([
      Math.log(104 / 103),
      Math.log(53 / 52),
    ]);
  });
});

// SPY and QQQ (correlation about 0.86 in the simulator) with correlation breaks injected.
const simulated = simulateStream({
  seed: 'correlation',
  symbols: ['SPY', 'QQQ'],
  kinds: ['correlation_break'],
  days: 8,
  anomaliesPerSymbolDay: 0.5,
});
const pairer = new BarPairer('SPY', 'QQQ');
const merged = [...(simulated.bars.get('SPY') ?? []), ...(simulated.bars.get('QQQ') ?? [])].sort(
  (a, b) => a.end - b.end,
);
const points: VectorPoint[] = [];
for (const bar of merged) {
  const point = pairer.next(bar);
  if (point !== null) points.push({ ...point, values: [...point.values] });
}
detectorContract('correlation_break on simulated SPY/QQQ 1m returns', {
  create: () => new CorrelationBreakDetector(),
  stream: points,
  labels: points.map(
    (p) =>
      overlapsLabel('SPY', p.ts - 60_000_000, p.ts, simulated.labels) ||
      overlapsLabel('QQQ', p.ts - 60_000_000, p.ts, simulated.labels),
  ),
});
