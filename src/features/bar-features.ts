/**
 * The features computed from one timeframe's closed bars alone: returns over bars and over time
 * horizons, realised volatility, z-scores and percentile ranks of close, volume and range,
 * momentum, mean reversion, and support/resistance with breakout flags. Each update writes its
 * slots of the vector (NaN while warming up). O(1) amortised per bar except the percentile
 * ranks (O(log n) search + one memmove in a sorted window of 100), no allocation.
 */
import type { BarFields } from '../core/events.js';
import type { Timeframe } from '../core/time.js';
import { RollingPercentileRank } from '../indicators/statistics/rolling-percentile-rank.js';
import { RollingSum, type RollingSumState } from '../indicators/statistics/rolling-sum.js';
import { RollingZScore } from '../indicators/statistics/rolling-zscore.js';
import type { RollingMomentsState } from '../indicators/statistics/rolling-moments.js';
import type { SortedWindowState } from '../indicators/statistics/sorted-window.js';
import { RingBuffer } from '../indicators/support/ring-buffer.js';
import { RollingExtremum, type RollingExtremumState } from '../indicators/support/rolling-extremum.js';
import { featureIndex, SLOT } from './definitions.js';
import { RETURN_HORIZONS, ReturnHorizons, type ReturnHorizonsState } from './return-horizons.js';

/** Window lengths, fixed by the feature names. */
export const BAR_FEATURE_PERIODS = {
  realisedVolatility: [20, 50, 200],
  zScore: 20,
  percentileRank: 100,
  momentum: 10,
  meanReversion: 20,
  levels: 50,
} as const;

export interface BarFeaturesState {
  readonly horizons: ReturnHorizonsState;
  readonly previousClose: number | null;
  readonly squaredReturns: RollingSumState[];
  readonly zScores: RollingMomentsState[];
  readonly percentileRanks: SortedWindowState[];
  readonly momentumCloses: number[];
  readonly meanCloses: RollingSumState;
  readonly highs: RollingExtremumState;
  readonly lows: RollingExtremumState;
}

const P = BAR_FEATURE_PERIODS;
const RV_SLOTS = [SLOT.rv20, SLOT.rv50, SLOT.rv200];
const FIRST_HORIZON_SLOT = featureIndex(RETURN_HORIZONS[0]!.name);

export class BarFeatures {
  private readonly horizons: ReturnHorizons;
  private previousClose = Number.NaN;
  private readonly squaredReturns = P.realisedVolatility.map((n) => new RollingSum(n));
  /** close, volume, range */
  private readonly zScores = [0, 1, 2].map(() => new RollingZScore(P.zScore));
  private readonly percentileRanks = [0, 1, 2].map(() => new RollingPercentileRank(P.percentileRank));
  private readonly momentumCloses = new RingBuffer(P.momentum + 1);
  private readonly meanCloses = new RollingSum(P.meanReversion);
  private readonly highs = new RollingExtremum(P.levels, 'max');
  private readonly lows = new RollingExtremum(P.levels, 'min');

  constructor(timeframe: Timeframe, maxLookbackBars?: number) {
    this.horizons = new ReturnHorizons(timeframe, RETURN_HORIZONS, maxLookbackBars);
    RETURN_HORIZONS.forEach((horizon, k) => {
      if (featureIndex(horizon.name) !== FIRST_HORIZON_SLOT + k)
        throw new Error('feature schema: the logret_* features must be consecutive, in RETURN_HORIZONS order');
    });
  }

  update(bar: BarFields, out: Float64Array): void {
    const { close, high, low, volume } = bar;
    this.horizons.update(bar.end, close, out, FIRST_HORIZON_SLOT);

    const previousClose = this.previousClose;
    this.previousClose = close;
    out[SLOT.ret1] = close / previousClose - 1;
    const logReturn = Math.log(close / previousClose);
    if (!Number.isNaN(logReturn)) {
      for (let i = 0; i < this.squaredReturns.length; i++) {
        const window = this.squaredReturns[i] as RollingSum;
        const sum = window.push(logReturn * logReturn);
        out[RV_SLOTS[i] as number] = window.full ? Math.sqrt(Math.max(sum, 0) / window.length) : Number.NaN;
      }
    } else {
      for (const slot of RV_SLOTS) out[slot] = Number.NaN;
    }

    const range = high - low;
    out[SLOT.zClose] = this.zScores[0]!.next(close) ?? Number.NaN;
    out[SLOT.zVolume] = this.zScores[1]!.next(volume) ?? Number.NaN;
    out[SLOT.zRange] = this.zScores[2]!.next(range) ?? Number.NaN;
    out[SLOT.pctClose] = this.percentileRanks[0]!.next(close) ?? Number.NaN;
    out[SLOT.pctVolume] = this.percentileRanks[1]!.next(volume) ?? Number.NaN;
    out[SLOT.pctRange] = this.percentileRanks[2]!.next(range) ?? Number.NaN;

    this.momentumCloses.push(close);
    out[SLOT.momentum] = this.momentumCloses.isFull ? Math.log(close / this.momentumCloses.at(0)) : Number.NaN;

    const closeSum = this.meanCloses.push(close);
    out[SLOT.meanReversion] = this.meanCloses.full
      ? Math.log(close / (closeSum / P.meanReversion)) / (out[SLOT.rv20] as number)
      : Number.NaN;

    // Levels of the previous `levels` bars: read before this bar joins them.
    if (this.highs.count >= P.levels) {
      const resistance = this.highs.value;
      const support = this.lows.value;
      out[SLOT.distSupport] = (close - support) / close;
      out[SLOT.distResistance] = (resistance - close) / close;
      out[SLOT.breakoutUp] = close > resistance ? 1 : 0;
      out[SLOT.breakoutDown] = close < support ? 1 : 0;
    } else {
      out[SLOT.distSupport] = out[SLOT.distResistance] = out[SLOT.breakoutUp] = out[SLOT.breakoutDown] = Number.NaN;
    }
    this.highs.push(high);
    this.lows.push(low);
  }

  snapshot(): BarFeaturesState {
    return {
      horizons: this.horizons.snapshot(),
      previousClose: Number.isNaN(this.previousClose) ? null : this.previousClose,
      squaredReturns: this.squaredReturns.map((w) => w.snapshot()),
      zScores: this.zScores.map((z) => z.snapshot()),
      percentileRanks: this.percentileRanks.map((p) => p.snapshot()),
      momentumCloses: this.momentumCloses.toArray(),
      meanCloses: this.meanCloses.snapshot(),
      highs: this.highs.snapshot(),
      lows: this.lows.snapshot(),
    };
  }

  restore(state: BarFeaturesState): void {
    this.horizons.restore(state.horizons);
    this.previousClose = state.previousClose ?? Number.NaN;
    this.squaredReturns.forEach((w, i) => w.restore(state.squaredReturns[i] as RollingSumState));
    this.zScores.forEach((z, i) => z.restore(state.zScores[i] as RollingMomentsState));
    this.percentileRanks.forEach((p, i) => p.restore(state.percentileRanks[i] as SortedWindowState));
    this.momentumCloses.fill(state.momentumCloses);
    this.meanCloses.restore(state.meanCloses);
    this.highs.restore(state.highs);
    this.lows.restore(state.lows);
  }

  reset(): void {
    this.horizons.reset();
    this.previousClose = Number.NaN;
    for (const w of this.squaredReturns) w.reset();
    for (const z of this.zScores) z.reset();
    for (const p of this.percentileRanks) p.reset();
    this.momentumCloses.clear();
    this.meanCloses.reset();
    this.highs.reset();
    this.lows.reset();
  }
}
