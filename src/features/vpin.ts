/**
 * VPIN, volume-synchronised probability of informed trading (Easley, López de Prado & O'Hara,
 * "Flow toxicity and liquidity in a high-frequency world", 2012).
 *
 * Trades fill volume buckets of `bucketVolume` V in arrival order; a trade that overflows a
 * bucket is split, its buy and sell volume in proportion, the rest going to the next bucket(s).
 * Each trade's volume is buy or sell by its inferred sign (an unsigned trade counts half each).
 * VPIN = Σ |buy − sell| over the last `buckets` completed buckets / (buckets · V), in [0, 1];
 * NaN until that many buckets are complete.
 *
 * V: a number, or `auto` — the mean volume of the first `calibrationBars` closed bars (one
 * bucket ≈ one average bar); trades before calibration are not bucketed. V never changes after
 * it is set, so the window stays comparable over time.
 *
 * Cost per trade: O(1 + the number of buckets the trade completes); no allocation.
 */
import { RollingSum, type RollingSumState } from '../indicators/statistics/rolling-sum.js';

export interface VPINOptions {
  /** Volume per bucket, or 'auto' (default). */
  readonly bucketVolume?: number | 'auto';
  /** Buckets in the rolling window (default 50, as in the paper). */
  readonly buckets?: number;
  /** Bars whose mean volume sets V when bucketVolume is 'auto' (default 20). */
  readonly calibrationBars?: number;
}

export interface VPINState {
  /** V, or null while calibrating. */
  readonly bucketVolume: number | null;
  readonly calibrationVolume: number;
  readonly calibrationBarsSeen: number;
  readonly bucketBuy: number;
  readonly bucketSell: number;
  readonly imbalances: RollingSumState;
  readonly windowSum: number;
}

export class VPIN {
  readonly buckets: number;
  readonly calibrationBars: number;
  private readonly configuredVolume: number | null;
  private bucketVolume: number;
  private calibrationVolume = 0;
  private calibrationBarsSeen = 0;
  private bucketBuy = 0;
  private bucketSell = 0;
  /** |buy − sell| of the completed buckets. */
  private readonly imbalances: RollingSum;
  /** Σ|buy − sell| over the window, as returned by the last push. */
  private windowSum = 0;

  constructor(options: VPINOptions = {}) {
    const { bucketVolume = 'auto', buckets = 50, calibrationBars = 20 } = options;
    if (bucketVolume !== 'auto' && !(bucketVolume > 0 && Number.isFinite(bucketVolume)))
      throw new Error(`VPIN: bucketVolume must be a positive number or 'auto', got ${bucketVolume}`);
    if (!Number.isInteger(buckets) || buckets < 1)
      throw new Error(`VPIN: buckets must be a positive integer, got ${buckets}`);
    if (!Number.isInteger(calibrationBars) || calibrationBars < 1)
      throw new Error(`VPIN: calibrationBars must be a positive integer, got ${calibrationBars}`);
    this.buckets = buckets;
    this.calibrationBars = calibrationBars;
    this.configuredVolume = bucketVolume === 'auto' ? null : bucketVolume;
    this.bucketVolume = this.configuredVolume ?? Number.NaN;
    this.imbalances = new RollingSum(buckets);
  }

  /** V in use; NaN while calibrating. */
  get volumePerBucket(): number {
    return this.bucketVolume;
  }

  /** VPIN over the last `buckets` completed buckets, NaN until there are that many. */
  get value(): number {
    return this.imbalances.full ? this.windowSum / (this.buckets * this.bucketVolume) : Number.NaN;
  }

  /** A closed bar's volume, for 'auto' calibration. */
  observeBar(volume: number): void {
    if (!Number.isNaN(this.bucketVolume)) return;
    this.calibrationVolume += volume;
    this.calibrationBarsSeen++;
    if (this.calibrationBarsSeen >= this.calibrationBars && this.calibrationVolume > 0) {
      this.bucketVolume = this.calibrationVolume / this.calibrationBarsSeen;
    }
  }

  /** Adds a trade of `size` with sign +1 (buy), −1 (sell) or 0 (unknown: half each). */
  addTrade(size: number, sign: number): void {
    const bucketVolume = this.bucketVolume;
    if (Number.isNaN(bucketVolume) || !(size > 0)) return;
    let buy = sign > 0 ? size : sign < 0 ? 0 : size / 2;
    let sell = size - buy;
    for (;;) {
      const room = bucketVolume - (this.bucketBuy + this.bucketSell);
      const total = buy + sell;
      if (total < room) {
        this.bucketBuy += buy;
        this.bucketSell += sell;
        return;
      }
      // This trade completes the bucket: the part that fits keeps the trade's buy share.
      const buyPart = (buy * room) / total;
      const sellPart = room - buyPart;
      this.windowSum = this.imbalances.push(Math.abs(this.bucketBuy + buyPart - (this.bucketSell + sellPart)));
      this.bucketBuy = 0;
      this.bucketSell = 0;
      buy -= buyPart;
      sell -= sellPart;
      if (buy + sell <= 0) return;
    }
  }

  snapshot(): VPINState {
    return {
      bucketVolume: Number.isNaN(this.bucketVolume) ? null : this.bucketVolume,
      calibrationVolume: this.calibrationVolume,
      calibrationBarsSeen: this.calibrationBarsSeen,
      bucketBuy: this.bucketBuy,
      bucketSell: this.bucketSell,
      imbalances: this.imbalances.snapshot(),
      windowSum: this.windowSum,
    };
  }

  restore(state: VPINState): void {
    this.bucketVolume = state.bucketVolume ?? Number.NaN;
    this.calibrationVolume = state.calibrationVolume;
    this.calibrationBarsSeen = state.calibrationBarsSeen;
    this.bucketBuy = state.bucketBuy;
    this.bucketSell = state.bucketSell;
    this.imbalances.restore(state.imbalances);
    this.windowSum = state.windowSum;
  }

  reset(): void {
    this.bucketVolume = this.configuredVolume ?? Number.NaN;
    this.calibrationVolume = 0;
    this.calibrationBarsSeen = 0;
    this.bucketBuy = 0;
    this.bucketSell = 0;
    this.imbalances.reset();
    this.windowSum = 0;
  }
}
