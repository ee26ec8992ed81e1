/**
 * Ease of movement (Arms): how far the midpoint moved per unit of volume-per-range, averaged
 * with an SMA over `period` bars. Each bar's raw value is
 *   (mid − previous mid) / ((volume / divisor) / (high − low)),  mid = (high + low) / 2,
 * divisor 10,000 by default. TTR `EMV(HL, volume, n, vol.divisor)`'s `maEMV` column; period 1
 * gives TTR's raw `emv`. The first raw value is bar 1, so the first average is bar `period`.
 * A bar with no range or no volume moves nothing: its raw value is 0 (TTR: 0 or ±∞/NaN).
 */
import type { Indicator } from '../../core/operator.js';
import { assertPositive, param, periodParam } from '../support/params.js';
import { SMA, type SMAState } from '../trend/sma.js';
import type { HighLowVolume } from './high-low-volume.js';
import type { IndicatorSpec } from '../types.js';

export interface EaseOfMovementState {
  readonly previousMid: number | null;
  readonly average: SMAState;
}

export class EaseOfMovement implements Indicator<HighLowVolume, number, EaseOfMovementState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly average: SMA;
  private previousMid: number | null = null;

  constructor(
    readonly period = 14,
    readonly divisor = 10_000,
  ) {
    assertPositive('ease of movement', 'divisor', divisor);
    this.average = new SMA(period);
    this.name = `emv_${period}_${divisor}`;
    this.warmUp = period;
  }

  next(bar: HighLowVolume): number | null {
    const previous = this.previousMid;
    this.previousMid = (bar.high + bar.low) / 2;
    return previous === null ? null : this.average.next(this.raw(bar, previous));
  }

  peek(bar: HighLowVolume): number | null {
    const previous = this.previousMid;
    return previous === null ? null : this.average.peek(this.raw(bar, previous));
  }

  private raw(bar: HighLowVolume, previousMid: number): number {
    const range = bar.high - bar.low;
    if (range === 0 || bar.volume === 0) return 0;
    return ((bar.high + bar.low) / 2 - previousMid) / (bar.volume / this.divisor / range);
  }

  snapshot(): EaseOfMovementState {
    return { previousMid: this.previousMid, average: this.average.snapshot() };
  }

  restore(state: EaseOfMovementState): void {
    this.previousMid = state.previousMid;
    this.average.restore(state.average);
  }

  reset(): void {
    this.previousMid = null;
    this.average.reset();
  }
}

export const easeOfMovementSpec: IndicatorSpec = {
  name: 'emv',
  family: 'volume',
  description: 'Ease of movement (Arms), SMA-smoothed',
  params: [periodParam('period', 14), { name: 'divisor', default: 10_000, min: 1e-9 }],
  outputs: [],
  ttr: 'EMV(...)[, "maEMV"]',
  create: (params) => new EaseOfMovement(param(params, 0), param(params, 1)),
};
