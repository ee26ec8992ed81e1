import { describe, expect, it } from 'vitest';
import { randomWalk } from '../../../test/indicators/synthetic-series.js';
import { RollingMoments } from './rolling-moments.js';
import { RollingSum } from './rolling-sum.js';

// Batch references: two-pass mean and variance of each window, from scratch.
function batchMoments(window: readonly number[]): { mean: number; variance: number } {
  const mean = window.reduce((a, b) => a + b, 0) / window.length;
  const variance = window.reduce((a, v) => a + (v - mean) ** 2, 0) / (window.length - 1);
  return { mean, variance };
}

const relativeError = (actual: number, expected: number): number =>
  Math.abs(actual - expected) / Math.max(Math.abs(expected), Number.MIN_VALUE);

describe('RollingMoments', () => {
  it('stays within 1e-9 of a two-pass batch computation over a 100k-point random walk', () => {
    const length = 20;
    const prices = randomWalk(100_000, 'moments');
    const moments = new RollingMoments(length);
    let worstMean = 0;
    let worstVariance = 0;
    prices.forEach((x, i) => {
      moments.push(x);
      if (i + 1 < length) return;
      const batch = batchMoments(prices.slice(i + 1 - length, i + 1));
      worstMean = Math.max(worstMean, relativeError(moments.mean, batch.mean));
      worstVariance = Math.max(worstVariance, relativeError(moments.variance(1), batch.variance));
    });
    expect(worstMean).toBeLessThan(1e-12);
    expect(worstVariance).toBeLessThan(1e-9);
  });

  it('keeps tiny spreads on large levels (where E[x²] − E[x]² would lose every digit)', () => {
    const moments = new RollingMoments(4);
    const values = [10_000.01, 10_000.02, 10_000.03, 10_000.04, 10_000.05, 10_000.02];
    values.forEach((x) => moments.push(x));
    const batch = batchMoments(values.slice(-4));
    expect(relativeError(moments.variance(1), batch.variance)).toBeLessThan(1e-6);
  });

  it('follows a level shift (prices near 1e6, then near 50) without carrying the old error', () => {
    const moments = new RollingMoments(10);
    const values = [...randomWalk(500, 'high', 1e6), ...randomWalk(500, 'low', 50)];
    values.forEach((x) => moments.push(x));
    const batch = batchMoments(values.slice(-10));
    expect(relativeError(moments.mean, batch.mean)).toBeLessThan(1e-12);
    expect(relativeError(moments.variance(1), batch.variance)).toBeLessThan(1e-9);
  });

  it('reports a constant window as exactly zero variance', () => {
    const moments = new RollingMoments(3);
    for (let i = 0; i < 10; i++) moments.push(0.1);
    expect(moments.variance(1)).toBe(0);
    expect(moments.variance(0)).toBe(0);
  });

  it('peek gives the figures push gives, and leaves the state alone', () => {
    const a = new RollingMoments(7);
    const b = new RollingMoments(7);
    for (const x of randomWalk(200, 'peek')) {
      a.peek(x);
      const peeked = [a.mean, a.variance(0), a.variance(1)];
      a.push(x);
      expect([a.mean, a.variance(0), a.variance(1)]).toEqual(peeked);
      b.push(x);
      expect(a.snapshot()).toEqual(b.snapshot());
    }
  });
});

describe('RollingSum', () => {
  it('stays within 1e-9 of the exact window sum over 100k mixed-sign values', () => {
    const length = 50;
    const walk = randomWalk(100_001, 'sums');
    const values = walk.slice(1).map((x, i) => (x - (walk[i] as number)) * 1e6); // signed, near-zero sums
    const sum = new RollingSum(length);
    let worst = 0;
    values.forEach((x, i) => {
      const peeked = sum.peek(x);
      const pushed = sum.push(x);
      expect(pushed).toBe(peeked);
      if (i + 1 < length) return;
      const exact = values.slice(i + 1 - length, i + 1).reduce((a, b) => a + b, 0);
      // Relative to the window's scale: a sum that crosses zero has no useful relative error.
      const scale = values.slice(i + 1 - length, i + 1).reduce((a, b) => a + Math.abs(b), 0);
      worst = Math.max(worst, Math.abs(pushed - exact) / scale);
    });
    expect(worst).toBeLessThan(1e-12);
  });
});
