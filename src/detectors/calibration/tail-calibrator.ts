/**
 * Tail probability of a score against the last `window` scores of the same detector.
 *
 * Empirical (the default):
 *
 *   p(s) = (#{recent scores ≥ s} + 1) / (n + 1)
 *
 * the conservative empirical p-value (never 0, exact for exchangeable scores). Mapping every
 * detector's score through its own recent distribution makes one threshold mean the same thing
 * everywhere: p ≤ 0.001 is "a score this high happens about once in a thousand", whatever the
 * detector's units. Its floor is 1 / (n + 1): it cannot tell "rare" from "very rare".
 *
 * Generalised Pareto (`tail: 'pareto'`, for scores in [0, 1]): above the top `tailFraction` of the
 * recent scores, the tail is a generalised Pareto distribution fitted to the exceedances, so a
 * score far beyond everything seen gets a tail probability far below 1 / (n + 1) (peaks over
 * threshold, Pickands 1975). See `pareto-tail.ts`. Below the tail threshold it is the empirical p.
 *
 * Cost: O(log window) per query (plus an O(tail) refit after the window changed, at most once per
 * recorded score); one sorted-window insert (a memmove of up to `window` values) per recorded score.
 */
import { SortedWindow, type SortedWindowState } from '../../indicators/statistics/sorted-window.js';
import { fitParetoTail, paretoSurvival, scoreToExcessScale, type ParetoTail } from './pareto-tail.js';

export interface TailOptions {
  /** 'empirical' (default) or 'pareto' (scores must lie in [0, 1]). */
  readonly tail?: 'empirical' | 'pareto';
  /** Share of the recent scores that forms the fitted tail (pareto only), e.g. 0.05. */
  readonly tailFraction?: number;
  /** Fewest scores in the tail for a fit; below it the empirical p is used. */
  readonly minTailSamples?: number;
}

export const DEFAULT_TAIL_FRACTION = 0.05;
export const DEFAULT_MIN_TAIL_SAMPLES = 20;

export class TailCalibrator {
  private readonly recent: SortedWindow;
  private readonly pareto: boolean;
  private readonly tailFraction: number;
  private readonly minTailSamples: number;
  /** The fit for the current window (derived state: recomputed when the window changed). */
  private fit: ParetoTail | null = null;
  private fitStale = true;

  constructor(
    readonly window: number,
    options: TailOptions = {},
  ) {
    if (!(Number.isInteger(window) && window >= 10))
      throw new Error(`calibration window must be an integer ≥ 10, got ${window}`);
    this.pareto = options.tail === 'pareto';
    this.tailFraction = options.tailFraction ?? DEFAULT_TAIL_FRACTION;
    this.minTailSamples = options.minTailSamples ?? DEFAULT_MIN_TAIL_SAMPLES;
    if (!(this.tailFraction > 0 && this.tailFraction < 0.5))
      throw new Error(`calibration tailFraction must be in (0, 0.5), got ${this.tailFraction}`);
    if (!(Number.isInteger(this.minTailSamples) && this.minTailSamples >= 5))
      throw new Error(`calibration minTailSamples must be an integer ≥ 5, got ${this.minTailSamples}`);
    this.recent = new SortedWindow(window);
  }

  get size(): number {
    return this.recent.size;
  }

  /** p(s) against the recorded scores (1 when none are recorded). */
  tailProbability(score: number): number {
    const n = this.recent.size;
    const atLeast = n - this.recent.countLess(score);
    const empirical = (atLeast + 1) / (n + 1);
    if (!this.pareto) return empirical;
    const fit = this.currentFit();
    if (fit === null) return empirical;
    const excess = scoreToExcessScale(score) - fit.threshold;
    if (excess <= 0) return empirical;
    return Math.max(Number.MIN_VALUE, ((fit.exceedances + 1) / (n + 1)) * paretoSurvival(fit, excess));
  }

  /** The fitted tail (pareto only; null while too few scores): for tests and explanations. */
  currentFit(): ParetoTail | null {
    if (!this.pareto) return null;
    if (this.fitStale) {
      const n = this.recent.size;
      const k = Math.floor(n * this.tailFraction);
      this.fit = k < this.minTailSamples ? null : fitParetoTail(this.recent, k);
      this.fitStale = false;
    }
    return this.fit;
  }

  record(score: number): void {
    if (score !== score) return;
    if (this.pareto && !(score >= 0 && score <= 1))
      throw new Error(`a Pareto-tail calibrator takes scores in [0, 1], got ${score}`);
    this.recent.push(score);
    this.fitStale = true;
  }

  snapshot(): SortedWindowState {
    return this.recent.snapshot();
  }

  restore(state: SortedWindowState): void {
    this.recent.restore(state);
    this.fitStale = true;
  }

  reset(): void {
    this.recent.reset();
    this.fitStale = true;
  }
}
