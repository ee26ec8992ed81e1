/**
 * Log returns over fixed horizons of time (1m, 5m, 15m, 1h, 1d) from one timeframe's closed bars.
 *
 * The return over horizon h at a bar ending at t is ln(close_t / P(t − h)), where P(τ) is the
 * close of the last bar that ended at or before τ: the last traded price as of τ. With
 * contiguous bars that is simply h / timeframe bars back (5m on 1m bars = 5 bars back); across
 * gaps (no trades, overnight, weekends) it is the price that prevailed h ago, so a stock's 5m
 * return at the open spans the overnight gap. NaN when the history does not reach back to t − h,
 * when h is shorter than the timeframe, or when h needs more than `maxLookbackBars` bars.
 *
 * Cost: one ring of (end, close) holding ⌈h_max / timeframe⌉ + 1 bars, and one anchor per
 * horizon that only moves forward (bar ends increase): amortised O(1) per bar, no allocation.
 * The ring is big enough because bars end on the timeframe's grid: at most h / timeframe of them
 * end within (t − h, t], so the anchor is never older than the ring.
 *
 * Daily timeframes do not end on a fixed grid (early closes, DST): there 1d is one bar back and
 * shorter horizons are NaN.
 */
import { MICROS_PER_DAY, MICROS_PER_HOUR, MICROS_PER_MINUTE, type Timeframe } from '../core/time.js';

export interface ReturnHorizon {
  /** Feature name, e.g. `logret_5m`. */
  readonly name: string;
  readonly micros: number;
}

export const RETURN_HORIZONS: readonly ReturnHorizon[] = [
  { name: 'logret_1m', micros: MICROS_PER_MINUTE },
  { name: 'logret_5m', micros: 5 * MICROS_PER_MINUTE },
  { name: 'logret_15m', micros: 15 * MICROS_PER_MINUTE },
  { name: 'logret_1h', micros: MICROS_PER_HOUR },
  { name: 'logret_1d', micros: MICROS_PER_DAY },
];

export const DEFAULT_MAX_LOOKBACK_BARS = 4096;

export interface ReturnHorizonsState {
  /** Bars pushed so far. */
  readonly pushed: number;
  /** The ring's (end, close) pairs, oldest first. */
  readonly ends: number[];
  readonly closes: number[];
  /** Per horizon: absolute position of its anchor bar, −1 before one exists. */
  readonly anchors: number[];
  readonly previousClose: number | null;
}

export class ReturnHorizons {
  /** Per horizon: whether it can be computed on this timeframe. */
  private readonly usable: boolean[];
  private readonly daily: boolean;
  private readonly capacity: number;
  private readonly ends: Float64Array;
  private readonly closes: Float64Array;
  private pushed = 0;
  private readonly anchors: Float64Array;
  private previousClose = Number.NaN;

  constructor(
    timeframe: Timeframe,
    readonly horizons: readonly ReturnHorizon[] = RETURN_HORIZONS,
    maxLookbackBars = DEFAULT_MAX_LOOKBACK_BARS,
  ) {
    this.daily = timeframe.kind === 'daily';
    let longest = 0;
    this.usable = horizons.map((horizon) => {
      if (this.daily) return horizon.micros === MICROS_PER_DAY;
      const bars = Math.ceil(horizon.micros / timeframe.micros);
      const ok = horizon.micros >= timeframe.micros && bars <= maxLookbackBars;
      if (ok) longest = Math.max(longest, bars);
      return ok;
    });
    this.capacity = longest + 1;
    this.ends = new Float64Array(this.capacity);
    this.closes = new Float64Array(this.capacity);
    this.anchors = new Float64Array(horizons.length).fill(-1);
  }

  /** Adds a closed bar and writes each horizon's log return (NaN if unavailable) to out[offset + k]. */
  update(end: number, close: number, out: Float64Array, offset: number): void {
    const previousClose = this.previousClose;
    this.previousClose = close;
    if (this.daily) {
      for (let k = 0; k < this.horizons.length; k++)
        out[offset + k] = this.usable[k] ? Math.log(close / previousClose) : Number.NaN;
      return;
    }
    const capacity = this.capacity;
    const position = this.pushed;
    this.ends[position % capacity] = end;
    this.closes[position % capacity] = close;
    this.pushed++;
    const oldest = this.pushed - capacity;
    for (let k = 0; k < this.horizons.length; k++) {
      if (!this.usable[k]) {
        out[offset + k] = Number.NaN;
        continue;
      }
      const target = end - (this.horizons[k] as ReturnHorizon).micros;
      // Never start from a slot the ring has overwritten (only possible off the timeframe grid).
      let anchor = Math.max(this.anchors[k] as number, oldest - 1);
      while (anchor + 1 < position && (this.ends[(anchor + 1) % capacity] as number) <= target) anchor++;
      this.anchors[k] = anchor;
      out[offset + k] =
        anchor >= 0 && anchor >= oldest && (this.ends[anchor % capacity] as number) <= target
          ? Math.log(close / (this.closes[anchor % capacity] as number))
          : Number.NaN;
    }
  }

  snapshot(): ReturnHorizonsState {
    const count = Math.min(this.pushed, this.capacity);
    const ends: number[] = [];
    const closes: number[] = [];
    for (let p = this.pushed - count; p < this.pushed; p++) {
      ends.push(this.ends[p % this.capacity] as number);
      closes.push(this.closes[p % this.capacity] as number);
    }
    return {
      pushed: this.pushed,
      ends,
      closes,
      anchors: Array.from(this.anchors),
      previousClose: Number.isNaN(this.previousClose) ? null : this.previousClose,
    };
  }

  restore(state: ReturnHorizonsState): void {
    if (state.ends.length > this.capacity || state.anchors.length !== this.horizons.length)
      throw new Error('return horizons: the snapshot comes from another timeframe or horizon list');
    this.pushed = state.pushed;
    const first = state.pushed - state.ends.length;
    state.ends.forEach((end, i) => {
      this.ends[(first + i) % this.capacity] = end;
      this.closes[(first + i) % this.capacity] = state.closes[i] as number;
    });
    state.anchors.forEach((anchor, k) => (this.anchors[k] = anchor));
    this.previousClose = state.previousClose ?? Number.NaN;
  }

  reset(): void {
    this.pushed = 0;
    this.anchors.fill(-1);
    this.previousClose = Number.NaN;
  }
}
