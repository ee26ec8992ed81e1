import { describe, expect, it } from 'vitest';
import { indicatorContract } from '../../../test/contract/operator-contract.js';
import { expectSeriesClose } from '../../../test/indicators/close-to.js';
import { randomWalk } from '../../../test/indicators/synthetic-series.js';
import { RollingCorrelation, type PairedObservation } from './rolling-correlation.js';

// Independent batch recomputation: two-pass Pearson correlation of each window.
function batchCorrelation(pairs: readonly PairedObservation[], period: number): Array<number | null> {
  return pairs.map((_, i) => {
    if (i + 1 < period) return null;
    const w = pairs.slice(i + 1 - period, i + 1);
    const mx = w.reduce((a, p) => a + p.x, 0) / period;
    const my = w.reduce((a, p) => a + p.y, 0) / period;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (const p of w) {
      sxy += (p.x - mx) * (p.y - my);
      sxx += (p.x - mx) ** 2;
      syy += (p.y - my) ** 2;
    }
    return sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy);
  });
}

// Two related series: the second follows the first with its own noise.
const a = randomWalk(600, 'corr-a', 50);
const noise = randomWalk(600, 'corr-b', 50);
const pairs: PairedObservation[] = a.map((x, i) => ({ x, y: 0.5 * x + (noise[i] as number) }));

indicatorContract('correlation_20', { create: () => new RollingCorrelation(20), inputs: pairs });

describe('RollingCorrelation', () => {
  it('matches a two-pass batch recomputation', () => {
    const corr = new RollingCorrelation(20);
    expectSeriesClose(
      pairs.map((p) => corr.next(p)),
      batchCorrelation(pairs, 20),
      { relative: 1e-9, absolute: 1e-12 },
    );
  });

  it('stays on the batch values over 100k pairs (no drift)', () => {
    const x = randomWalk(100_000, 'corr-long-x');
    const y = randomWalk(100_000, 'corr-long-y');
    const long = x.map((v, i) => ({ x: v, y: (y[i] as number) - v / 3 }));
    const corr = new RollingCorrelation(30);
    const streamed = long.map((p) => corr.next(p));
    expectSeriesClose(streamed.slice(-1000), batchCorrelation(long, 30).slice(-1000), {
      relative: 1e-9,
      absolute: 1e-12,
    });
  });

  it('is 1 for a linear relation, -1 for an inverse one, 0 when a series is flat', () => {
    const up = new RollingCorrelation(5);
    const down = new RollingCorrelation(5);
    const flat = new RollingCorrelation(5);
    let last = { up: null as number | null, down: null as number | null, flat: null as number | null };
    for (let i = 0; i < 12; i++) {
      const x = 100 + Math.sin(i);
      last = { up: up.next({ x, y: 3 * x + 1 }), down: down.next({ x, y: -2 * x }), flat: flat.next({ x, y: 0.3 }) };
    }
    expect(last.up).toBeCloseTo(1, 12);
    expect(last.down).toBeCloseTo(-1, 12);
    expect(last.flat).toBe(0);
  });
});
