/**
 * Bollinger Bands: the simple moving average of the last `period` prices ± `multiplier` standard
 * deviations, with %B (where the price sits between the bands: 0 at the lower, 1 at the upper)
 * and bandwidth ((upper − lower) / middle, a fraction).
 *
 * Conventions. The deviation is the population one (divide by n), as John Bollinger defines it
 * and as TTR, TradingView and TA-Lib compute it; `{ deviation: 'sample' }` divides by n − 1.
 * The price is whatever is fed in: the catalog feeds the close (`bbands`, the common charting
 * default) or the typical price (H+L+C)/3 (`bbands_typical`, which is TTR's `BBands(HLC)`).
 * Degenerate windows: with zero width %B is 0.5 (the price is on the middle band), and with a
 * middle of 0 the bandwidth is 0, where TTR would give NaN.
 *
 * O(1) per update with drift control (RollingMoments).
 */
import type { Indicator } from '../../core/operator.js';
import { RollingMoments, type RollingMomentsState } from '../statistics/rolling-moments.js';
import { assertPeriod, assertPositive, param, periodParam } from '../support/params.js';
import { mapInput, onClose } from '../support/bar-input.js';
import type { IndicatorSpec } from '../types.js';
import { typicalPrice } from './typical-price.js';

/** A type alias, not an interface, so that it is assignable to IndicatorValue's record type. */
export type BollingerBandsValue = {
  readonly lower: number;
  readonly middle: number;
  readonly upper: number;
  readonly percentB: number;
  readonly bandwidth: number;
};

export interface BollingerBandsOptions {
  readonly deviation?: 'population' | 'sample';
}

export class BollingerBands implements Indicator<number, BollingerBandsValue, RollingMomentsState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly moments: RollingMoments;
  private readonly ddof: 0 | 1;

  constructor(
    readonly period = 20,
    readonly multiplier = 2,
    options: BollingerBandsOptions = {},
  ) {
    const sample = options.deviation === 'sample';
    assertPeriod('Bollinger Bands', 'period', period, sample ? 2 : 1);
    assertPositive('Bollinger Bands', 'multiplier', multiplier);
    this.ddof = sample ? 1 : 0;
    this.name = `bbands_${period}_${multiplier}${sample ? '_sample' : ''}`;
    this.warmUp = period - 1;
    this.moments = new RollingMoments(period);
  }

  // The bands of the last update/next/peek, for allocation-free reading (see `update`).
  lower = Number.NaN;
  middle = Number.NaN;
  upper = Number.NaN;
  percentB = Number.NaN;
  bandwidth = Number.NaN;

  next(price: number): BollingerBandsValue | null {
    return this.update(price) ? this.value() : null;
  }

  peek(price: number): BollingerBandsValue | null {
    this.moments.peek(price);
    return this.evaluate(price) ? this.value() : null;
  }

  /**
   * `next` without allocating: adds the price and returns whether the bands are warmed up; the
   * figures are then in the `lower`, `middle`, `upper`, `percentB` and `bandwidth` fields (which
   * also follow `next` and `peek`). For hot loops that read the bands and keep none of them.
   */
  update(price: number): boolean {
    this.moments.push(price);
    return this.evaluate(price);
  }

  private evaluate(price: number): boolean {
    const m = this.moments;
    if (m.count < this.period) return false;
    const middle = m.mean;
    const deviation = Math.sqrt(m.variance(this.ddof));
    const upper = middle + this.multiplier * deviation;
    const lower = middle - this.multiplier * deviation;
    const width = upper - lower;
    this.lower = lower;
    this.middle = middle;
    this.upper = upper;
    this.percentB = width > 0 ? (price - lower) / width : 0.5;
    this.bandwidth = middle !== 0 ? width / middle : 0;
    return true;
  }

  private value(): BollingerBandsValue {
    return {
      lower: this.lower,
      middle: this.middle,
      upper: this.upper,
      percentB: this.percentB,
      bandwidth: this.bandwidth,
    };
  }

  snapshot(): RollingMomentsState {
    return this.moments.snapshot();
  }

  restore(state: RollingMomentsState): void {
    this.moments.restore(state);
  }

  reset(): void {
    this.moments.reset();
  }
}

const bollingerParams = [periodParam('period', 20), { name: 'multiplier', default: 2, min: 0.01, max: 100 }];
const bollingerOutputs = ['lower', 'middle', 'upper', 'percentB', 'bandwidth'];

export const bollingerBandsSpec: IndicatorSpec = {
  name: 'bbands',
  family: 'volatility',
  description: 'Bollinger Bands of the close (population deviation), with %B and bandwidth',
  params: bollingerParams,
  outputs: bollingerOutputs,
  ttr: 'BBands(Cl)',
  inDefaultSet: true,
  create: (params) => onClose(new BollingerBands(param(params, 0), param(params, 1))),
};

export const bollingerBandsTypicalSpec: IndicatorSpec = {
  name: 'bbands_typical',
  family: 'volatility',
  description: "Bollinger Bands of the typical price (H+L+C)/3: TTR's BBands(HLC)",
  params: bollingerParams,
  outputs: bollingerOutputs,
  ttr: 'BBands(HLC)',
  create: (params) => mapInput(new BollingerBands(param(params, 0), param(params, 1)), typicalPrice),
};
