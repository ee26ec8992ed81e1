/**
 * The statistics family: rolling statistics over one series (z-score, percentile rank, min, max,
 * median, MAD) or two (correlation), and the O(1) building blocks behind them. The catalog runs
 * the one-series statistics on the close; features and detectors use the classes on any series.
 */
import type { IndicatorSpec } from '../types.js';
import { rollingMADSpec } from './rolling-mad.js';
import { rollingMaxSpec } from './rolling-max.js';
import { rollingMedianSpec } from './rolling-median.js';
import { rollingMinSpec } from './rolling-min.js';
import { percentileRankSpec } from './rolling-percentile-rank.js';
import { zScoreSpec } from './rolling-zscore.js';

export { median, medianAbsoluteDeviation } from './order-statistics.js';
export { RollingCorrelation } from './rolling-correlation.js';
export type { PairedObservation, RollingCorrelationState } from './rolling-correlation.js';
export { RollingMAD } from './rolling-mad.js';
export type { RollingMADOptions } from './rolling-mad.js';
export { RollingMax } from './rolling-max.js';
export { RollingMedian } from './rolling-median.js';
export { RollingMin } from './rolling-min.js';
export { RollingMoments } from './rolling-moments.js';
export type { RollingMomentsState } from './rolling-moments.js';
export { RollingPercentileRank } from './rolling-percentile-rank.js';
export type { RollingPercentileRankOptions } from './rolling-percentile-rank.js';
export { RollingSum } from './rolling-sum.js';
export type { RollingSumState } from './rolling-sum.js';
export { RollingZScore } from './rolling-zscore.js';
export type { RollingZScoreOptions } from './rolling-zscore.js';
export { SortedWindow } from './sorted-window.js';
export type { SortedSequence, SortedWindowState } from './sorted-window.js';

export const catalog: IndicatorSpec[] = [
  zScoreSpec,
  percentileRankSpec,
  rollingMaxSpec,
  rollingMinSpec,
  rollingMedianSpec,
  rollingMADSpec,
];
