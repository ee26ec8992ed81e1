/**
 * Volume profile over a rolling window of the last `period` bars: where in price the volume
 * traded, with the point of control (the busiest price) and the value area (the price range
 * around it holding `valueAreaShare`, 70% by default, of the volume).
 *
 * Binning. The window's range [lowest low, highest high] is cut into `bins` equal bins (24 by
 * default), recomputed every bar, so the profile always spans the window. Each bar's volume is
 * spread uniformly over its own [low, high] — a bin receives volume × (overlap / bar range) —
 * because a bar says only that trading happened somewhere in its range; a bar with high = low puts
 * all its volume in the bin holding that price (the top bin holds the highest high).
 *
 * Outputs. `poc`: the centre of the bin with the most volume (the lowest such bin on a tie).
 * The value area grows from the POC bin one bin at a time, taking the neighbour (above or below)
 * with more volume, both on a tie, until it holds the share; `valueAreaHigh` / `valueAreaLow` are
 * its outer bin edges. A window whose bars have no range gives all three at that price; a window
 * with no volume gives the range's midpoint and its edges.
 *
 * Cost: O(period × bins spanned per bar + bins) per update and per peek — a rolling window whose
 * bin edges move with the range cannot be updated incrementally. With the defaults that is a few
 * hundred operations, on a preallocated array.
 */
import type { Indicator } from '../../core/operator.js';
import { assertPeriod, param, periodParam } from '../support/params.js';
import { RingBuffer } from '../support/ring-buffer.js';
import type { HighLowVolume } from './high-low-volume.js';
import type { IndicatorSpec } from '../types.js';

/** A type alias, not an interface, so that it is assignable to IndicatorValue's record type. */
export type VolumeProfileValue = {
  readonly poc: number;
  readonly valueAreaHigh: number;
  readonly valueAreaLow: number;
};

export interface VolumeProfileState {
  readonly highs: number[];
  readonly lows: number[];
  readonly volumes: number[];
}

export class VolumeProfile implements Indicator<HighLowVolume, VolumeProfileValue, VolumeProfileState> {
  readonly name: string;
  readonly warmUp: number;
  private readonly highs: RingBuffer;
  private readonly lows: RingBuffer;
  private readonly volumes: RingBuffer;
  /** Volume per bin, reused by every evaluation. */
  private readonly binVolumes: Float64Array;

  constructor(
    readonly period = 50,
    readonly bins = 24,
    readonly valueAreaShare = 0.7,
  ) {
    assertPeriod('volume profile', 'period', period);
    assertPeriod('volume profile', 'bins', bins);
    if (!(valueAreaShare > 0 && valueAreaShare <= 1)) {
      throw new Error(`volume profile: valueAreaShare must be in (0, 1], got ${valueAreaShare}`);
    }
    this.name = `volume_profile_${period}_${bins}_${valueAreaShare}`;
    this.warmUp = period - 1;
    this.highs = new RingBuffer(period);
    this.lows = new RingBuffer(period);
    this.volumes = new RingBuffer(period);
    this.binVolumes = new Float64Array(bins);
  }

  next(bar: HighLowVolume): VolumeProfileValue | null {
    this.highs.push(bar.high);
    this.lows.push(bar.low);
    this.volumes.push(bar.volume);
    return this.highs.isFull ? this.evaluate(0, null) : null;
  }

  peek(bar: HighLowVolume): VolumeProfileValue | null {
    if (this.highs.length + 1 < this.period) return null;
    // The window after a push: the stored bars minus the oldest (when full), plus `bar`.
    return this.evaluate(this.highs.isFull ? 1 : 0, bar);
  }

  /** Profile of the stored bars from index `first` on, plus `extra` if given. */
  private evaluate(first: number, extra: HighLowVolume | null): VolumeProfileValue {
    const count = this.highs.length;
    let low = extra === null ? Number.POSITIVE_INFINITY : extra.low;
    let high = extra === null ? Number.NEGATIVE_INFINITY : extra.high;
    for (let i = first; i < count; i++) {
      low = Math.min(low, this.lows.at(i));
      high = Math.max(high, this.highs.at(i));
    }
    if (high === low) return { poc: low, valueAreaHigh: high, valueAreaLow: low };

    const width = (high - low) / this.bins;
    this.binVolumes.fill(0);
    let total = 0;
    for (let i = first; i < count; i++) {
      total += this.spread(this.highs.at(i), this.lows.at(i), this.volumes.at(i), low, high, width);
    }
    if (extra !== null) total += this.spread(extra.high, extra.low, extra.volume, low, high, width);
    if (!(total > 0)) return { poc: (low + high) / 2, valueAreaHigh: high, valueAreaLow: low };

    const volumes = this.binVolumes;
    let poc = 0;
    for (let k = 1; k < this.bins; k++) if ((volumes[k] as number) > (volumes[poc] as number)) poc = k;
    let bottom = poc;
    let top = poc;
    let area = volumes[poc] as number;
    const target = this.valueAreaShare * total;
    while (area < target && (bottom > 0 || top < this.bins - 1)) {
      const above = top < this.bins - 1 ? (volumes[top + 1] as number) : -1;
      const below = bottom > 0 ? (volumes[bottom - 1] as number) : -1;
      if (above >= below) area += volumes[++top] as number;
      if (below >= above) area += volumes[--bottom] as number;
    }
    return {
      poc: low + (poc + 0.5) * width,
      valueAreaHigh: top === this.bins - 1 ? high : low + (top + 1) * width,
      valueAreaLow: low + bottom * width,
    };
  }

  /** Adds one bar's volume to the bins its range overlaps; returns the volume added. */
  private spread(barHigh: number, barLow: number, volume: number, low: number, high: number, width: number): number {
    if (!(volume > 0)) return 0;
    const volumes = this.binVolumes;
    if (barHigh === barLow) {
      const k = this.binOf(barLow, low, width);
      volumes[k] = (volumes[k] as number) + volume;
      return volume;
    }
    const last = this.bins - 1;
    const density = volume / (barHigh - barLow);
    const end = this.binOf(barHigh, low, width);
    for (let k = this.binOf(barLow, low, width); k <= end; k++) {
      const edgeLow = low + k * width;
      const edgeHigh = k === last ? high : low + (k + 1) * width;
      const overlap = Math.min(barHigh, edgeHigh) - Math.max(barLow, edgeLow);
      if (overlap > 0) volumes[k] = (volumes[k] as number) + overlap * density;
    }
    return volume;
  }

  private binOf(price: number, low: number, width: number): number {
    return Math.min(this.bins - 1, Math.floor((price - low) / width));
  }

  snapshot(): VolumeProfileState {
    return { highs: this.highs.toArray(), lows: this.lows.toArray(), volumes: this.volumes.toArray() };
  }

  restore(state: VolumeProfileState): void {
    this.highs.fill(state.highs);
    this.lows.fill(state.lows);
    this.volumes.fill(state.volumes);
  }

  reset(): void {
    this.highs.clear();
    this.lows.clear();
    this.volumes.clear();
  }
}

export const volumeProfileSpec: IndicatorSpec = {
  name: 'volume_profile',
  family: 'volume',
  description: 'Rolling volume profile: point of control and 70% value area',
  params: [
    periodParam('period', 50),
    periodParam('bins', 24),
    { name: 'valueAreaShare', default: 0.7, min: 0.01, max: 1 },
  ],
  outputs: ['poc', 'valueAreaHigh', 'valueAreaLow'],
  create: (params) => new VolumeProfile(param(params, 0), param(params, 1), param(params, 2)),
};
