/**
 * A running sum that does not drift. Sliding-window indicators add the new input and subtract
 * the evicted one forever; with plain `+=` the rounding errors of millions of updates pile up
 * (and a level shift, e.g. prices near 1e6 then near 1, loses every digit). Neumaier's
 * compensated summation keeps the lost low-order bits in a second number, so the sum stays
 * within a few ulps of the exact sum of the window at any length of stream.
 */
export interface RunningSumState {
  readonly sum: number;
  readonly compensation: number;
}

export class RunningSum {
  private sum = 0;
  private compensation = 0;

  /** The current sum. */
  get value(): number {
    return this.sum + this.compensation;
  }

  add(x: number): void {
    const t = this.sum + x;
    if (Math.abs(this.sum) >= Math.abs(x)) this.compensation += this.sum - t + x;
    else this.compensation += x - t + this.sum;
    this.sum = t;
  }

  /** The value after `add(added)` then `add(-removed)`, without changing state (for peeks). */
  valueAfter(added: number, removed = 0): number {
    let sum = this.sum;
    let compensation = this.compensation;
    let t = sum + added;
    if (Math.abs(sum) >= Math.abs(added)) compensation += sum - t + added;
    else compensation += added - t + sum;
    sum = t;
    const subtracted = -removed;
    t = sum + subtracted;
    if (Math.abs(sum) >= Math.abs(subtracted)) compensation += sum - t + subtracted;
    else compensation += subtracted - t + sum;
    return t + compensation;
  }

  /** `add(added)` then `add(-removed)`: the one-step update of a sliding window. */
  slide(added: number, removed = 0): void {
    this.add(added);
    this.add(-removed);
  }

  reset(): void {
    this.sum = 0;
    this.compensation = 0;
  }

  snapshot(): RunningSumState {
    return { sum: this.sum, compensation: this.compensation };
  }

  restore(state: RunningSumState): void {
    this.sum = state.sum;
    this.compensation = state.compensation;
  }
}
