/**
 * Robust z-score on every column: z = (x − median) / (1.4826 · MAD) over the previous `window`
 * values of that column (the current value excluded: score before learn). One outlier moves a
 * median by one rank, not by its size, so a burst of anomalies cannot hide itself. Raw score:
 * the z of the column furthest from its median; the explanation shares the score among columns
 * by z². Cost per value: O(log window) plus one memmove per column (sorted window).
 */
import { median, medianAbsoluteDeviation } from '../../indicators/statistics/order-statistics.js';
import { SortedWindow, type SortedWindowState } from '../../indicators/statistics/sorted-window.js';
import type { Contribution } from '../../core/events.js';
import type { DetectorScore, VectorDetector, VectorPoint } from '../detector.js';
import { severityOf, squash } from '../detector.js';

export interface RobustZScoreConfig {
  readonly window: number;
  readonly threshold: number;
  readonly criticalThreshold: number;
  /** Smallest MAD used, relative to |median| (avoids dividing by zero on flat data). */
  readonly minRelativeMAD: number;
}

export const DEFAULT_ROBUST_ZSCORE: RobustZScoreConfig = {
  window: 100,
  threshold: 4,
  criticalThreshold: 8,
  minRelativeMAD: 1e-9,
};

export interface RobustZScoreState {
  /** One window per column, in column order (empty until the first value). */
  readonly columns: SortedWindowState[];
}

const MAD_SCALE = 1.4826;

export class RobustZScoreDetector implements VectorDetector<RobustZScoreState> {
  readonly name = 'robust_zscore';
  readonly kind = 'outlier';
  readonly warmUp: number;
  private columns: SortedWindow[] = [];

  constructor(private readonly config: RobustZScoreConfig = DEFAULT_ROBUST_ZSCORE) {
    if (!(Number.isInteger(config.window) && config.window >= 5))
      throw new Error(`robust_zscore.window must be an integer ≥ 5, got ${config.window}`);
    this.warmUp = config.window;
  }

  private z(column: SortedWindow, x: number): { z: number; center: number; spread: number } {
    const center = median(column);
    const mad = MAD_SCALE * medianAbsoluteDeviation(column, center);
    const spread = Math.max(mad, this.config.minRelativeMAD * Math.abs(center), Number.MIN_VALUE);
    return { z: (x - center) / spread, center, spread };
  }

  score(point: VectorPoint): DetectorScore | null {
    const first = this.columns[0];
    if (first === undefined || !first.full || this.columns.length !== point.values.length) return null;
    let worst = 0;
    let worstIndex = 0;
    let total = 0;
    const zs: number[] = [];
    for (let j = 0; j < this.columns.length; j++) {
      const { z } = this.z(this.columns[j] as SortedWindow, point.values[j] as number);
      zs.push(z);
      total += z * z;
      if (Math.abs(z) > Math.abs(worst)) {
        worst = z;
        worstIndex = j;
      }
    }
    const explanation: Contribution[] = zs.map((z, j) => ({
      feature: point.names[j] ?? `column_${j}`,
      value: point.values[j] as number,
      contribution: total > 0 ? (z * z) / total : 1 / zs.length,
    }));
    const size = Math.abs(worst);
    const name = point.names[worstIndex] ?? `column_${worstIndex}`;
    return {
      raw: worst,
      score: squash(size, this.config.threshold),
      triggered: size >= this.config.threshold,
      severity: severityOf(size, this.config.threshold, this.config.criticalThreshold),
      message: `${name} ${worst >= 0 ? '+' : ''}${worst.toFixed(1)} robust σ from its ${this.config.window}-value median`,
      explanation,
      context: { z: worst, column: name },
    };
  }

  learn(point: VectorPoint): void {
    if (this.columns.length !== point.values.length) {
      // A new or different set of columns starts a fresh baseline.
      this.columns = Array.from(point.values, () => new SortedWindow(this.config.window));
    }
    for (let j = 0; j < this.columns.length; j++) {
      const x = point.values[j] as number;
      if (Number.isFinite(x)) (this.columns[j] as SortedWindow).push(x);
    }
  }

  snapshot(): RobustZScoreState {
    return { columns: this.columns.map((c) => c.snapshot()) };
  }

  restore(state: RobustZScoreState): void {
    this.columns = state.columns.map((s) => {
      const window = new SortedWindow(this.config.window);
      window.restore(s);
      return window;
    });
  }

  reset(): void {
    this.columns = [];
  }
}
