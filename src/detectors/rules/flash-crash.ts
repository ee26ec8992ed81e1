/**
 * Flash crash: within the last `window` bars (the current one included), the price fell from a
 * peak (a bar's high) to a later trough (a bar's low) by at least `dropThreshold`, and the current
 * close has recovered at least `recoveryFraction` of that drop. Each trough is reported once.
 *
 * Raw score: the drop, weighted by how much of the required recovery is there
 * (drop × min(1, recovery / recoveryFraction)). Cost: O(window) per bar over a small ring
 * (default 15 bars).
 */
import type { Bar } from '../../core/events.js';
import type { BarDetector, DetectorScore } from '../detector.js';
import { severityOf, squash } from '../detector.js';

export interface FlashCrashConfig {
  /** Bars in which the drop and the recovery must both happen. */
  readonly window: number;
  /** Relative peak-to-trough drop, e.g. 0.04 for 4%. */
  readonly dropThreshold: number;
  /** Share of the drop recovered by the current close, e.g. 0.5. */
  readonly recoveryFraction: number;
  readonly criticalDrop: number;
}

export const DEFAULT_FLASH_CRASH: FlashCrashConfig = {
  window: 15,
  dropThreshold: 0.04,
  recoveryFraction: 0.5,
  criticalDrop: 0.08,
};

export interface FlashCrashState {
  /** Highs and lows of the last window − 1 bars, oldest first. */
  readonly highs: number[];
  readonly lows: number[];
  readonly ends: number[];
  /** End time of the bar holding the last reported trough (reported once), or null. */
  readonly reportedTrough: number | null;
}

interface Evaluation {
  drop: number;
  recovery: number;
  peak: number;
  trough: number;
  troughEnd: number;
}

export class FlashCrashDetector implements BarDetector<FlashCrashState> {
  readonly name = 'flash_crash';
  readonly kind = 'flash_crash';
  readonly warmUp: number;
  private highs: number[] = [];
  private lows: number[] = [];
  private ends: number[] = [];
  private reportedTrough: number | null = null;
  private readonly evaluation: Evaluation = { drop: 0, recovery: 0, peak: 0, trough: 0, troughEnd: 0 };

  constructor(private readonly config: FlashCrashConfig = DEFAULT_FLASH_CRASH) {
    if (!(config.window >= 2)) throw new Error(`flash_crash.window must be ≥ 2, got ${config.window}`);
    if (!(config.dropThreshold > 0 && config.dropThreshold < 1))
      throw new Error(`flash_crash.dropThreshold must be in (0, 1), got ${config.dropThreshold}`);
    this.warmUp = config.window - 1;
  }

  /** Largest peak-to-later-trough drop over the stored bars plus `bar`, and the recovery at its close. */
  private evaluate(bar: Bar): Evaluation {
    const e = this.evaluation;
    let peak = 0;
    let best = -1;
    e.drop = 0;
    const n = this.highs.length;
    for (let i = 0; i <= n; i++) {
      const high = i < n ? (this.highs[i] as number) : bar.high;
      const low = i < n ? (this.lows[i] as number) : bar.low;
      if (high > peak) peak = high;
      const drop = (peak - low) / peak;
      if (drop > e.drop) {
        e.drop = drop;
        e.peak = peak;
        e.trough = low;
        best = i;
      }
    }
    e.troughEnd = best < 0 ? bar.end : best < n ? (this.ends[best] as number) : bar.end;
    e.recovery = e.drop > 0 ? (bar.close - e.trough) / (e.peak - e.trough) : 0;
    return e;
  }

  score(bar: Bar): DetectorScore | null {
    if (this.highs.length < this.config.window - 1) return null;
    const { drop, recovery, peak, trough, troughEnd } = this.evaluate(bar);
    const { dropThreshold, recoveryFraction } = this.config;
    const recoveredShare = Math.max(0, Math.min(1, recovery / recoveryFraction));
    const raw = drop * recoveredShare;
    const fresh = this.reportedTrough === null || troughEnd > this.reportedTrough;
    const triggered = fresh && drop >= dropThreshold && recovery >= recoveryFraction;
    return {
      raw,
      score: squash(raw, dropThreshold),
      triggered,
      severity: triggered ? severityOf(drop, dropThreshold, this.config.criticalDrop) : 'info',
      message: `fell ${(drop * 100).toFixed(1)}% within ${this.config.window} bars and recovered ${(recovery * 100).toFixed(0)}% of it`,
      explanation: [
        { feature: 'drop', value: drop, contribution: 0.5 },
        { feature: 'recovery', value: recovery, contribution: 0.5 },
      ],
      context: { peak, trough, close: bar.close, drop, recovery },
    };
  }

  learn(bar: Bar): void {
    if (this.highs.length >= this.config.window - 1) {
      const e = this.evaluate(bar);
      if (e.drop >= this.config.dropThreshold && e.recovery >= this.config.recoveryFraction) {
        if (this.reportedTrough === null || e.troughEnd > this.reportedTrough) this.reportedTrough = e.troughEnd;
      }
    }
    this.highs.push(bar.high);
    this.lows.push(bar.low);
    this.ends.push(bar.end);
    if (this.highs.length > this.config.window - 1) {
      this.highs.shift();
      this.lows.shift();
      this.ends.shift();
    }
  }

  snapshot(): FlashCrashState {
    return { highs: [...this.highs], lows: [...this.lows], ends: [...this.ends], reportedTrough: this.reportedTrough };
  }

  restore(state: FlashCrashState): void {
    this.highs = [...state.highs];
    this.lows = [...state.lows];
    this.ends = [...state.ends];
    this.reportedTrough = state.reportedTrough;
  }

  reset(): void {
    this.highs = [];
    this.lows = [];
    this.ends = [];
    this.reportedTrough = null;
  }
}
