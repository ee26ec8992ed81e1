/**
 * Range-based volatility estimators over the last `period` bars, annualised: they use each bar's
 * high and low (and open), so they need fewer bars than close-to-close for the same precision.
 * All three assume no drift in the price within a bar; none accounts for overnight gaps (use
 * Yang-Zhang for that). O(1) per update: one rolling sum of a per-bar term.
 *
 *   parkinson         σ² = N / (4 n ln 2) · Σ ln(H/L)²
 *   garman-klass      σ² = N / n · Σ [½ ln(H/L)² − (2 ln 2 − 1) ln(C/O)²]
 *   rogers-satchell   σ² = N / n · Σ [ln(H/C) ln(H/O) + ln(L/C) ln(L/O)]
 *
 * TTR: `volatility(OHLC, n, calc = "parkinson" | "garman.klass" | "rogers.satchell", N)`, with
 * the same n (here n counts bars for all three).
 */
import type { Indicator } from '../../core/operator.js';
import { RollingSum, type RollingSumState } from '../statistics/rolling-sum.js';
import { assertPeriod, assertPositive, param, periodParam } from '../support/params.js';
import type { OHLCV, IndicatorSpec } from '../types.js';

export type RangeEstimator = 'parkinson' | 'garman-klass' | 'rogers-satchell';

export type OpenHighLowClose = Pick<OHLCV, 'open' | 'high' | 'low' | 'close'>;

const TWO_LN2_MINUS_1 = 2 * Math.log(2) - 1;

/** The estimator's per-bar term. */
function barTerm(estimator: RangeEstimator, bar: OpenHighLowClose): number {
  switch (estimator) {
    case 'parkinson':
      return Math.log(bar.high / bar.low) ** 2;
    case 'garman-klass':
      return 0.5 * Math.log(bar.high / bar.low) ** 2 - TWO_LN2_MINUS_1 * Math.log(bar.close / bar.open) ** 2;
    case 'rogers-satchell':
      return (
        Math.log(bar.high / bar.close) * Math.log(bar.high / bar.open) +
        Math.log(bar.low / bar.close) * Math.log(bar.low / bar.open)
      );
  }
}

export class RangeVolatility implements Indicator<OpenHighLowClose, number, RollingSumState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly sum: RollingSum;
  /** N / (4 n ln 2) for Parkinson, N / n for the others. */
  private readonly factor: number;

  constructor(
    readonly estimator: RangeEstimator,
    readonly period = 20,
    readonly periodsPerYear = 252,
  ) {
    assertPeriod(`${estimator} volatility`, 'period', period);
    assertPositive(`${estimator} volatility`, 'periodsPerYear', periodsPerYear);
    this.name = `${estimator.replace('-', '_')}_${period}_${periodsPerYear}`;
    this.warmUp = period - 1;
    this.sum = new RollingSum(period);
    this.factor = estimator === 'parkinson' ? periodsPerYear / (4 * period * Math.log(2)) : periodsPerYear / period;
  }

  next(bar: OpenHighLowClose): number | null {
    const sum = this.sum.push(barTerm(this.estimator, bar));
    return this.sum.full ? this.evaluate(sum) : null;
  }

  peek(bar: OpenHighLowClose): number | null {
    const sum = this.sum.peek(barTerm(this.estimator, bar));
    return this.sum.count + 1 >= this.period ? this.evaluate(sum) : null;
  }

  private evaluate(sum: number): number {
    // Rounding can leave a sum of non-negative terms a hair below zero.
    return sum > 0 ? Math.sqrt(this.factor * sum) : 0;
  }

  snapshot(): RollingSumState {
    return this.sum.snapshot();
  }

  restore(state: RollingSumState): void {
    this.sum.restore(state);
  }

  reset(): void {
    this.sum.reset();
  }
}

function rangeVolatilitySpec(estimator: RangeEstimator, ttrCalc: string, description: string): IndicatorSpec {
  return {
    name: estimator.replace('-', '_'),
    family: 'volatility',
    description,
    params: [periodParam('period', 20), { name: 'periodsPerYear', default: 252, min: 1 }],
    outputs: [],
    ttr: `volatility(calc = "${ttrCalc}")`,
    create: (params) => new RangeVolatility(estimator, param(params, 0), param(params, 1)),
  };
}

export const parkinsonSpec = rangeVolatilitySpec('parkinson', 'parkinson', 'Parkinson high-low volatility, annualised');
export const garmanKlassSpec = rangeVolatilitySpec(
  'garman-klass',
  'garman.klass',
  'Garman-Klass OHLC volatility, annualised',
);
export const rogersSatchellSpec = rangeVolatilitySpec(
  'rogers-satchell',
  'rogers.satchell',
  'Rogers-Satchell OHLC volatility (drift-independent), annualised',
);
