/**
 * Historical (close-to-close) volatility: the sample standard deviation of the last `period`
 * log returns ln(close / previous close), annualised by √periodsPerYear. O(1) per update with
 * drift control (RollingMoments). Warm-up `period` (the first return needs a previous close).
 *
 * TTR: `volatility(OHLC, n, calc = "close", N)` counts n *prices* (n − 1 returns), so TTR's
 * `volatility(x, 20, N = 252)` is `new HistoricalVolatility(19, 252)`. Here `period` counts
 * returns, which is how "20-day volatility" is usually meant. `periodsPerYear` is 252 trading
 * days by default (TTR's default is 260); for intraday bars pass bars per year (e.g. 252 × 390
 * for one-minute bars of a US equity session).
 */
import type { Indicator } from '../../core/operator.js';
import { RollingMoments, type RollingMomentsState } from '../statistics/rolling-moments.js';
import { assertPeriod, assertPositive, param } from '../support/params.js';
import { onClose } from '../support/bar-input.js';
import type { IndicatorSpec } from '../types.js';

export interface HistoricalVolatilityState {
  readonly previousClose: number | null;
  readonly returns: RollingMomentsState;
}

export class HistoricalVolatility implements Indicator<number, number, HistoricalVolatilityState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly returns: RollingMoments;
  private readonly annualisation: number;
  private previousClose: number | null = null;

  constructor(
    readonly period = 20,
    readonly periodsPerYear = 252,
  ) {
    assertPeriod('historical volatility', 'period', period, 2);
    assertPositive('historical volatility', 'periodsPerYear', periodsPerYear);
    this.name = `hv_${period}_${periodsPerYear}`;
    this.warmUp = period;
    this.returns = new RollingMoments(period);
    this.annualisation = Math.sqrt(periodsPerYear);
  }

  next(close: number): number | null {
    const previous = this.previousClose;
    this.previousClose = close;
    if (previous === null) return null;
    this.returns.push(Math.log(close) - Math.log(previous));
    return this.evaluate();
  }

  peek(close: number): number | null {
    if (this.previousClose === null) return null;
    this.returns.peek(Math.log(close) - Math.log(this.previousClose));
    return this.evaluate();
  }

  private evaluate(): number | null {
    if (this.returns.count < this.period) return null;
    return this.annualisation * Math.sqrt(this.returns.variance(1));
  }

  snapshot(): HistoricalVolatilityState {
    return { previousClose: this.previousClose, returns: this.returns.snapshot() };
  }

  restore(state: HistoricalVolatilityState): void {
    this.previousClose = state.previousClose;
    this.returns.restore(state.returns);
  }

  reset(): void {
    this.previousClose = null;
    this.returns.reset();
  }
}

export const historicalVolatilitySpec: IndicatorSpec = {
  name: 'hv',
  family: 'volatility',
  description: 'Annualised close-to-close volatility (sample deviation of log returns)',
  params: [
    { name: 'period', default: 20, min: 2, integer: true },
    { name: 'periodsPerYear', default: 252, min: 1 },
  ],
  outputs: [],
  ttr: 'volatility(calc = "close", n = period + 1)',
  inDefaultSet: true,
  create: (params) => onClose(new HistoricalVolatility(param(params, 0), param(params, 1))),
};
