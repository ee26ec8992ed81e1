/**
 * Price spike: a bar's close more than `threshold` (seed: 5%) away from the mean close of the
 * previous `lookback` (seed: 20) bars. Reports the signed percentage distance.
 */
import type { Bar, Severity } from '../../core/events.js';
import type { DetectorScore } from '../detector.js';
import { RollingBaselineDetector } from './rolling-baseline-detector.js';

export interface PriceSpikeConfig {
  readonly lookback: number;
  /** Relative distance from the average that triggers, e.g. 0.05 for 5%. */
  readonly threshold: number;
  /** Relative distance from which the anomaly is critical. */
  readonly criticalThreshold: number;
}

export const DEFAULT_PRICE_SPIKE: PriceSpikeConfig = { lookback: 20, threshold: 0.05, criticalThreshold: 0.1 };

export class PriceSpikeDetector extends RollingBaselineDetector {
  readonly name = 'price_spike';
  readonly kind = 'price_spike';

  constructor(private readonly config: PriceSpikeConfig = DEFAULT_PRICE_SPIKE) {
    super(config.lookback);
    if (!(config.threshold > 0)) throw new Error(`price_spike.threshold must be > 0, got ${config.threshold}`);
  }

  protected valueOf(bar: Bar): number {
    return bar.close;
  }

  protected scoreAgainst(bar: Bar, average: number): DetectorScore | null {
    const distance = (bar.close - average) / average;
    const size = Math.abs(distance);
    const triggered = size >= this.config.threshold;
    const severity: Severity = size >= this.config.criticalThreshold ? 'critical' : triggered ? 'warning' : 'info';
    const percent = (distance * 100).toFixed(2);
    return {
      raw: distance,
      // Distance in units of the threshold, squashed into [0, 1): the threshold maps to 0.5.
      score: size / (size + this.config.threshold),
      triggered,
      severity,
      message: `close ${distance >= 0 ? '+' : ''}${percent}% from its ${this.config.lookback}-bar average`,
      explanation: [{ feature: 'close_distance', value: distance, contribution: 1 }],
      context: { close: bar.close, averageClose: average, distance, lookback: this.config.lookback },
    };
  }
}
