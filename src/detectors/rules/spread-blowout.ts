/**
 * Spread blow-out: a quote's relative spread (ask − bid) / mid at least `threshold` times its
 * typical level, the typical level being an exponentially weighted mean of the log relative
 * spread over recent quotes (geometric mean: one wide quote moves it little). Raw score: the
 * multiple. O(1) per quote.
 */
import type { Quote } from '../../core/events.js';
import type { Detector, DetectorScore } from '../detector.js';
import { severityOf, squash } from '../detector.js';

export interface SpreadBlowoutConfig {
  /** Half-life of the baseline, in quotes. */
  readonly halfLife: number;
  /** Quotes learnt before scoring. */
  readonly warmUp: number;
  readonly threshold: number;
  readonly criticalThreshold: number;
}

export const DEFAULT_SPREAD_BLOWOUT: SpreadBlowoutConfig = {
  halfLife: 500,
  warmUp: 100,
  threshold: 5,
  criticalThreshold: 10,
};

export interface SpreadBlowoutState {
  readonly count: number;
  readonly meanLogSpread: number;
}

const QUIET: Readonly<Record<string, number>> = Object.freeze({});

export class SpreadBlowoutDetector implements Detector<Quote, SpreadBlowoutState> {
  readonly name = 'spread_blowout';
  readonly kind = 'spread_blowout';
  readonly warmUp: number;
  private readonly alpha: number;
  private count = 0;
  private meanLogSpread = 0;

  constructor(private readonly config: SpreadBlowoutConfig = DEFAULT_SPREAD_BLOWOUT) {
    if (!(config.threshold > 1)) throw new Error(`spread_blowout.threshold must be > 1, got ${config.threshold}`);
    if (!(config.halfLife > 0)) throw new Error(`spread_blowout.halfLife must be > 0, got ${config.halfLife}`);
    this.alpha = 1 - Math.pow(0.5, 1 / config.halfLife);
    this.warmUp = Math.max(1, config.warmUp);
  }

  /** Log relative spread, or NaN for a quote without a usable spread (one-sided, locked, crossed). */
  private static logSpread(quote: Quote): number {
    const mid = (quote.askPrice + quote.bidPrice) / 2;
    const spread = quote.askPrice - quote.bidPrice;
    return spread > 0 && mid > 0 ? Math.log(spread / mid) : Number.NaN;
  }

  /** The log spread of the last quote seen, so score then learn of one quote take one log. */
  private lastQuote: Quote | null = null;
  private lastLogSpread = Number.NaN;

  private logSpreadOf(quote: Quote): number {
    if (quote !== this.lastQuote) {
      this.lastQuote = quote;
      this.lastLogSpread = SpreadBlowoutDetector.logSpread(quote);
    }
    return this.lastLogSpread;
  }

  score(quote: Quote): DetectorScore | null {
    if (this.count < this.warmUp) return null;
    const logSpread = this.logSpreadOf(quote);
    const multiple = logSpread === logSpread ? Math.exp(logSpread - this.meanLogSpread) : 1;
    const triggered = multiple >= this.config.threshold;
    // One exp per quote: the spread from the quote itself, the typical one from the multiple.
    const spreadBps =
      logSpread === logSpread ? ((quote.askPrice - quote.bidPrice) / ((quote.askPrice + quote.bidPrice) / 2)) * 1e4 : 0;
    const typicalBps = logSpread === logSpread ? spreadBps / multiple : Math.exp(this.meanLogSpread) * 1e4;
    // Every quote is scored: the message and context are only made for the few that trigger.
    return {
      raw: multiple,
      score: squash(Math.max(0, multiple - 1), this.config.threshold - 1),
      triggered,
      severity: severityOf(multiple, this.config.threshold, this.config.criticalThreshold),
      message: triggered
        ? `spread ${spreadBps.toFixed(1)} bp, ${multiple.toFixed(1)}× its typical ${typicalBps.toFixed(1)} bp`
        : '',
      explanation: [
        { feature: 'spread_bps', value: spreadBps, contribution: 1 },
        { feature: 'typical_spread_bps', value: typicalBps, contribution: -1 },
      ],
      context: triggered ? { bid: quote.bidPrice, ask: quote.askPrice, spreadBps, typicalBps, multiple } : QUIET,
    };
  }

  learn(quote: Quote): void {
    const logSpread = this.logSpreadOf(quote);
    if (logSpread !== logSpread) return;
    // Plain mean while warming up, then exponential weighting.
    this.count++;
    const weight = Math.max(this.alpha, 1 / this.count);
    this.meanLogSpread += weight * (logSpread - this.meanLogSpread);
  }

  snapshot(): SpreadBlowoutState {
    return { count: this.count, meanLogSpread: this.meanLogSpread };
  }

  restore(state: SpreadBlowoutState): void {
    this.lastQuote = null;
    this.count = state.count;
    this.meanLogSpread = state.meanLogSpread;
  }

  reset(): void {
    this.lastQuote = null;
    this.count = 0;
    this.meanLogSpread = 0;
  }
}
