/**
 * EWMA control chart (Roberts 1959) on one column: Z_t = λ·x_t + (1 − λ)·Z_{t−1}, compared with
 * the reference mean μ in units of its asymptotic standard deviation σ·√(λ / (2 − λ)); μ and σ
 * come from a slow exponential baseline of the values. Catches small persistent shifts that a
 * point-by-point z-score misses. Raw score: the standardised chart value. O(1).
 */
import type { DetectorScore, VectorDetector, VectorPoint } from '../detector.js';
import { severityOf, squash } from '../detector.js';
import { ExponentialBaseline, type ExponentialBaselineState } from './exponential-baseline.js';

export interface EWMAChartConfig {
  readonly column: number;
  /** Weight of the newest value, 0 < λ ≤ 1 (0.2 is the textbook choice). */
  readonly lambda: number;
  /** Control limit in chart standard deviations (L). */
  readonly limit: number;
  readonly criticalLimit: number;
  readonly baselineHalfLife: number;
  readonly warmUp: number;
}

export const DEFAULT_EWMA_CHART: EWMAChartConfig = {
  column: 0,
  lambda: 0.2,
  limit: 3,
  criticalLimit: 5,
  baselineHalfLife: 500,
  warmUp: 50,
};

export interface EWMAChartState {
  readonly baseline: ExponentialBaselineState;
  readonly chart: number;
}

export class EWMAChartDetector implements VectorDetector<EWMAChartState> {
  readonly name = 'ewma_chart';
  readonly kind = 'level_shift';
  readonly warmUp: number;
  private readonly baseline: ExponentialBaseline;
  private chart = 0;
  private readonly spreadFactor: number;

  constructor(private readonly config: EWMAChartConfig = DEFAULT_EWMA_CHART) {
    if (!(config.lambda > 0 && config.lambda <= 1))
      throw new Error(`ewma_chart.lambda must be in (0, 1], got ${config.lambda}`);
    if (!(config.warmUp >= 2)) throw new Error(`ewma_chart.warmUp must be ≥ 2, got ${config.warmUp}`);
    this.baseline = new ExponentialBaseline(config.baselineHalfLife);
    this.spreadFactor = Math.sqrt(config.lambda / (2 - config.lambda));
    this.warmUp = config.warmUp;
  }

  score(point: VectorPoint): DetectorScore | null {
    if (this.baseline.count < this.warmUp) return null;
    const { column, lambda, limit, criticalLimit } = this.config;
    const x = point.values[column] as number;
    const chart = lambda * x + (1 - lambda) * this.chart;
    const spread = this.baseline.standardDeviation * this.spreadFactor;
    const mean = this.baseline.mean;
    const z = spread > 0 ? (chart - mean) / spread : chart === mean ? 0 : Math.sign(chart - mean) * 1e6;
    const name = point.names[column] ?? `column_${column}`;
    return {
      raw: z,
      score: squash(Math.abs(z), limit),
      triggered: Math.abs(z) >= limit,
      severity: severityOf(Math.abs(z), limit, criticalLimit),
      message: `EWMA of ${name} ${z >= 0 ? 'above' : 'below'} its reference by ${Math.abs(z).toFixed(1)} σ (limit ${limit})`,
      explanation: [{ feature: name, value: x, contribution: 1 }],
      context: { chart, reference: mean, chartSigma: spread, z },
    };
  }

  learn(point: VectorPoint): void {
    const x = point.values[this.config.column] as number;
    if (!Number.isFinite(x)) return;
    if (this.baseline.count >= this.warmUp) this.chart = this.config.lambda * x + (1 - this.config.lambda) * this.chart;
    this.baseline.push(x);
    if (this.baseline.count === this.warmUp) this.chart = this.baseline.mean;
  }

  snapshot(): EWMAChartState {
    return { baseline: this.baseline.snapshot(), chart: this.chart };
  }

  restore(state: EWMAChartState): void {
    this.baseline.restore(state.baseline);
    this.chart = state.chart;
  }

  reset(): void {
    this.baseline.reset();
    this.chart = 0;
  }
}
