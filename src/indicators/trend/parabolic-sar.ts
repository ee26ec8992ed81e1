/**
 * Wilder's parabolic stop-and-reverse, following TTR's `SAR(HL, accel)` step by step: start
 * long at the first bar with SAR = low − gap; each bar SAR moves toward the extreme point by the
 * acceleration factor (which grows by `step` at each new extreme, up to `maximum`), never past
 * the lows (highs, when short) of the current and previous bar; a bar crossing the SAR reverses
 * the position and puts SAR at the extreme point.
 *
 * Two deliberate differences from TTR, each available as an option to reproduce it exactly:
 *  - the initial gap: TTR uses sd(high − low) over the whole series, a look-ahead a stream
 *    cannot have; tickwatch uses the first bar's range (`initialGap` overrides it);
 *  - the cap: TTR stops the factor growing only when it equals `maximum` exactly, and with the
 *    default 0.02/0.2 floating-point steps never hit 0.2 (0.19999999999999998 + 0.02 …), so its
 *    factor keeps growing in long trends. tickwatch caps it at `maximum`; `ttrAcceleration: true`
 *    restores TTR's rule.
 */
import type { Indicator } from '../../core/operator.js';
import { param } from '../support/params.js';
import type { HighLow, IndicatorSpec } from '../types.js';

export interface ParabolicSAROptions {
  /** Distance below the first bar's low where SAR starts (default: the first bar's range). */
  readonly initialGap?: number;
  /** TTR's acceleration rule (no cap unless the factor equals `maximum` exactly). */
  readonly ttrAcceleration?: boolean;
}

export interface ParabolicSARState {
  readonly bars: number;
  /** 1 long, −1 short. */
  readonly direction: number;
  readonly extreme: number;
  readonly acceleration: number;
  readonly sar: number;
  readonly previousHigh: number;
  readonly previousLow: number;
}

export class ParabolicSAR implements Indicator<HighLow, number, ParabolicSARState> {
  readonly name: string;
  readonly warmUp = 0;
  private readonly initialGap: number | undefined;
  private readonly ttrAcceleration: boolean;
  private bars = 0;
  private direction = 1;
  private extreme = 0;
  private acceleration = 0;
  private sar = 0;
  private previousHigh = 0;
  private previousLow = 0;

  constructor(
    readonly step = 0.02,
    readonly maximum = 0.2,
    options: ParabolicSAROptions = {},
  ) {
    if (!(step > 0 && maximum >= step))
      throw new Error(`ParabolicSAR: need 0 < step ≤ maximum, got step ${step}, maximum ${maximum}`);
    this.initialGap = options.initialGap;
    this.ttrAcceleration = options.ttrAcceleration === true;
    this.name = `sar_${step}_${maximum}`;
  }

  /** 1 while long (SAR below price), −1 while short. */
  get position(): number {
    return this.direction;
  }

  next(bar: HighLow): number {
    if (this.bars === 0) {
      this.direction = 1;
      this.extreme = bar.high;
      this.acceleration = this.step;
      this.sar = bar.low - (this.initialGap ?? bar.high - bar.low);
    } else {
      this.advance(bar, true);
    }
    this.bars++;
    this.previousHigh = bar.high;
    this.previousLow = bar.low;
    return this.sar;
  }

  peek(bar: HighLow): number {
    if (this.bars === 0) return bar.low - (this.initialGap ?? bar.high - bar.low);
    return this.advance(bar, false);
  }

  /** One bar of TTR's loop; commits the new state when `commit`, returns the new SAR. */
  private advance(bar: HighLow, commit: boolean): number {
    const previousDirection = this.direction;
    const previousExtreme = this.extreme;
    const previousAcceleration = this.acceleration;
    const previousSar = this.sar;
    const localLow = Math.min(this.previousLow, bar.low);
    const localHigh = Math.max(this.previousHigh, bar.high);
    let direction: number;
    let extreme: number;
    if (previousDirection === 1) {
      direction = bar.low > previousSar ? 1 : -1;
      extreme = Math.max(localHigh, previousExtreme);
    } else {
      direction = bar.high < previousSar ? -1 : 1;
      extreme = Math.min(localLow, previousExtreme);
    }
    let acceleration: number;
    let sar: number;
    if (direction === previousDirection) {
      sar = previousSar + (previousExtreme - previousSar) * previousAcceleration;
      acceleration = this.increase(previousAcceleration);
      if (direction === 1) {
        if (!(extreme > previousExtreme)) acceleration = previousAcceleration;
        sar = Math.min(sar, localLow);
      } else {
        if (!(extreme < previousExtreme)) acceleration = previousAcceleration;
        sar = Math.max(sar, localHigh);
      }
    } else {
      acceleration = this.step;
      sar = extreme;
    }
    if (commit) {
      this.direction = direction;
      this.extreme = extreme;
      this.acceleration = acceleration;
      this.sar = sar;
    }
    return sar;
  }

  private increase(acceleration: number): number {
    if (this.ttrAcceleration) return acceleration === this.maximum ? this.maximum : this.step + acceleration;
    return Math.min(this.step + acceleration, this.maximum);
  }

  snapshot(): ParabolicSARState {
    return {
      bars: this.bars,
      direction: this.direction,
      extreme: this.extreme,
      acceleration: this.acceleration,
      sar: this.sar,
      previousHigh: this.previousHigh,
      previousLow: this.previousLow,
    };
  }

  restore(state: ParabolicSARState): void {
    this.bars = state.bars;
    this.direction = state.direction;
    this.extreme = state.extreme;
    this.acceleration = state.acceleration;
    this.sar = state.sar;
    this.previousHigh = state.previousHigh;
    this.previousLow = state.previousLow;
  }

  reset(): void {
    this.bars = 0;
    this.direction = 1;
    this.extreme = 0;
    this.acceleration = 0;
    this.sar = 0;
    this.previousHigh = 0;
    this.previousLow = 0;
  }
}

export const parabolicSarSpec: IndicatorSpec = {
  name: 'sar',
  family: 'trend',
  description: "Wilder's parabolic stop-and-reverse",
  params: [
    { name: 'step', default: 0.02, min: 0.0001, max: 1 },
    { name: 'maximum', default: 0.2, min: 0.0001, max: 1 },
  ],
  outputs: [],
  ttr: 'SAR',
  create: (params) => new ParabolicSAR(param(params, 0), param(params, 1)),
};
