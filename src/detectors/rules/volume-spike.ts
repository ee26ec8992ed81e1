/**
 * Volume spike: a bar's volume above `threshold` × the mean volume of the previous `lookback`
 * bars (seed: 3× the recent average). Reports the multiple.
 */
import type { Bar, Severity } from '../../core/events.js';
import type { DetectorScore } from '../detector.js';
import { RollingBaselineDetector } from './rolling-baseline-detector.js';

export interface VolumeSpikeConfig {
  /** Bars in the reference average. */
  readonly lookback: number;
  /** Multiple of the average that triggers (warning). */
  readonly threshold: number;
  /** Multiple from which the anomaly is critical. */
  readonly criticalMultiple: number;
}

export const DEFAULT_VOLUME_SPIKE: VolumeSpikeConfig = { lookback: 20, threshold: 3, criticalMultiple: 6 };

export class VolumeSpikeDetector extends RollingBaselineDetector {
  readonly name = 'volume_spike';
  readonly kind = 'volume_spike';

  constructor(private readonly config: VolumeSpikeConfig = DEFAULT_VOLUME_SPIKE) {
    super(config.lookback);
    if (!(config.threshold > 1)) throw new Error(`volume_spike.threshold must be > 1, got ${config.threshold}`);
  }

  protected valueOf(bar: Bar): number {
    return bar.volume;
  }

  protected scoreAgainst(bar: Bar, average: number): DetectorScore | null {
    if (!(average > 0)) return null; // no reference volume (e.g. a halted market): nothing to compare with
    const multiple = bar.volume / average;
    const triggered = multiple >= this.config.threshold;
    const severity: Severity = multiple >= this.config.criticalMultiple ? 'critical' : triggered ? 'warning' : 'info';
    return {
      raw: multiple,
      // 3× → 0.67, 6× → 0.83, 10× → 0.9: monotone in the multiple, 0 at or below the average.
      score: multiple > 1 ? 1 - 1 / multiple : 0,
      triggered,
      severity,
      message: `volume ${formatMultiple(multiple)} the ${this.config.lookback}-bar average`,
      explanation: [{ feature: 'volume_multiple', value: multiple, contribution: 1 }],
      context: { volume: bar.volume, averageVolume: average, multiple, lookback: this.config.lookback },
    };
  }
}

function formatMultiple(multiple: number): string {
  return `${multiple.toFixed(1)}×`;
}
