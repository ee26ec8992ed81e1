/**
 * Market regimes by a Gaussian hidden Markov model of 2–4 states on one column (typically log
 * returns: the states then differ by volatility). Baum–Welch fits the model on the first
 * `fitWindow` values (and again every `refitEvery` values on the latest ones); between fits the
 * forward filter updates P(regime | values so far) in O(K²) per value.
 *
 * Raw score: the filtered probability of *not* being in the usual regime (the one the fitted data
 * spent most time in). A regime change is the event: it triggers when another regime becomes the
 * most probable with probability ≥ `switchProbability` (the hysteresis keeps it from flapping);
 * leaving the usual regime is a warning, returning to it is info.
 */
import { RingBuffer } from '../../indicators/support/ring-buffer.js';
import type { DetectorScore, VectorDetector, VectorPoint } from '../detector.js';
import { fitGaussianHMM, scaledEmissions, type GaussianHMMParameters } from './gaussian-hmm.js';

export interface HMMRegimeConfig {
  readonly column: number;
  readonly states: number;
  readonly fitWindow: number;
  /** Values between refits (0: fit once). */
  readonly refitEvery: number;
  readonly switchProbability: number;
}

export const DEFAULT_HMM_REGIME: HMMRegimeConfig = {
  column: 0,
  states: 2,
  fitWindow: 500,
  refitEvery: 2000,
  switchProbability: 0.8,
};

export interface HMMRegimeState {
  readonly history: number[];
  readonly model: (GaussianHMMParameters & { readonly usual: number }) | null;
  readonly filtered: number[];
  readonly regime: number;
  readonly sinceFit: number;
}

export class HMMRegimeDetector implements VectorDetector<HMMRegimeState> {
  readonly name = 'hmm_regime';
  readonly kind = 'regime_change';
  readonly warmUp: number;
  private readonly history: RingBuffer;
  private model: (GaussianHMMParameters & { usual: number }) | null = null;
  private filtered: Float64Array;
  private regime = 0;
  private sinceFit = 0;
  private readonly posterior: Float64Array;
  private readonly emission: Float64Array;

  constructor(private readonly config: HMMRegimeConfig = DEFAULT_HMM_REGIME) {
    if (!(config.switchProbability > 0.5 && config.switchProbability <= 1))
      throw new Error(`hmm_regime.switchProbability must be in (0.5, 1], got ${config.switchProbability}`);
    if (!(config.fitWindow >= 20 * config.states)) throw new Error(`hmm_regime.fitWindow must be ≥ 20 × states`);
    this.warmUp = config.fitWindow;
    this.history = new RingBuffer(config.fitWindow);
    this.filtered = new Float64Array(config.states);
    this.posterior = new Float64Array(config.states);
    this.emission = new Float64Array(config.states);
  }

  /** Filters x into `posterior`: P(regime_t | x_1..t). */
  private filter(x: number, model: GaussianHMMParameters): Float64Array {
    const k = this.config.states;
    scaledEmissions(x, model, this.emission);
    let total = 0;
    for (let j = 0; j < k; j++) {
      let prior = 0;
      for (let i = 0; i < k; i++) prior += (this.filtered[i] as number) * (model.transition[i * k + j] as number);
      const value = prior * (this.emission[j] as number);
      this.posterior[j] = value;
      total += value;
    }
    for (let j = 0; j < k; j++) this.posterior[j] = total > 0 ? (this.posterior[j] as number) / total : 1 / k;
    return this.posterior;
  }

  /** The regime after `posterior`: a switch needs switchProbability. */
  private nextRegime(posterior: Float64Array): number {
    let best = 0;
    for (let j = 1; j < posterior.length; j++) if ((posterior[j] as number) > (posterior[best] as number)) best = j;
    return best !== this.regime && (posterior[best] as number) >= this.config.switchProbability ? best : this.regime;
  }

  score(point: VectorPoint): DetectorScore | null {
    const model = this.model;
    if (model === null) return null;
    const x = point.values[this.config.column] as number;
    const posterior = this.filter(x, model);
    const unusual = Math.min(1, Math.max(0, 1 - (posterior[model.usual] as number)));
    const next = this.nextRegime(posterior);
    const changed = next !== this.regime;
    const sigma = (j: number): string => Math.sqrt(model.variances[j] as number).toPrecision(3);
    const name = point.names[this.config.column] ?? `column_${this.config.column}`;
    return {
      raw: unusual,
      score: unusual,
      triggered: changed,
      severity: changed ? (next === model.usual ? 'info' : 'warning') : 'info',
      message: changed
        ? `regime change in ${name}: ${this.regime} (σ ${sigma(this.regime)}) → ${next} (σ ${sigma(next)}), p = ${(posterior[next] as number).toFixed(2)}`
        : `regime ${this.regime} (σ ${sigma(this.regime)}); ${(unusual * 100).toFixed(0)}% outside the usual regime`,
      explanation: [
        { feature: name, value: x, contribution: 1 },
        ...Array.from(posterior, (probability, j) => ({
          feature: `regime_${j}_probability`,
          value: probability,
          contribution: 0,
        })),
      ],
      context: { regime: next, previousRegime: this.regime, usualRegime: model.usual, unusualProbability: unusual },
    };
  }

  learn(point: VectorPoint): void {
    const x = point.values[this.config.column] as number;
    if (!Number.isFinite(x)) return;
    this.history.push(x);
    this.sinceFit++;
    const model = this.model;
    if (model !== null) {
      const posterior = this.filter(x, model);
      this.regime = this.nextRegime(posterior);
      this.filtered.set(posterior);
    }
    const due =
      model === null ? this.history.isFull : this.config.refitEvery > 0 && this.sinceFit >= this.config.refitEvery;
    if (due) this.refit();
  }

  private refit(): void {
    const fit = fitGaussianHMM(this.history.toArray(), this.config.states);
    let usual = 0;
    for (let j = 1; j < fit.occupancy.length; j++)
      if ((fit.occupancy[j] as number) > (fit.occupancy[usual] as number)) usual = j;
    this.model = {
      initial: fit.initial,
      transition: fit.transition,
      means: fit.means,
      variances: fit.variances,
      usual,
    };
    this.filtered.set(fit.filtered);
    let best = 0;
    for (let j = 1; j < fit.filtered.length; j++)
      if ((fit.filtered[j] as number) > (fit.filtered[best] as number)) best = j;
    this.regime = best;
    this.sinceFit = 0;
  }

  snapshot(): HMMRegimeState {
    const m = this.model;
    return {
      history: this.history.toArray(),
      model:
        m === null
          ? null
          : {
              initial: [...m.initial],
              transition: [...m.transition],
              means: [...m.means],
              variances: [...m.variances],
              usual: m.usual,
            },
      filtered: Array.from(this.filtered),
      regime: this.regime,
      sinceFit: this.sinceFit,
    };
  }

  restore(state: HMMRegimeState): void {
    this.history.fill(state.history);
    const m = state.model;
    this.model =
      m === null
        ? null
        : {
            initial: [...m.initial],
            transition: [...m.transition],
            means: [...m.means],
            variances: [...m.variances],
            usual: m.usual,
          };
    this.filtered.set(state.filtered);
    this.regime = state.regime;
    this.sinceFit = state.sinceFit;
  }

  reset(): void {
    this.history.clear();
    this.model = null;
    this.filtered.fill(0);
    this.regime = 0;
    this.sinceFit = 0;
  }
}
