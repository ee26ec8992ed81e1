/**
 * Exponential backoff with "full jitter" (AWS architecture blog, 2015): the n-th delay is drawn
 * uniformly from [floor, min(cap, initial · factor^n)]. Jitter spreads reconnects of many clients
 * (or many sockets of one client) so they do not hammer a recovering server in lockstep.
 */
export interface BackoffOptions {
  /** First delay ceiling, ms. */
  readonly initialMs: number;
  /** Largest delay, ms. */
  readonly maxMs: number;
  /** Growth per attempt (2 doubles). */
  readonly factor?: number;
  /** Smallest fraction of the ceiling a jittered delay can take (0 = full jitter, 1 = none). */
  readonly minFraction?: number;
  /** Uniform [0, 1) source; injectable so tests are deterministic. */
  readonly random?: () => number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 30_000, factor: 2, minFraction: 0.5 };

export class Backoff {
  private attempt = 0;
  private readonly factor: number;
  private readonly minFraction: number;
  private readonly random: () => number;

  constructor(readonly options: BackoffOptions = DEFAULT_BACKOFF) {
    if (!(options.initialMs > 0) || !(options.maxMs >= options.initialMs)) {
      throw new Error(
        `backoff needs 0 < initialMs <= maxMs, got initialMs ${options.initialMs}, maxMs ${options.maxMs}`,
      );
    }
    this.factor = options.factor ?? 2;
    this.minFraction = options.minFraction ?? 0.5;
    this.random = options.random ?? Math.random;
  }

  /** Number of delays handed out since the last reset. */
  get attempts(): number {
    return this.attempt;
  }

  /** The ceiling (before jitter) for the next delay. */
  ceilingMs(): number {
    return Math.min(this.options.maxMs, this.options.initialMs * this.factor ** this.attempt);
  }

  /** The next delay in ms; each call grows the ceiling until the cap. */
  nextDelayMs(): number {
    const ceiling = this.ceilingMs();
    this.attempt++;
    const floor = ceiling * this.minFraction;
    return Math.round(floor + (ceiling - floor) * this.random());
  }

  /** Back to the first delay (call once a connection has proved healthy). */
  reset(): void {
    this.attempt = 0;
  }
}
