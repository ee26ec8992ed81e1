import { describe, expect, it } from 'vitest';
import { Random } from '../../core/random.js';
import { SortedWindow } from '../../indicators/statistics/sorted-window.js';
import { fitParetoTail, paretoSurvival, scoreToExcessScale } from './pareto-tail.js';
import { TailCalibrator } from './tail-calibrator.js';

/** Scores whose excess scale t = −ln(1 − s) is exponential with mean 1: s = 1 − exp(−E). */
function exponentialScores(seed: string, n: number): number[] {
  const random = new Random(seed);
  return Array.from({ length: n }, () => 1 - Math.exp(Math.log(random.uniform())));
}

describe('generalised Pareto tail', () => {
  it('recovers an exponential tail (shape ≈ 0, scale ≈ 1) from 200 exceedances', () => {
    const window = new SortedWindow(4000);
    for (const s of exponentialScores('exp', 4000)) window.push(s);
    const fit = fitParetoTail(window, 200);
    expect(fit).not.toBeNull();
    expect(fit!.shape).toBeLessThan(0.15);
    expect(fit!.scale).toBeGreaterThan(0.8);
    expect(fit!.scale).toBeLessThan(1.2);
    // The threshold is the score just below the top 200: t ≈ ln(4000 / 200) for Exp(1).
    expect(fit!.threshold).toBeCloseTo(Math.log(20), 0);
  });

  it('recovers a heavy (Pareto) tail: shape ≈ 1/α for scores s = x / (x + 1), x Pareto(α = 2)', () => {
    const random = new Random('pareto');
    const window = new SortedWindow(5000);
    for (let i = 0; i < 5000; i++) {
      const x = Math.pow(random.uniform(), -1 / 2); // P(X > x) = x^-2
      window.push(x / (x + 1));
    }
    // On t = ln(1 + x) the tail is exponential with rate 2 (x large): shape ≈ 0, scale ≈ 0.5.
    const fit = fitParetoTail(window, 250);
    expect(fit!.scale).toBeGreaterThan(0.35);
    expect(fit!.scale).toBeLessThan(0.65);
  });

  it('returns null when the tail holds no information (all top scores equal)', () => {
    const window = new SortedWindow(100);
    for (let i = 0; i < 100; i++) window.push(i < 50 ? 0.1 : 0);
    expect(fitParetoTail(window, 10)).toBeNull();
  });

  it('survival is 1 at the threshold and decreasing', () => {
    const tail = { threshold: 1, exceedances: 10, shape: 0.3, scale: 0.5 };
    expect(paretoSurvival(tail, 0)).toBe(1);
    expect(paretoSurvival(tail, 1)).toBeCloseTo(Math.pow(1 + 0.3 * 2, -1 / 0.3), 12);
    expect(paretoSurvival({ ...tail, shape: 0 }, 1)).toBeCloseTo(Math.exp(-2), 12);
    expect(scoreToExcessScale(1)).toBeGreaterThan(600);
  });
});

describe('TailCalibrator with a Pareto tail', () => {
  it('goes far below the empirical floor 1 / (n + 1) for scores beyond everything seen', () => {
    const empirical = new TailCalibrator(2000);
    const pareto = new TailCalibrator(2000, { tail: 'pareto' });
    for (const s of exponentialScores('cal', 2000)) {
      empirical.record(s);
      pareto.record(s);
    }
    // t = 20 is e^-20 ≈ 2e-9 under Exp(1).
    const extreme = 1 - Math.exp(-20);
    expect(empirical.tailProbability(extreme)).toBeCloseTo(1 / 2001, 12);
    expect(pareto.tailProbability(extreme)).toBeLessThan(5e-5); // ten times below the floor (PWM shape error keeps it above e^-20)
    expect(pareto.tailProbability(extreme)).toBeGreaterThan(1e-12);
    // Below the tail threshold both are the empirical p.
    expect(pareto.tailProbability(0.5)).toBe(empirical.tailProbability(0.5));
    // Monotone across the threshold.
    let previous = 1;
    for (let t = 0; t < 25; t += 0.25) {
      const p = pareto.tailProbability(1 - Math.exp(-t));
      expect(p).toBeLessThanOrEqual(previous);
      previous = p;
    }
  });

  it('rejects scores outside [0, 1] and bad options with the fix', () => {
    expect(() => new TailCalibrator(100, { tail: 'pareto' }).record(3)).toThrow(/scores in \[0, 1\]/);
    expect(() => new TailCalibrator(100, { tailFraction: 0.7 })).toThrow(/tailFraction must be in/);
  });

  it('restores the same tail from a snapshot', () => {
    const a = new TailCalibrator(500, { tail: 'pareto' });
    for (const s of exponentialScores('snap', 500)) a.record(s);
    const b = new TailCalibrator(500, { tail: 'pareto' });
    b.restore(JSON.parse(JSON.stringify(a.snapshot())));
    expect(b.tailProbability(0.99999)).toBe(a.tailProbability(0.99999));
  });
});
