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
      // Plain Pearson, both directions: the formula the oracle recomputes.
      clip: null,
      jump: null,
      direction: 'both',
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

/**
 * Two series sharing a factor (ρ ≈ 0.74) with anomaly-sized jumps (±60σ, on each series every
 * ~100 points, carrying ~97% of Σr² like the simulator's price jumps and flash crashes) and a
 * flip of the factor's sign in y over [flipFrom, flipTo).
 */
function jumpyPair(seed: string, n: number, flipFrom: number, flipTo: number): VectorPoint[] {
  const random = new Random(seed);
  const points: VectorPoint[] = [];
  for (let i = 0; i < n; i++) {
    const common = random.normal();
    let x = common + 0.6 * random.normal();
    let y = (i >= flipFrom && i < flipTo ? -common : common) + 0.6 * random.normal();
    if (random.uniform() < 1 / 100) x += (random.uniform() < 0.5 ? -60 : 60) * 1.17;
    if (random.uniform() < 1 / 100) y += (random.uniform() < 0.5 ? -60 : 60) * 1.17;
    points.push({ ts: i, values: [x * 1e-3, y * 1e-3], names: ['a', 'b'] });
  }
  return points;
}

const triggeredAt = (detector: CorrelationBreakDetector, points: VectorPoint[]): number[] => {
  const at: number[] = [];
  for (const point of points) {
    if (detector.score(point)?.triggered === true) at.push(point.ts);
    detector.learn(point);
  }
  return at;
};

describe('CorrelationBreakDetector, robust (default)', () => {
  const config = { shortWindow: 30, longWindow: 390, threshold: 4, criticalThreshold: 6 };

  it('finds a flip among anomaly-sized jumps, which hide it from plain Pearson', () => {
    const points = jumpyPair('jumpy2', 3000, 2000, 2090);
    const robust = triggeredAt(new CorrelationBreakDetector(config), points);
    expect(robust.filter((t) => t >= 2000 && t < 2090).length).toBeGreaterThan(10);
    expect(robust.filter((t) => t < 2000 || t >= 2120)).toEqual([]);
    const plain = triggeredAt(new CorrelationBreakDetector({ ...config, clip: null, jump: null }), points);
    expect(plain.filter((t) => t >= 2000 && t < 2090).length).toBeLessThan(robust.length / 2);
  });

  it('reads no jump as a break: the jump and the next jumpHold pairs are neither learnt nor scored', () => {
    const random = new Random('hold');
    const detector = new CorrelationBreakDetector({ ...config, jumpHold: 5 });
    for (let i = 0; i < 500; i++) {
      const common = random.normal();
      const point = {
        ts: i,
        values: [common + 0.5 * random.normal(), common + 0.5 * random.normal()],
        names: ['a', 'b'],
      };
      detector.learn(point);
    }
    const before = JSON.stringify(detector.snapshot().long);
    const jump = { ts: 500, values: [80, -0.3], names: ['a', 'b'] };
    expect(detector.score(jump)).toBeNull();
    detector.learn(jump);
    for (let i = 1; i <= 5; i++) {
      const after = { ts: 500 + i, values: [0.5, -0.5], names: ['a', 'b'] };
      expect(detector.score(after)).toBeNull();
      detector.learn(after);
    }
    expect(JSON.stringify(detector.snapshot().long)).toBe(before);
    expect(detector.score({ ts: 506, values: [0.5, 0.5], names: ['a', 'b'] })).not.toBeNull();
  });

  it("flags only a drop by default; direction 'both' also flags a rise", () => {
    // Uncorrelated for 400 points, then perfectly correlated: a rise.
    const random = new Random('rise');
    const points: VectorPoint[] = [];
    for (let i = 0; i < 460; i++) {
      const common = random.normal();
      points.push({ ts: i, values: [common, i < 400 ? random.normal() : common], names: ['a', 'b'] });
    }
    expect(triggeredAt(new CorrelationBreakDetector(config), points)).toEqual([]);
    expect(triggeredAt(new CorrelationBreakDetector({ ...config, direction: 'both' }), points).length).toBeGreaterThan(
      0,
    );
  });

  it('rejects bad robust settings with the field named', () => {
    expect(() => new CorrelationBreakDetector({ ...config, clip: 0 })).toThrow(/clip must be positive or null/);
    expect(() => new CorrelationBreakDetector({ ...config, jumpHold: 1.5 })).toThrow(/jumpHold/);
    expect(() => new CorrelationBreakDetector({ ...config, scaleWarmUp: 0 })).toThrow(/scaleWarmUp/);
  });
});

describe('CorrelationBreakDetector, standardised returns', () => {
  const config = { shortWindow: 20, longWindow: 390, threshold: 4, criticalThreshold: 6, standardise: true };

  /** A stock on the market (beta 1, idiosyncratic σ 1.2: correlation ≈ 0.64); `beta(i)` and `stockScale(i)` change it at pair i. */
  const stockOnMarket = (
    seed: string,
    length: number,
    beta: (i: number) => number,
    stockScale: (i: number) => number = () => 1,
  ): VectorPoint[] => {
    const random = new Random(seed);
    const points: VectorPoint[] = [];
    for (let i = 0; i < length; i++) {
      const market = random.normal();
      const stock = stockScale(i) * (beta(i) * market + 1.2 * random.normal());
      points.push({ ts: i, values: [stock, market], names: ['stock', 'market'] });
    }
    return points;
  };

  it('finds a beta flip within 20 pairs and nothing before it', () => {
    const points = stockOnMarket('flip', 1200, (i) => (i >= 1000 && i < 1090 ? -1 : 1));
    const at = triggeredAt(new CorrelationBreakDetector(config), points);
    expect(at.filter((t) => t < 1000)).toEqual([]);
    const first = at.find((t) => t >= 1000);
    expect(first).toBeDefined();
    expect(first as number).toBeLessThan(1020);
  });

  it('reads a tripled volatility without a beta change as no break', () => {
    const points = stockOnMarket(
      'vol',
      1200,
      () => 1,
      (i) => (i >= 1000 && i < 1100 ? 3 : 1),
    );
    expect(triggeredAt(new CorrelationBreakDetector(config), points)).toEqual([]);
  });

  it('enters returns divided by their robust σ: a tripled series leaves the windows nearly unchanged', () => {
    const random = new Random('scale');
    const once = new CorrelationBreakDetector(config);
    const tripled = new CorrelationBreakDetector(config);
    for (let i = 0; i < 600; i++) {
      const market = random.normal();
      const stock = market + random.normal();
      once.learn({ ts: i, values: [stock, market], names: ['a', 'b'] });
      tripled.learn({ ts: i, values: [3 * stock, market], names: ['a', 'b'] });
    }
    const window = (d: CorrelationBreakDetector): number[] => [...d.snapshot().long.xs, ...d.snapshot().long.ys];
    // The same standardised pairs enter both windows; without standardising, the tripled xs would be 3 times larger.
    const [a, b] = [window(once), window(tripled)];
    expect(a.length).toBeGreaterThan(500);
    a.forEach((v, k) => expect(b[k]).toBeCloseTo(v, 9));
  });

  it('needs the robust scales', () => {
    expect(() => new CorrelationBreakDetector({ ...config, clip: null, jump: null })).toThrow(/standardise needs/);
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
