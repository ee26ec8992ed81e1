/**
 * Correlation break between a pair of series (columns 0 and 1 of the input, e.g. the log returns
 * of two related symbols at the same bar end; `BarPairer` builds them): the correlation over the
 * last `shortWindow` pairs against that over the last `longWindow`, compared on Fisher's z scale,
 *
 *   z = (atanh r_short − atanh r_long) / √(1 / (n_short − 3) + 1 / (n_long − 3)),
 *
 * which is approximately standard normal when both windows share one correlation. Raw score: z
 * (negative when the pair decorrelates). O(1) per pair (two rolling correlations).
 */
import { RollingCorrelation, type RollingCorrelationState } from '../../indicators/statistics/rolling-correlation.js';
import type { DetectorScore, VectorDetector, VectorPoint } from '../detector.js';
import { severityOf, squash } from '../detector.js';

export interface CorrelationBreakConfig {
  readonly shortWindow: number;
  readonly longWindow: number;
  /** |z| that triggers. */
  readonly threshold: number;
  readonly criticalThreshold: number;
}

export const DEFAULT_CORRELATION_BREAK: CorrelationBreakConfig = {
  shortWindow: 20,
  // One NYSE session of 1m bars.
  longWindow: 390,
  threshold: 3,
  criticalThreshold: 5,
};

export interface CorrelationBreakState {
  readonly short: RollingCorrelationState;
  readonly long: RollingCorrelationState;
}

const LIMIT = 0.999999;
const fisher = (r: number): number => Math.atanh(r > LIMIT ? LIMIT : r < -LIMIT ? -LIMIT : r);

export class CorrelationBreakDetector implements VectorDetector<CorrelationBreakState> {
  readonly name = 'correlation_break';
  readonly kind = 'correlation_break';
  readonly warmUp: number;
  private readonly short: RollingCorrelation;
  private readonly long: RollingCorrelation;
  private readonly pair = { x: 0, y: 0 };
  private readonly standardError: number;

  constructor(private readonly config: CorrelationBreakConfig = DEFAULT_CORRELATION_BREAK) {
    if (!(config.shortWindow > 3 && config.longWindow > config.shortWindow))
      throw new Error(
        `correlation_break: need 3 < shortWindow < longWindow, got ${config.shortWindow}, ${config.longWindow}`,
      );
    this.short = new RollingCorrelation(config.shortWindow);
    this.long = new RollingCorrelation(config.longWindow);
    this.warmUp = config.longWindow - 1;
    this.standardError = Math.sqrt(1 / (config.shortWindow - 3) + 1 / (config.longWindow - 3));
  }

  score(point: VectorPoint): DetectorScore | null {
    const pair = this.pair;
    pair.x = point.values[0] as number;
    pair.y = point.values[1] as number;
    const rLong = this.long.peek(pair);
    const rShort = this.short.peek(pair);
    if (rLong === null || rShort === null) return null;
    const z = (fisher(rShort) - fisher(rLong)) / this.standardError;
    const size = Math.abs(z);
    const names = `${point.names[0] ?? 'x'}/${point.names[1] ?? 'y'}`;
    return {
      raw: z,
      score: squash(size, this.config.threshold),
      triggered: size >= this.config.threshold,
      severity: severityOf(size, this.config.threshold, this.config.criticalThreshold),
      message: `correlation of ${names} ${rShort.toFixed(2)} over ${this.config.shortWindow} vs ${rLong.toFixed(2)} over ${this.config.longWindow} (z ${z.toFixed(1)})`,
      explanation: [
        { feature: 'short_correlation', value: rShort, contribution: 1 },
        { feature: 'long_correlation', value: rLong, contribution: -1 },
      ],
      context: { shortCorrelation: rShort, longCorrelation: rLong, z },
    };
  }

  learn(point: VectorPoint): void {
    const pair = this.pair;
    pair.x = point.values[0] as number;
    pair.y = point.values[1] as number;
    if (!Number.isFinite(pair.x) || !Number.isFinite(pair.y)) return;
    this.short.next(pair);
    this.long.next(pair);
  }

  snapshot(): CorrelationBreakState {
    return { short: this.short.snapshot(), long: this.long.snapshot() };
  }

  restore(state: CorrelationBreakState): void {
    this.short.restore(state.short);
    this.long.restore(state.long);
  }

  reset(): void {
    this.short.reset();
    this.long.reset();
  }
}
