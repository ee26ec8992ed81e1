/**
 * Yang-Zhang volatility over the last `period` bars, annualised: the minimum-variance unbiased
 * combination of the overnight (close-to-open) variance, the open-to-close variance and the
 * Rogers-Satchell estimator, so it is independent of drift and of opening gaps:
 *
 *   σ² = σ²_overnight + k σ²_open-close + (1 − k) σ²_RS,   k = (α − 1) / (α + (n + 1)/(n − 1)), α = 1.34
 *
 * σ²_overnight and σ²_open-close are sample variances of ln(O/C₋₁) and ln(C/O) over n bars, times
 * N. TTR `volatility(OHLC, n, calc = "yang.zhang", N)`. The overnight return needs the previous
 * close, so the first value is at bar n (warm-up n). O(1) per update.
 */
import type { Indicator } from '../../core/operator.js';
import { RollingMoments, type RollingMomentsState } from '../statistics/rolling-moments.js';
import { RollingSum, type RollingSumState } from '../statistics/rolling-sum.js';
import { assertPeriod, assertPositive, param } from '../support/params.js';
import type { OpenHighLowClose } from './range-volatility.js';
import type { IndicatorSpec } from '../types.js';

export interface YangZhangVolatilityState {
  readonly previousClose: number | null;
  readonly overnight: RollingMomentsState;
  readonly openClose: RollingMomentsState;
  readonly rogersSatchell: RollingSumState;
}

const ALPHA = 1.34;

function rogersSatchellTerm(bar: OpenHighLowClose): number {
  return (
    Math.log(bar.high / bar.close) * Math.log(bar.high / bar.open) +
    Math.log(bar.low / bar.close) * Math.log(bar.low / bar.open)
  );
}

export class YangZhangVolatility implements Indicator<OpenHighLowClose, number, YangZhangVolatilityState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly overnight: RollingMoments;
  private readonly openClose: RollingMoments;
  private readonly rogersSatchell: RollingSum;
  private readonly k: number;
  private previousClose: number | null = null;

  constructor(
    readonly period = 20,
    readonly periodsPerYear = 252,
  ) {
    assertPeriod('Yang-Zhang volatility', 'period', period, 2);
    assertPositive('Yang-Zhang volatility', 'periodsPerYear', periodsPerYear);
    this.name = `yang_zhang_${period}_${periodsPerYear}`;
    this.warmUp = period;
    this.overnight = new RollingMoments(period);
    this.openClose = new RollingMoments(period);
    this.rogersSatchell = new RollingSum(period);
    this.k = (ALPHA - 1) / (ALPHA + (period + 1) / (period - 1));
  }

  next(bar: OpenHighLowClose): number | null {
    const previous = this.previousClose;
    this.previousClose = bar.close;
    this.openClose.push(Math.log(bar.close / bar.open));
    const sumRS = this.rogersSatchell.push(rogersSatchellTerm(bar));
    if (previous === null) return null;
    this.overnight.push(Math.log(bar.open / previous));
    return this.evaluate(sumRS);
  }

  peek(bar: OpenHighLowClose): number | null {
    if (this.previousClose === null) return null;
    this.openClose.peek(Math.log(bar.close / bar.open));
    this.overnight.peek(Math.log(bar.open / this.previousClose));
    return this.evaluate(this.rogersSatchell.peek(rogersSatchellTerm(bar)));
  }

  private evaluate(sumRS: number): number | null {
    if (this.overnight.count < this.period) return null;
    const n = this.periodsPerYear;
    const overnight = n * this.overnight.variance(1);
    const openClose = n * this.openClose.variance(1);
    const rogersSatchell = sumRS > 0 ? (n / this.period) * sumRS : 0;
    return Math.sqrt(overnight + this.k * openClose + (1 - this.k) * rogersSatchell);
  }

  snapshot(): YangZhangVolatilityState {
    return {
      previousClose: this.previousClose,
      overnight: this.overnight.snapshot(),
      openClose: this.openClose.snapshot(),
      rogersSatchell: this.rogersSatchell.snapshot(),
    };
  }

  restore(state: YangZhangVolatilityState): void {
    this.previousClose = state.previousClose;
    this.overnight.restore(state.overnight);
    this.openClose.restore(state.openClose);
    this.rogersSatchell.restore(state.rogersSatchell);
  }

  reset(): void {
    this.previousClose = null;
    this.overnight.reset();
    this.openClose.reset();
    this.rogersSatchell.reset();
  }
}

export const yangZhangSpec: IndicatorSpec = {
  name: 'yang_zhang',
  family: 'volatility',
  description: 'Yang-Zhang OHLC volatility (drift- and gap-independent), annualised',
  params: [
    { name: 'period', default: 20, min: 2, integer: true },
    { name: 'periodsPerYear', default: 252, min: 1 },
  ],
  outputs: [],
  ttr: 'volatility(calc = "yang.zhang")',
  create: (params) => new YangZhangVolatility(param(params, 0), param(params, 1)),
};
