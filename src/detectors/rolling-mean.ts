/** Fixed-size rolling mean over a ring buffer: O(1) per update, no allocation after construction. */
export interface RollingMeanState {
  readonly values: number[];
  readonly next: number;
  readonly count: number;
  readonly sum: number;
  readonly sinceResum: number;
}

export class RollingMean {
  private readonly values: Float64Array;
  private nextIndex = 0;
  private count = 0;
  private sum = 0;
  private updatesSinceResum = 0;

  constructor(readonly length: number) {
    if (!Number.isInteger(length) || length < 1)
      throw new Error(`rolling mean length must be a positive integer, got ${length}`);
    this.values = new Float64Array(length);
  }

  get full(): boolean {
    return this.count === this.length;
  }

  /** Mean of the values held (NaN when empty). */
  get mean(): number {
    return this.count === 0 ? Number.NaN : this.sum / this.count;
  }

  push(value: number): void {
    if (this.count === this.length) this.sum -= this.values[this.nextIndex] as number;
    else this.count++;
    this.values[this.nextIndex] = value;
    this.sum += value;
    this.nextIndex = (this.nextIndex + 1) % this.length;
    // Running sums drift over millions of updates; recompute exactly now and then (amortised O(1)).
    if (++this.updatesSinceResum >= 1_000_000) this.resum();
  }

  private resum(): void {
    let s = 0;
    for (let i = 0; i < this.count; i++) s += this.values[i] as number;
    this.sum = s;
    this.updatesSinceResum = 0;
  }

  snapshot(): RollingMeanState {
    return {
      values: Array.from(this.values),
      next: this.nextIndex,
      count: this.count,
      sum: this.sum,
      sinceResum: this.updatesSinceResum,
    };
  }

  restore(state: RollingMeanState): void {
    if (state.values.length !== this.length)
      throw new Error(`snapshot length ${state.values.length} does not match ${this.length}`);
    this.values.set(state.values);
    this.nextIndex = state.next;
    this.count = state.count;
    this.sum = state.sum;
    this.updatesSinceResum = state.sinceResum;
  }

  reset(): void {
    this.values.fill(0);
    this.nextIndex = 0;
    this.count = 0;
    this.sum = 0;
    this.updatesSinceResum = 0;
  }
}
