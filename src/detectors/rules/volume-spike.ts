/**
 * Volume spike: a bar's volume above `threshold` × the mean volume of the previous `lookback`
 * bars (seed: 3× the recent average). Reports the multiple.
 *
 * Long baseline (`longLookback` > 0): the multiple is taken against the larger of that average
 * and the median volume of the previous `longLookback` bars, so normal volume after a quiet
 * episode (a liquidity drought: 20 bars at a fifth of the usual volume) is not a "spike" against
 * the drought's average; a real spike is far above both. The median (not the mean) keeps one
 * earlier spike from raising the long baseline. Off by default.
 */
import type { Bar, Severity } from '../../core/events.js';
import { median } from '../../indicators/statistics/order-statistics.js';
import { SortedWindow, type SortedWindowState } from '../../indicators/statistics/sorted-window.js';
import type { DetectorScore } from '../detector.js';
import type { RollingMeanState } from '../rolling-mean.js';
import { RollingBaselineDetector } from './rolling-baseline-detector.js';

export interface VolumeSpikeConfig {
  /** Bars in the reference average. */
  readonly lookback: number;
  /** Multiple of the average that triggers (warning). */
  readonly threshold: number;
  /** Multiple from which the anomaly is critical. */
  readonly criticalMultiple: number;
  /** Bars in the long median baseline; 0 = off. */
  readonly longLookback?: number;
}

export const DEFAULT_VOLUME_SPIKE: VolumeSpikeConfig = {
  lookback: 20,
  threshold: 3,
  criticalMultiple: 6,
  longLookback: 0,
};

/** The rolling average, and the long baseline's window when there is one. */
export type VolumeSpikeState = RollingMeanState & { readonly long?: SortedWindowState };

export class VolumeSpikeDetector extends RollingBaselineDetector {
  readonly name = 'volume_spike';
  readonly kind = 'volume_spike';
  private readonly long: SortedWindow | null;

  constructor(private readonly config: VolumeSpikeConfig = DEFAULT_VOLUME_SPIKE) {
    super(config.lookback);
    if (!(config.threshold > 1)) throw new Error(`volume_spike.threshold must be > 1, got ${config.threshold}`);
    const long = config.longLookback ?? 0;
    if (!(Number.isInteger(long) && (long === 0 || long > config.lookback)))
      throw new Error(
        `volume_spike.longLookback must be 0 (off) or an integer > lookback (${config.lookback}), got ${long}`,
      );
    this.long = long > 0 ? new SortedWindow(long) : null;
  }

  protected valueOf(bar: Bar): number {
    return bar.volume;
  }

  protected scoreAgainst(bar: Bar, average: number): DetectorScore | null {
    // The long median counts once it holds as many bars as the average (until then it is the same bars).
    const longMedian = this.long !== null && this.long.size >= this.config.lookback ? median(this.long) : 0;
    const reference = Math.max(average, longMedian);
    if (!(reference > 0)) return null; // no reference volume (e.g. a halted market): nothing to compare with
    const multiple = bar.volume / reference;
    const triggered = multiple >= this.config.threshold;
    const severity: Severity = multiple >= this.config.criticalMultiple ? 'critical' : triggered ? 'warning' : 'info';
    const against =
      longMedian > average
        ? `the ${this.config.longLookback ?? 0}-bar median`
        : `the ${this.config.lookback}-bar average`;
    return {
      raw: multiple,
      // 3× → 0.67, 6× → 0.83, 10× → 0.9: monotone in the multiple, 0 at or below the average.
      score: multiple > 1 ? 1 - 1 / multiple : 0,
      triggered,
      severity,
      message: `volume ${formatMultiple(multiple)} ${against}`,
      explanation: [{ feature: 'volume_multiple', value: multiple, contribution: 1 }],
      context: {
        volume: bar.volume,
        averageVolume: average,
        multiple,
        lookback: this.config.lookback,
        ...(this.long !== null ? { longMedianVolume: longMedian } : {}),
      },
    };
  }

  override learn(bar: Bar): void {
    super.learn(bar);
    this.long?.push(bar.volume);
  }

  override snapshot(): VolumeSpikeState {
    const average = super.snapshot();
    return this.long === null ? average : { ...average, long: this.long.snapshot() };
  }

  override restore(state: VolumeSpikeState): void {
    super.restore(state);
    if (this.long === null) return;
    if (state.long !== undefined) this.long.restore(state.long);
    else this.long.restore(new SortedWindow(this.long.length).snapshot()); // an older snapshot: start empty
  }

  override reset(): void {
    super.reset();
    this.long?.restore(new SortedWindow(this.long.length).snapshot());
  }
}

function formatMultiple(multiple: number): string {
  return `${multiple.toFixed(1)}×`;
}
