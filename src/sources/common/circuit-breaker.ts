/**
 * A circuit breaker per provider: after `failureThreshold` consecutive failures it opens and
 * refuses attempts for `openMs`; then it lets one trial through (half-open). Success closes it,
 * failure re-opens it. Stops a broken provider (bad key, outage) from being hammered, while
 * the other sources keep running. Time comes from the caller (ms) so it is testable.
 */
export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  readonly failureThreshold: number;
  readonly openMs: number;
}

export class CircuitOpenError extends Error {
  constructor(
    readonly provider: string,
    readonly retryInMs: number,
  ) {
    super(`${provider}: circuit open after repeated failures; next attempt allowed in ${retryInMs} ms`);
    this.name = 'CircuitOpenError';
  }
}

export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private current: CircuitState = 'closed';

  constructor(
    readonly provider: string,
    readonly options: CircuitBreakerOptions = { failureThreshold: 5, openMs: 60_000 },
  ) {
    if (!(options.failureThreshold >= 1) || !(options.openMs > 0)) {
      throw new Error(`circuit breaker needs failureThreshold >= 1 and openMs > 0`);
    }
  }

  state(now: number): CircuitState {
    if (this.current === 'open' && now - this.openedAt >= this.options.openMs) this.current = 'half-open';
    return this.current;
  }

  /** Milliseconds until an attempt is allowed (0 = now). */
  waitMs(now: number): number {
    return this.state(now) === 'open' ? this.openedAt + this.options.openMs - now : 0;
  }

  /** Throws CircuitOpenError when attempts are refused. */
  assertCanAttempt(now: number): void {
    const wait = this.waitMs(now);
    if (wait > 0) throw new CircuitOpenError(this.provider, wait);
  }

  recordSuccess(): void {
    this.failures = 0;
    this.current = 'closed';
  }

  recordFailure(now: number): void {
    this.failures++;
    if (this.current === 'half-open' || this.failures >= this.options.failureThreshold) {
      this.current = 'open';
      this.openedAt = now;
    }
  }

  get consecutiveFailures(): number {
    return this.failures;
  }
}

/** The breaker every REST history client uses: 5 failures in a row open it for 30 s. */
export function restCircuitBreaker(name: string): CircuitBreaker {
  return new CircuitBreaker(`${name}-rest`, { failureThreshold: 5, openMs: 30_000 });
}
