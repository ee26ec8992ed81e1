/**
 * GARCH(1,1) detector: fits a zero-mean Gaussian GARCH(1,1) by maximum likelihood (garch-fit.ts)
 * on the first `fitWindow` values of one column (typically log returns), then scores each new
 * value by its standardised residual z = x / √h, h the one-step-ahead conditional variance. A
 * return that is large *for the current volatility* scores high; one that is large only because
 * volatility is high does not. Refits every `refitEvery` values on the last `fitWindow`.
 *
 * Cost: O(1) per value between refits; a refit is O(iterations × fitWindow) (about 150
 * Nelder–Mead iterations × 500 values), amortised over `refitEvery` values.
 */
import type { DetectorScore, VectorDetector, VectorPoint } from '../detector.js';
import { normalScore, severityOf } from '../detector.js';
import { RingBuffer } from '../../indicators/support/ring-buffer.js';
import { fitGarch, garchNextVariance, type GarchParameters } from './garch-fit.js';

export interface GarchConfig {
  readonly column: number;
  readonly fitWindow: number;
  /** Values between refits (0: fit once). */
  readonly refitEvery: number;
  /** |z| that triggers. */
  readonly threshold: number;
  readonly criticalThreshold: number;
}

export const DEFAULT_GARCH: GarchConfig = {
  column: 0,
  fitWindow: 500,
  refitEvery: 500,
  threshold: 4,
  criticalThreshold: 6,
};

export interface GarchState {
  /** The last fitWindow values, oldest first. */
  readonly history: number[];
  readonly parameters: GarchParameters | null;
  /** Conditional variance of the next value. */
  readonly variance: number;
  readonly sinceFit: number;
}

export class GarchDetector implements VectorDetector<GarchState> {
  readonly name = 'garch';
  readonly kind = 'volatility_shock';
  readonly warmUp: number;
  private readonly history: RingBuffer;
  private parameters: GarchParameters | null = null;
  private variance = 0;
  private sinceFit = 0;

  constructor(private readonly config: GarchConfig = DEFAULT_GARCH) {
    if (!(config.fitWindow >= 50)) throw new Error(`garch.fitWindow must be ≥ 50, got ${config.fitWindow}`);
    this.warmUp = config.fitWindow;
    this.history = new RingBuffer(config.fitWindow);
  }

  score(point: VectorPoint): DetectorScore | null {
    const p = this.parameters;
    if (p === null || !(this.variance > 0)) return null;
    const x = point.values[this.config.column] as number;
    const sigma = Math.sqrt(this.variance);
    const z = x / sigma;
    const size = Math.abs(z);
    const name = point.names[this.config.column] ?? `column_${this.config.column}`;
    return {
      raw: z,
      score: normalScore(z),
      triggered: size >= this.config.threshold,
      severity: severityOf(size, this.config.threshold, this.config.criticalThreshold),
      message: `${name} ${z.toFixed(1)} conditional standard deviations (GARCH σ ${sigma.toPrecision(3)})`,
      explanation: [
        { feature: name, value: x, contribution: 1 },
        { feature: 'garch_sigma', value: sigma, contribution: -1 },
      ],
      context: { z, sigma, omega: p.omega, alpha: p.alpha, beta: p.beta },
    };
  }

  learn(point: VectorPoint): void {
    const x = point.values[this.config.column] as number;
    if (!Number.isFinite(x)) return;
    const p = this.parameters;
    if (p !== null) this.variance = p.omega + p.alpha * x * x + p.beta * this.variance;
    this.history.push(x);
    this.sinceFit++;
    const due =
      p === null
        ? this.history.length >= this.config.fitWindow
        : this.config.refitEvery > 0 && this.sinceFit >= this.config.refitEvery;
    if (due) this.refit();
  }

  private refit(): void {
    const history = this.history.toArray();
    const fit = fitGarch(history);
    if (!(fit.omega > 0)) return;
    this.parameters = { omega: fit.omega, alpha: fit.alpha, beta: fit.beta };
    this.variance = garchNextVariance(history, this.parameters);
    this.sinceFit = 0;
  }

  snapshot(): GarchState {
    return {
      history: this.history.toArray(),
      parameters: this.parameters,
      variance: this.variance,
      sinceFit: this.sinceFit,
    };
  }

  restore(state: GarchState): void {
    this.history.fill(state.history);
    this.parameters = state.parameters === null ? null : { ...state.parameters };
    this.variance = state.variance;
    this.sinceFit = state.sinceFit;
  }

  reset(): void {
    this.history.clear();
    this.parameters = null;
    this.variance = 0;
    this.sinceFit = 0;
  }
}
