/**
 * Correlation break between a pair of series (columns 0 and 1 of the input, e.g. the log returns
 * of two related symbols at the same bar end; `BarPairer` builds them): the correlation over the
 * last `shortWindow` pairs against that over the last `longWindow`, compared on Fisher's z scale,
 *
 *   z = (atanh r_short − atanh r_long) / √(1 / (n_short − 3) + 1 / (n_long − 3)),
 *
 * which is approximately standard normal when both windows share one correlation. Raw score: z
 * (negative when the pair decorrelates). O(1) per pair (two rolling correlations).
 *
 * Robust by default, because one jump decides a Pearson correlation: a 5% move is ~60 one-minute
 * standard deviations, so a few of them carry most of the Σr² of a session and the correlation of
 * the rest is lost (docs/evaluation.md, "Correlation breaks"). Each return is measured against its
 * own robust scale σ (an exponentially weighted mean absolute return × √(π/2), updated with
 * clipped returns, O(1)):
 *  - a pair in which either return exceeds `jump`·σ is an anomaly-sized jump: it enters neither
 *    window, and the next `jumpHold` pairs (the move's aftermath, e.g. a flash crash's recovery)
 *    are left out too and not scored, so a jump is never read as a break;
 *  - other returns are winsorised at ±`clip`·σ before they enter the windows;
 *  - a pair with a zero return on either side (an unchanged close: a stale or illiquid minute)
 *    carries no co-movement and is skipped.
 * `clip: null, jump: null` gives the plain Pearson detector.
 *
 * `standardise: true` (off by default) also divides each return by its own robust σ before it
 * enters the windows. A one-minute GARCH variance swings within the long window, and Pearson
 * weighs its high-variance stretches most, so the long correlation is that of the loud minutes;
 * standardised returns weigh every minute alike (docs/evaluation.md, "Correlation breaks").
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
  /** Winsorise returns at ±clip robust σ (null: raw returns). Default 3. */
  readonly clip?: number | null;
  /** A return beyond jump robust σ marks an anomaly-sized jump that is left out (null: none). Default 8. */
  readonly jump?: number | null;
  /** Pairs after a jump that are left out and not scored. Default 10. */
  readonly jumpHold?: number;
  /**
   * 'drop' (default): only a short-window correlation below the long-window one is a break (a pair
   * decorrelating or flipping); 'both' also flags a rise — e.g. the recovery after a break, while
   * the long window still holds it.
   */
  readonly direction?: 'drop' | 'both';
  /** Pairs whose returns only train the robust scales before correlations start. Default 30. */
  readonly scaleWarmUp?: number;
  /** Divide each (winsorised) return by its own robust σ before it enters the windows. Default false; needs clip or jump. */
  readonly standardise?: boolean;
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
  /** Robust scales (mean absolute return) of both series, pairs seen by them, pairs still held after a jump. */
  readonly scales?: [number, number, number, number];
}

// Weight of a new |return| in the robust scale: a memory of about 60 pairs, so volatility
// regimes are followed within an hour of 1m bars.
const SCALE_WEIGHT = 1 / 60;
// E|r| = σ·√(2/π) for a normal return.
const ABS_TO_SIGMA = Math.sqrt(Math.PI / 2);

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
  private readonly clip: number | null;
  private readonly jump: number | null;
  private readonly jumpHold: number;
  private readonly scaleWarmUp: number;
  private readonly standardise: boolean;
  private scaleX = 0;
  private scaleY = 0;
  private scaled = 0;
  private held = 0;

  constructor(private readonly config: CorrelationBreakConfig = DEFAULT_CORRELATION_BREAK) {
    if (!(config.shortWindow > 3 && config.longWindow > config.shortWindow))
      throw new Error(
        `correlation_break: need 3 < shortWindow < longWindow, got ${config.shortWindow}, ${config.longWindow}`,
      );
    this.short = new RollingCorrelation(config.shortWindow);
    this.long = new RollingCorrelation(config.longWindow);
    this.warmUp = config.longWindow - 1;
    this.standardError = Math.sqrt(1 / (config.shortWindow - 3) + 1 / (config.longWindow - 3));
    this.clip = config.clip === undefined ? 3 : config.clip;
    this.jump = config.jump === undefined ? 8 : config.jump;
    this.jumpHold = config.jumpHold ?? 10;
    this.scaleWarmUp = config.scaleWarmUp ?? 30;
    this.standardise = config.standardise ?? false;
    for (const [field, value] of [
      ['clip', this.clip],
      ['jump', this.jump],
    ] as const)
      if (value !== null && !(value > 0))
        throw new Error(`correlation_break: ${field} must be positive or null, got ${value}`);
    if (!(Number.isInteger(this.jumpHold) && this.jumpHold >= 0))
      throw new Error(`correlation_break: jumpHold must be a whole number of pairs ≥ 0, got ${this.jumpHold}`);
    if (!(Number.isInteger(this.scaleWarmUp) && this.scaleWarmUp >= 1))
      throw new Error(`correlation_break: scaleWarmUp must be a whole number of pairs ≥ 1, got ${this.scaleWarmUp}`);
    if (this.standardise && !this.robust)
      throw new Error('correlation_break: standardise needs the robust scales (clip or jump not null)');
  }

  private get robust(): boolean {
    return this.clip !== null || this.jump !== null;
  }

  /**
   * Sets this.pair to what enters the windows for `point`: 'use', 'skip' (the windows learn
   * nothing and nothing is scored) or 'jump' (an anomaly-sized jump: skip, and hold).
   */
  private prepare(point: VectorPoint): 'use' | 'skip' | 'jump' {
    const pair = this.pair;
    const x = point.values[0] as number;
    const y = point.values[1] as number;
    pair.x = x;
    pair.y = y;
    if (!Number.isFinite(x) || !Number.isFinite(y)) return 'skip';
    if (!this.robust) return 'use';
    if (x === 0 || y === 0) return 'skip';
    if (this.scaled < this.scaleWarmUp) return 'skip';
    const sx = this.scaleX * ABS_TO_SIGMA;
    const sy = this.scaleY * ABS_TO_SIGMA;
    if (this.jump !== null && (Math.abs(x) > this.jump * sx || Math.abs(y) > this.jump * sy)) return 'jump';
    if (this.held > 0) return 'skip';
    if (this.clip !== null) {
      const cx = this.clip * sx;
      const cy = this.clip * sy;
      pair.x = x > cx ? cx : x < -cx ? -cx : x;
      pair.y = y > cy ? cy : y < -cy ? -cy : y;
    }
    if (this.standardise) {
      pair.x /= sx;
      pair.y /= sy;
    }
    return 'use';
  }

  /** Updates the robust scales with |return| clipped at `clip`·σ (else `jump`·σ), so a jump moves them little. */
  private learnScales(x: number, y: number): void {
    if (x === 0 || y === 0 || !Number.isFinite(x) || !Number.isFinite(y)) return;
    if (this.scaled === 0) {
      this.scaleX = Math.abs(x);
      this.scaleY = Math.abs(y);
    } else {
      const bound = (this.clip ?? this.jump ?? Number.POSITIVE_INFINITY) * ABS_TO_SIGMA;
      const ax = Math.min(Math.abs(x), bound * this.scaleX);
      const ay = Math.min(Math.abs(y), bound * this.scaleY);
      const w = this.scaled < this.scaleWarmUp ? 1 / (this.scaled + 1) : SCALE_WEIGHT;
      this.scaleX += w * (ax - this.scaleX);
      this.scaleY += w * (ay - this.scaleY);
    }
    this.scaled++;
  }

  score(point: VectorPoint): DetectorScore | null {
    if (this.prepare(point) !== 'use') return null;
    const pair = this.pair;
    const rLong = this.long.peek(pair);
    const rShort = this.short.peek(pair);
    if (rLong === null || rShort === null) return null;
    const z = (fisher(rShort) - fisher(rLong)) / this.standardError;
    const size = this.config.direction === 'both' ? Math.abs(z) : Math.max(-z, 0);
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
    const use = this.prepare(point);
    if (this.robust) {
      if (use === 'jump') this.held = this.jumpHold;
      else if (this.held > 0) this.held--;
      this.learnScales(point.values[0] as number, point.values[1] as number);
    }
    if (use !== 'use') return;
    this.short.next(this.pair);
    this.long.next(this.pair);
  }

  snapshot(): CorrelationBreakState {
    return {
      short: this.short.snapshot(),
      long: this.long.snapshot(),
      scales: [this.scaleX, this.scaleY, this.scaled, this.held],
    };
  }

  restore(state: CorrelationBreakState): void {
    this.short.restore(state.short);
    this.long.restore(state.long);
    [this.scaleX, this.scaleY, this.scaled, this.held] = state.scales ?? [0, 0, 0, 0];
  }

  reset(): void {
    this.short.reset();
    this.long.reset();
    this.scaleX = 0;
    this.scaleY = 0;
    this.scaled = 0;
    this.held = 0;
  }
}
