/**
 * Accumulation/distribution line (Chaikin): the running total of close location value × volume —
 * volume counts as buying in proportion to how near the high the bar closed. TTR
 * `chaikinAD(HLC, volume)`, from the first bar (warm-up 0). Compensated summation keeps the
 * running total exact to a few ulps over any length of history.
 */
import type { Indicator } from '../../core/operator.js';
import { RunningSum, type RunningSumState } from '../support/running-sum.js';
import type { HighLowCloseVolume, IndicatorSpec } from '../types.js';
import { closeLocationValue } from './close-location-value.js';

export class AccumulationDistribution implements Indicator<HighLowCloseVolume, number, RunningSumState> {
  readonly name = 'ad';
  readonly warmUp = 0;
  private readonly total = new RunningSum();

  next(bar: HighLowCloseVolume): number {
    this.total.add(closeLocationValue(bar) * bar.volume);
    return this.total.value;
  }

  peek(bar: HighLowCloseVolume): number {
    return this.total.valueAfter(closeLocationValue(bar) * bar.volume);
  }

  snapshot(): RunningSumState {
    return this.total.snapshot();
  }

  restore(state: RunningSumState): void {
    this.total.restore(state);
  }

  reset(): void {
    this.total.reset();
  }
}

export const accumulationDistributionSpec: IndicatorSpec = {
  name: 'ad',
  family: 'volume',
  description: 'Accumulation/distribution line (Chaikin)',
  params: [],
  outputs: [],
  ttr: 'chaikinAD',
  create: () => new AccumulationDistribution(),
};
