/**
 * Tail probability of a score against the last `window` scores of the same detector:
 *
 *   p(s) = (#{recent scores ≥ s} + 1) / (n + 1)
 *
 * the conservative empirical p-value (never 0, exact for exchangeable scores). Mapping every
 * detector's score through its own recent distribution makes one threshold mean the same thing
 * everywhere: p ≤ 0.001 is "a score this high happens about once in a thousand", whatever the
 * detector's units. Cost: O(log window) per query; one sorted-window insert (a memmove of up to
 * `window` values) per recorded score.
 */
import { SortedWindow, type SortedWindowState } from '../../indicators/statistics/sorted-window.js';

export class TailCalibrator {
  private readonly recent: SortedWindow;

  constructor(readonly window: number) {
    if (!(Number.isInteger(window) && window >= 10))
      throw new Error(`calibration window must be an integer ≥ 10, got ${window}`);
    this.recent = new SortedWindow(window);
  }

  get size(): number {
    return this.recent.size;
  }

  /** p(s) against the recorded scores (1 when none are recorded). */
  tailProbability(score: number): number {
    const n = this.recent.size;
    const atLeast = n - this.recent.countLess(score);
    return (atLeast + 1) / (n + 1);
  }

  record(score: number): void {
    if (score === score) this.recent.push(score);
  }

  snapshot(): SortedWindowState {
    return this.recent.snapshot();
  }

  restore(state: SortedWindowState): void {
    this.recent.restore(state);
  }

  reset(): void {
    this.recent.reset();
  }
}
