/**
 * Rolling Pearson correlation of two series over the last `period` paired observations (TTR
 * `runCor(x, y, n)`), O(1) per update: sums of deviations from shifts near the means (Σdx, Σdy,
 * Σdx², Σdy², Σdx·dy), recomputed exactly from the window once every `period` updates so
 * rounding error cannot accumulate (see RollingMoments for why shifted sums).
 *
 * A window in which either series is constant has no defined correlation; it gives 0.
 */
import type { Indicator } from '../../core/operator.js';
import { RingBuffer } from '../support/ring-buffer.js';
import { RELATIVE_NOISE } from './rolling-moments.js';
import { assertPeriod } from '../support/params.js';

/** True when a centred sum of squares is zero up to rounding noise (see RollingMoments.variance). */
function isFlat(centredSumSquares: number, n: number, mean: number): boolean {
  const noise = RELATIVE_NOISE * mean;
  return !(centredSumSquares > n * noise * noise);
}

/** One observation of each series at the same time. */
export interface PairedObservation {
  readonly x: number;
  readonly y: number;
}

export interface RollingCorrelationState {
  readonly xs: number[];
  readonly ys: number[];
  readonly shiftX: number;
  readonly shiftY: number;
  readonly sums: [sumX: number, sumY: number, sumXX: number, sumYY: number, sumXY: number];
  readonly sinceRecompute: number;
}

export class RollingCorrelation implements Indicator<PairedObservation, number, RollingCorrelationState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly xs: RingBuffer;
  private readonly ys: RingBuffer;
  private shiftX = 0;
  private shiftY = 0;
  private sumX = 0;
  private sumY = 0;
  private sumXX = 0;
  private sumYY = 0;
  private sumXY = 0;
  private sinceRecompute = 0;
  // Sums of the window evaluated by the last next/peek (scratch, not state).
  private readonly evaluated = new Float64Array(5);

  constructor(readonly period: number) {
    assertPeriod('correlation', 'period', period, 2);
    this.name = `correlation_${period}`;
    this.warmUp = period - 1;
    this.xs = new RingBuffer(period);
    this.ys = new RingBuffer(period);
  }

  next(observation: PairedObservation): number | null {
    const value = this.peek(observation);
    const e = this.evaluated;
    if (this.xs.length === 0) {
      this.shiftX = observation.x;
      this.shiftY = observation.y;
    }
    this.sumX = e[0] as number;
    this.sumY = e[1] as number;
    this.sumXX = e[2] as number;
    this.sumYY = e[3] as number;
    this.sumXY = e[4] as number;
    this.xs.push(observation.x);
    this.ys.push(observation.y);
    if (this.xs.isFull && ++this.sinceRecompute >= this.period) this.recompute();
    return value;
  }

  peek(observation: PairedObservation): number | null {
    const empty = this.xs.length === 0;
    const shiftX = empty ? observation.x : this.shiftX;
    const shiftY = empty ? observation.y : this.shiftY;
    const dx = observation.x - shiftX;
    const dy = observation.y - shiftY;
    let sumX = this.sumX + dx;
    let sumY = this.sumY + dy;
    let sumXX = this.sumXX + dx * dx;
    let sumYY = this.sumYY + dy * dy;
    let sumXY = this.sumXY + dx * dy;
    if (this.xs.isFull) {
      const ex = this.xs.evictable - shiftX;
      const ey = this.ys.evictable - shiftY;
      sumX -= ex;
      sumY -= ey;
      sumXX -= ex * ex;
      sumYY -= ey * ey;
      sumXY -= ex * ey;
    }
    const e = this.evaluated;
    e[0] = sumX;
    e[1] = sumY;
    e[2] = sumXX;
    e[3] = sumYY;
    e[4] = sumXY;
    const n = this.xs.isFull ? this.period : this.xs.length + 1;
    if (n < this.period) return null;
    const varianceX = sumXX - (sumX * sumX) / n;
    const varianceY = sumYY - (sumY * sumY) / n;
    if (isFlat(varianceX, n, shiftX + sumX / n) || isFlat(varianceY, n, shiftY + sumY / n)) return 0;
    const r = (sumXY - (sumX * sumY) / n) / Math.sqrt(varianceX * varianceY);
    // Rounding can push a perfect correlation a hair past ±1.
    return r > 1 ? 1 : r < -1 ? -1 : r;
  }

  private recompute(): void {
    const n = this.xs.length;
    let totalX = 0;
    let totalY = 0;
    for (let i = 0; i < n; i++) {
      totalX += this.xs.at(i);
      totalY += this.ys.at(i);
    }
    this.shiftX = totalX / n;
    this.shiftY = totalY / n;
    let sumX = 0;
    let sumY = 0;
    let sumXX = 0;
    let sumYY = 0;
    let sumXY = 0;
    for (let i = 0; i < n; i++) {
      const dx = this.xs.at(i) - this.shiftX;
      const dy = this.ys.at(i) - this.shiftY;
      sumX += dx;
      sumY += dy;
      sumXX += dx * dx;
      sumYY += dy * dy;
      sumXY += dx * dy;
    }
    this.sumX = sumX;
    this.sumY = sumY;
    this.sumXX = sumXX;
    this.sumYY = sumYY;
    this.sumXY = sumXY;
    this.sinceRecompute = 0;
  }

  snapshot(): RollingCorrelationState {
    return {
      xs: this.xs.toArray(),
      ys: this.ys.toArray(),
      shiftX: this.shiftX,
      shiftY: this.shiftY,
      sums: [this.sumX, this.sumY, this.sumXX, this.sumYY, this.sumXY],
      sinceRecompute: this.sinceRecompute,
    };
  }

  restore(state: RollingCorrelationState): void {
    this.xs.fill(state.xs);
    this.ys.fill(state.ys);
    this.shiftX = state.shiftX;
    this.shiftY = state.shiftY;
    [this.sumX, this.sumY, this.sumXX, this.sumYY, this.sumXY] = state.sums;
    this.sinceRecompute = state.sinceRecompute;
  }

  reset(): void {
    this.xs.clear();
    this.ys.clear();
    this.shiftX = 0;
    this.shiftY = 0;
    this.sumX = this.sumY = this.sumXX = this.sumYY = this.sumXY = 0;
    this.sinceRecompute = 0;
  }
}
