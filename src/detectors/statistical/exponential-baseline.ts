/**
 * A slowly moving reference level and spread for control charts: the plain mean and variance of
 * the first `warmUp` values, then exponentially weighted ones (West's incremental form) with the
 * given half-life. O(1) per value; state is four numbers.
 */
export interface ExponentialBaselineState {
  readonly count: number;
  readonly mean: number;
  readonly variance: number;
}

export class ExponentialBaseline {
  private readonly alpha: number;
  count = 0;
  mean = 0;
  variance = 0;

  constructor(readonly halfLife: number) {
    if (!(halfLife > 0)) throw new Error(`baseline half-life must be > 0, got ${halfLife}`);
    this.alpha = 1 - Math.pow(0.5, 1 / halfLife);
  }

  get standardDeviation(): number {
    return Math.sqrt(this.variance);
  }

  push(x: number): void {
    this.count++;
    // Equal weights until 1/count falls below alpha, then exponential weights.
    const weight = Math.max(this.alpha, 1 / this.count);
    const delta = x - this.mean;
    this.mean += weight * delta;
    this.variance = (1 - weight) * (this.variance + weight * delta * delta);
  }

  snapshot(): ExponentialBaselineState {
    return { count: this.count, mean: this.mean, variance: this.variance };
  }

  restore(state: ExponentialBaselineState): void {
    this.count = state.count;
    this.mean = state.mean;
    this.variance = state.variance;
  }

  reset(): void {
    this.count = 0;
    this.mean = 0;
    this.variance = 0;
  }
}
