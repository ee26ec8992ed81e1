/**
 * Chaikin money flow: Σ(close location value × volume) / Σ volume over the last `period` bars,
 * in [−1, 1]. TTR `CMF(HLC, volume, n)`. A window with no volume gives 0 (TTR: NaN).
 * O(1) per update with drift control (RollingSum).
 */
import type { Indicator } from '../../core/operator.js';
import { RollingSum, type RollingSumState } from '../statistics/rolling-sum.js';
import { assertPeriod, param, periodParam } from '../support/params.js';
import type { HighLowCloseVolume, IndicatorSpec } from '../types.js';
import { closeLocationValue } from './close-location-value.js';

export interface ChaikinMoneyFlowState {
  readonly flow: RollingSumState;
  readonly volume: RollingSumState;
}

export class ChaikinMoneyFlow implements Indicator<HighLowCloseVolume, number, ChaikinMoneyFlowState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly flow: RollingSum;
  private readonly volume: RollingSum;

  constructor(readonly period = 20) {
    assertPeriod('Chaikin money flow', 'period', period);
    this.name = `cmf_${period}`;
    this.warmUp = period - 1;
    this.flow = new RollingSum(period);
    this.volume = new RollingSum(period);
  }

  next(bar: HighLowCloseVolume): number | null {
    const flow = this.flow.push(closeLocationValue(bar) * bar.volume);
    const volume = this.volume.push(bar.volume);
    return this.volume.full ? ratio(flow, volume) : null;
  }

  peek(bar: HighLowCloseVolume): number | null {
    if (this.volume.count + 1 < this.period) return null;
    return ratio(this.flow.peek(closeLocationValue(bar) * bar.volume), this.volume.peek(bar.volume));
  }

  snapshot(): ChaikinMoneyFlowState {
    return { flow: this.flow.snapshot(), volume: this.volume.snapshot() };
  }

  restore(state: ChaikinMoneyFlowState): void {
    this.flow.restore(state.flow);
    this.volume.restore(state.volume);
  }

  reset(): void {
    this.flow.reset();
    this.volume.reset();
  }
}

function ratio(flow: number, volume: number): number {
  return volume > 0 ? flow / volume : 0;
}

export const chaikinMoneyFlowSpec: IndicatorSpec = {
  name: 'cmf',
  family: 'volume',
  description: 'Chaikin money flow',
  params: [periodParam('period', 20)],
  outputs: [],
  ttr: 'CMF',
  inDefaultSet: true,
  create: (params) => new ChaikinMoneyFlow(param(params, 0)),
};
