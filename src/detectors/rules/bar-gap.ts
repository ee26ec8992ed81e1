/**
 * Bar gap: windows missing between two consecutive closed bars of a symbol — minutes without a
 * single trade on 1-minute bars. A liquid instrument trades every minute of its session, so a hole
 * of a few windows is a stale feed seen from the bars (the feed-level `stale_feed` operator sees it
 * live; this rule sees it on the first bar after, and works on any bar stream, e.g. in an
 * ensemble). A hole longer than `maxMissing` windows is taken as a session break (overnight, a
 * weekend, a halt) and scores 0: this rule does not know the calendar.
 *
 * Raw score: the number of missing windows, (start − previous end) ÷ (end − start). O(1).
 */
import type { Bar } from '../../core/events.js';
import type { BarDetector, DetectorScore } from '../detector.js';
import { severityOf, squash } from '../detector.js';

export interface BarGapConfig {
  /** Missing windows that trigger, e.g. 2. */
  readonly threshold: number;
  readonly criticalThreshold: number;
  /** Longer holes are session breaks, not gaps. */
  readonly maxMissing: number;
}

export const DEFAULT_BAR_GAP: BarGapConfig = { threshold: 2, criticalThreshold: 5, maxMissing: 60 };

export interface BarGapState {
  readonly previousEnd: number | null;
}

export class BarGapDetector implements BarDetector<BarGapState> {
  readonly name = 'bar_gap';
  readonly kind = 'stale_feed';
  readonly warmUp = 1;
  private previousEnd: number | null = null;

  constructor(private readonly config: BarGapConfig = DEFAULT_BAR_GAP) {
    const { threshold, criticalThreshold, maxMissing } = config;
    if (!(threshold > 0 && criticalThreshold >= threshold && maxMissing >= criticalThreshold))
      throw new Error(
        `bar_gap: need 0 < threshold ≤ criticalThreshold ≤ maxMissing, got ${threshold}, ${criticalThreshold}, ${maxMissing}`,
      );
  }

  score(bar: Bar): DetectorScore | null {
    const previous = this.previousEnd;
    if (previous === null) return null;
    const duration = bar.end - bar.start;
    const hole = duration > 0 ? Math.max(0, (bar.start - previous) / duration) : 0;
    const missing = hole > this.config.maxMissing ? 0 : hole;
    const sessionBreak = hole > this.config.maxMissing;
    return {
      raw: missing,
      score: squash(missing, this.config.threshold),
      triggered: missing >= this.config.threshold,
      severity: severityOf(missing, this.config.threshold, this.config.criticalThreshold),
      message: sessionBreak
        ? `first bar after a break of ${hole.toFixed(0)} windows (a session break, not scored)`
        : `${missing.toFixed(0)} bar windows without a trade before this bar`,
      explanation: [{ feature: 'missing_windows', value: missing, contribution: 1 }],
      context: { missingWindows: missing, previousEnd: previous },
    };
  }

  learn(bar: Bar): void {
    this.previousEnd = bar.end;
  }

  snapshot(): BarGapState {
    return { previousEnd: this.previousEnd };
  }

  restore(state: BarGapState): void {
    this.previousEnd = state.previousEnd;
  }

  reset(): void {
    this.previousEnd = null;
  }
}
