/**
 * Money flow index: RSI with volume. Each bar's money flow is typical price × volume, counted as
 * positive when the typical price rose from the previous bar and negative when it fell; over the
 * last `period` bars MFI = 100 − 100 / (1 + positive / negative), in [0, 100]. TTR
 * `MFI(HLC, volume, n)`: the first flow is bar 1, so the first value is bar n (warm-up n).
 * No negative flow gives 100 and no flow at all (a halted window) 50, as TTR. The typical price
 * is correctly rounded (see typicalPrice), so bars with equal H+L+C count as unchanged, as in
 * TTR. O(1) per update with drift control (RollingSum).
 */
import type { Indicator } from '../../core/operator.js';
import { RollingSum, type RollingSumState } from '../statistics/rolling-sum.js';
import { assertPeriod, param, periodParam } from '../support/params.js';
import type { HighLowCloseVolume, IndicatorSpec } from '../types.js';
import { typicalPrice } from '../volatility/typical-price.js';

export interface MoneyFlowIndexState {
  readonly previousPrice: number | null;
  readonly positive: RollingSumState;
  readonly negative: RollingSumState;
}

export class MoneyFlowIndex implements Indicator<HighLowCloseVolume, number, MoneyFlowIndexState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly positive: RollingSum;
  private readonly negative: RollingSum;
  private previousPrice: number | null = null;

  constructor(readonly period = 14) {
    assertPeriod('money flow index', 'period', period);
    this.name = `mfi_${period}`;
    this.warmUp = period;
    this.positive = new RollingSum(period);
    this.negative = new RollingSum(period);
  }

  next(bar: HighLowCloseVolume): number | null {
    const price = typicalPrice(bar);
    const previous = this.previousPrice;
    this.previousPrice = price;
    if (previous === null) return null;
    const flow = price * bar.volume;
    const positive = this.positive.push(price > previous ? flow : 0);
    const negative = this.negative.push(price < previous ? flow : 0);
    return this.positive.full ? index(positive, negative) : null;
  }

  peek(bar: HighLowCloseVolume): number | null {
    const previous = this.previousPrice;
    if (previous === null || this.positive.count + 1 < this.period) return null;
    const price = typicalPrice(bar);
    const flow = price * bar.volume;
    return index(this.positive.peek(price > previous ? flow : 0), this.negative.peek(price < previous ? flow : 0));
  }

  snapshot(): MoneyFlowIndexState {
    return {
      previousPrice: this.previousPrice,
      positive: this.positive.snapshot(),
      negative: this.negative.snapshot(),
    };
  }

  restore(state: MoneyFlowIndexState): void {
    this.previousPrice = state.previousPrice;
    this.positive.restore(state.positive);
    this.negative.restore(state.negative);
  }

  reset(): void {
    this.previousPrice = null;
    this.positive.reset();
    this.negative.reset();
  }
}

function index(positive: number, negative: number): number {
  if (negative > 0) return 100 - 100 / (1 + positive / negative);
  return positive > 0 ? 100 : 50;
}

export const moneyFlowIndexSpec: IndicatorSpec = {
  name: 'mfi',
  family: 'volume',
  description: 'Money flow index (volume-weighted RSI of the typical price), 0-100',
  params: [periodParam('period', 14)],
  outputs: [],
  ttr: 'MFI',
  inDefaultSet: true,
  create: (params) => new MoneyFlowIndex(param(params, 0)),
};
