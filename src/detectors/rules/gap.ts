/**
 * Gap: a bar opening away from the previous bar's close by at least `threshold` (relative, e.g.
 * 0.02 for 2%). On daily bars this is the overnight gap; on intraday bars, a jump between two
 * bars (a halt, a feed outage, a bad print). Raw score: the signed relative gap. O(1).
 */
import type { Bar } from '../../core/events.js';
import type { BarDetector, DetectorScore } from '../detector.js';
import { severityOf, squash } from '../detector.js';

export interface GapConfig {
  readonly threshold: number;
  readonly criticalThreshold: number;
}

export const DEFAULT_GAP: GapConfig = { threshold: 0.02, criticalThreshold: 0.05 };

export interface GapState {
  readonly previousClose: number | null;
}

export class GapDetector implements BarDetector<GapState> {
  readonly name = 'gap';
  readonly kind = 'gap';
  readonly warmUp = 1;
  private previousClose: number | null = null;

  constructor(private readonly config: GapConfig = DEFAULT_GAP) {
    if (!(config.threshold > 0 && config.criticalThreshold >= config.threshold))
      throw new Error(
        `gap: need 0 < threshold ≤ criticalThreshold, got ${config.threshold}, ${config.criticalThreshold}`,
      );
  }

  score(bar: Bar): DetectorScore | null {
    const previous = this.previousClose;
    if (previous === null) return null;
    const gap = (bar.open - previous) / previous;
    const size = Math.abs(gap);
    return {
      raw: gap,
      score: squash(size, this.config.threshold),
      triggered: size >= this.config.threshold,
      severity: severityOf(size, this.config.threshold, this.config.criticalThreshold),
      message: `opened ${gap >= 0 ? '+' : ''}${(gap * 100).toFixed(2)}% from the previous close`,
      explanation: [{ feature: 'open_gap', value: gap, contribution: 1 }],
      context: { open: bar.open, previousClose: previous, gap },
    };
  }

  learn(bar: Bar): void {
    this.previousClose = bar.close;
  }

  snapshot(): GapState {
    return { previousClose: this.previousClose };
  }

  restore(state: GapState): void {
    this.previousClose = state.previousClose;
  }

  reset(): void {
    this.previousClose = null;
  }
}
