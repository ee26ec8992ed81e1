/**
 * Ultimate oscillator (Williams): buying pressure (close − true low) over true range, summed over
 * three windows (7, 14, 28 bars) and averaged with weights 4, 2, 1, in percent. TTR:
 * `ultimateOscillator(HLC, n, wts)`, in its order of operations; first value input 28 (the true
 * range needs a previous close). A window with no range counts as 0.5 (TTR: NaN).
 * O(1): one ring buffer per series, one running sum per window.
 */
import type { Indicator } from '../../core/operator.js';
import { assertPeriod, param, periodParam } from '../support/params.js';
import { RingBuffer } from '../support/ring-buffer.js';
import type { RunningSumState } from '../support/running-sum.js';
import { RunningSum } from '../support/running-sum.js';
import type { HighLowClose, IndicatorSpec } from '../types.js';

export interface UltimateOscillatorState {
  readonly started: boolean;
  readonly previousClose: number;
  readonly pressures: number[];
  readonly ranges: number[];
  readonly pressureSums: RunningSumState[];
  readonly rangeSums: RunningSumState[];
}

export class UltimateOscillator implements Indicator<HighLowClose, number, UltimateOscillatorState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly periods: readonly [number, number, number];
  private readonly weights: readonly [number, number, number];
  private readonly weightSum: number;
  private readonly pressures: RingBuffer;
  private readonly ranges: RingBuffer;
  private readonly pressureSums = [new RunningSum(), new RunningSum(), new RunningSum()] as const;
  private readonly rangeSums = [new RunningSum(), new RunningSum(), new RunningSum()] as const;
  private started = false;
  private previousClose = 0;

  constructor(short = 7, medium = 14, long = 28, weights: readonly [number, number, number] = [4, 2, 1]) {
    for (const [name, value] of [
      ['short', short],
      ['medium', medium],
      ['long', long],
    ] as const)
      assertPeriod('UltimateOscillator', name, value);
    this.periods = [short, medium, long];
    this.weights = weights;
    this.weightSum = weights[0] + weights[1] + weights[2];
    const longest = Math.max(short, medium, long);
    this.name = `ultimate_${short}_${medium}_${long}`;
    this.warmUp = longest;
    this.pressures = new RingBuffer(longest);
    this.ranges = new RingBuffer(longest);
  }

  next(bar: HighLowClose): number | null {
    if (!this.started) {
      this.started = true;
      this.previousClose = bar.close;
      return null;
    }
    const trueLow = Math.min(bar.low, this.previousClose);
    const pressure = bar.close - trueLow;
    const range = Math.max(bar.high, this.previousClose) - trueLow;
    this.previousClose = bar.close;
    const seen = this.pressures.length;
    for (let w = 0; w < 3; w++) {
      const period = this.periods[w] as number;
      const pressureSum = this.pressureSums[w] as RunningSum;
      const rangeSum = this.rangeSums[w] as RunningSum;
      if (seen >= period) {
        pressureSum.slide(pressure, this.pressures.fromNewest(period - 1));
        rangeSum.slide(range, this.ranges.fromNewest(period - 1));
      } else {
        pressureSum.add(pressure);
        rangeSum.add(range);
      }
    }
    this.pressures.push(pressure);
    this.ranges.push(range);
    if (!this.pressures.isFull) return null;
    const [p0, p1, p2] = this.pressureSums;
    const [r0, r1, r2] = this.rangeSums;
    return this.oscillator(p0.value, p1.value, p2.value, r0.value, r1.value, r2.value);
  }

  peek(bar: HighLowClose): number | null {
    if (!this.started || this.pressures.length < this.pressures.capacity - 1) return null;
    const trueLow = Math.min(bar.low, this.previousClose);
    const pressure = bar.close - trueLow;
    const range = Math.max(bar.high, this.previousClose) - trueLow;
    const seen = this.pressures.length;
    const pressures = [0, 0, 0];
    const ranges = [0, 0, 0];
    for (let w = 0; w < 3; w++) {
      const period = this.periods[w] as number;
      const pressureSum = this.pressureSums[w] as RunningSum;
      const rangeSum = this.rangeSums[w] as RunningSum;
      const leaving = seen >= period;
      pressures[w] = pressureSum.valueAfter(pressure, leaving ? this.pressures.fromNewest(period - 1) : 0);
      ranges[w] = rangeSum.valueAfter(range, leaving ? this.ranges.fromNewest(period - 1) : 0);
    }
    const [p0, p1, p2] = pressures as [number, number, number];
    const [r0, r1, r2] = ranges as [number, number, number];
    return this.oscillator(p0, p1, p2, r0, r1, r2);
  }

  /** 100·Σ wᵢ·(pressureᵢ/rangeᵢ)/Σ wᵢ, accumulated in TTR's order. */
  private oscillator(p0: number, p1: number, p2: number, r0: number, r1: number, r2: number): number {
    const [w0, w1, w2] = this.weights;
    let sum = 0;
    sum = sum + w0 * (r0 > 0 ? p0 / r0 : 0.5);
    sum = sum + w1 * (r1 > 0 ? p1 / r1 : 0.5);
    sum = sum + w2 * (r2 > 0 ? p2 / r2 : 0.5);
    return (100 * sum) / this.weightSum;
  }

  snapshot(): UltimateOscillatorState {
    return {
      started: this.started,
      previousClose: this.previousClose,
      pressures: this.pressures.toArray(),
      ranges: this.ranges.toArray(),
      pressureSums: this.pressureSums.map((s) => s.snapshot()),
      rangeSums: this.rangeSums.map((s) => s.snapshot()),
    };
  }

  restore(state: UltimateOscillatorState): void {
    this.started = state.started;
    this.previousClose = state.previousClose;
    this.pressures.fill(state.pressures);
    this.ranges.fill(state.ranges);
    this.pressureSums.forEach((s, w) => s.restore(state.pressureSums[w] as RunningSumState));
    this.rangeSums.forEach((s, w) => s.restore(state.rangeSums[w] as RunningSumState));
  }

  reset(): void {
    this.started = false;
    this.previousClose = 0;
    this.pressures.clear();
    this.ranges.clear();
    for (const s of [...this.pressureSums, ...this.rangeSums]) s.reset();
  }
}

export const ultimateOscillatorSpec: IndicatorSpec = {
  name: 'ultimate',
  family: 'momentum',
  description: "Williams' ultimate oscillator (weights 4, 2, 1), 0–100",
  params: [periodParam('short', 7), periodParam('medium', 14), periodParam('long', 28)],
  outputs: [],
  ttr: 'ultimateOscillator',
  create: (params) => new UltimateOscillator(param(params, 0), param(params, 1), param(params, 2)),
};
