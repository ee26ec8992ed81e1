/**
 * Force index (Elder): EMA(period) of (close − previous close) × volume, 13 by default — the
 * force behind a move. TTR has no Force Index; the reference is TTR's
 * `EMA(momentum(cl, 1) * v, 13)` (EMA seeded with the simple mean). The first raw force is bar 1,
 * so the first value is bar `period` (warm-up period). Period 1 gives the raw force.
 */
import type { Indicator } from '../../core/operator.js';
import { EMA, type EMAState } from '../trend/ema.js';
import type { CloseVolume, IndicatorSpec } from '../types.js';
import { param, periodParam } from '../support/params.js';

export interface ForceIndexState {
  readonly previousClose: number | null;
  readonly average: EMAState;
}

export class ForceIndex implements Indicator<CloseVolume, number, ForceIndexState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly average: EMA;
  private previousClose: number | null = null;

  constructor(readonly period = 13) {
    this.average = new EMA(period);
    this.name = `force_index_${period}`;
    this.warmUp = period;
  }

  next(bar: CloseVolume): number | null {
    const previous = this.previousClose;
    this.previousClose = bar.close;
    return previous === null ? null : this.average.next((bar.close - previous) * bar.volume);
  }

  peek(bar: CloseVolume): number | null {
    const previous = this.previousClose;
    return previous === null ? null : this.average.peek((bar.close - previous) * bar.volume);
  }

  snapshot(): ForceIndexState {
    return { previousClose: this.previousClose, average: this.average.snapshot() };
  }

  restore(state: ForceIndexState): void {
    this.previousClose = state.previousClose;
    this.average.restore(state.average);
  }

  reset(): void {
    this.previousClose = null;
    this.average.reset();
  }
}

export const forceIndexSpec: IndicatorSpec = {
  name: 'force_index',
  family: 'volume',
  description: 'Force index (Elder): EMA of price change × volume',
  params: [periodParam('period', 13)],
  outputs: [],
  ttr: 'EMA(momentum(Cl, 1) * Vo, n)',
  create: (params) => new ForceIndex(param(params, 0)),
};
