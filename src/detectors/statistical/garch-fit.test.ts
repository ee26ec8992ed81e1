/**
 * The GARCH(1,1) fit against R. Oracle: scripts/garch/reference.R fits the committed series
 * test/fixtures/garch/series.csv (2000 simulated values) with fGarch::garchFit (zero mean,
 * Gaussian, h_1 = mean(x²)) and tseries::garch; test/fixtures/garch/reference.json holds its output.
 *
 * Tolerances: the two optimisers (R's nlminb, our Nelder–Mead) stop at slightly different points
 * of a flat likelihood surface, so parameters agree to 0.1% (relative) with fGarch, and the
 * maximised log-likelihood to 1e-3 (absolute, on about 6359). tseries maximises a slightly
 * different likelihood (its own start of the recursion), so its estimates agree to 1%.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fitGarch, garchLogLikelihood, garchNextVariance } from './garch-fit.js';

const fixture = new URL('../../../test/fixtures/garch/', import.meta.url);
const series = readFileSync(new URL('series.csv', fixture), 'utf8').trim().split('\n').map(Number);
interface Estimates {
  omega: number;
  alpha: number;
  beta: number;
  logLikelihood?: number;
}
const reference = JSON.parse(readFileSync(new URL('reference.json', fixture), 'utf8')) as {
  n: number;
  fGarch: Required<Estimates>;
  tseries: Estimates;
};

const relative = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

describe('fitGarch against R', () => {
  const fit = fitGarch(series);

  it('reads the whole committed series', () => {
    expect(series).toHaveLength(reference.n);
  });

  it('matches fGarch::garchFit to 0.1% in each parameter', () => {
    expect(relative(fit.omega, reference.fGarch.omega)).toBeLessThan(1e-3);
    expect(relative(fit.alpha, reference.fGarch.alpha)).toBeLessThan(1e-3);
    expect(relative(fit.beta, reference.fGarch.beta)).toBeLessThan(1e-3);
  });

  it('matches fGarch’s maximised log-likelihood to 1e-3, and its likelihood at R’s estimates too', () => {
    expect(Math.abs(fit.logLikelihood - reference.fGarch.logLikelihood)).toBeLessThan(1e-3);
    expect(Math.abs(garchLogLikelihood(series, reference.fGarch) - reference.fGarch.logLikelihood)).toBeLessThan(1e-3);
    // A maximum: R's point is not better under our likelihood (beyond rounding).
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(garchLogLikelihood(series, reference.fGarch) - 1e-6);
  });

  it('agrees with tseries::garch to 1%', () => {
    expect(relative(fit.omega, reference.tseries.omega)).toBeLessThan(1e-2);
    expect(relative(fit.alpha, reference.tseries.alpha)).toBeLessThan(1e-2);
    expect(relative(fit.beta, reference.tseries.beta)).toBeLessThan(1e-2);
  });

  it('computes the recursion by its definition (checked by a direct loop)', () => {
    const p = { omega: 1e-6, alpha: 0.1, beta: 0.85 };
    const x = series.slice(0, 50);
    let h = x.reduce((s, v) => s + v * v, 0) / x.length;
    let ll = 0;
    x.forEach((v, t) => {
      if (t > 0) h = p.omega + p.alpha * (x[t - 1] as number) ** 2 + p.beta * h;
      ll += -0.5 * Math.log(2 * Math.PI * h) - (v * v) / (2 * h);
    });
    expect(garchLogLikelihood(x, p)).toBeCloseTo(ll, 9);
    expect(garchNextVariance(x, p)).toBeCloseTo(p.omega + p.alpha * (x[49] as number) ** 2 + p.beta * h, 15);
  });
});
