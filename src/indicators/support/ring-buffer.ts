/**
 * A fixed-capacity FIFO of numbers on a Float64Array: O(1) push that returns the value it
 * evicts, no allocation after construction. The window behind SMA, WMA, momentum, ROC and
 * every other "last n inputs" indicator.
 */
export class RingBuffer {
  private readonly values: Float64Array;
  /** Index of the oldest value. */
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new Error(`ring buffer capacity must be a positive integer, got ${capacity}`);
    this.values = new Float64Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  get isFull(): boolean {
    return this.count === this.capacity;
  }

  /** Appends `x`; when full, drops and returns the oldest value, else returns NaN. */
  push(x: number): number {
    if (this.count < this.capacity) {
      let index = this.head + this.count;
      if (index >= this.capacity) index -= this.capacity;
      this.values[index] = x;
      this.count++;
      return Number.NaN;
    }
    const evicted = this.values[this.head] as number;
    this.values[this.head] = x;
    this.head = this.head + 1 === this.capacity ? 0 : this.head + 1;
    return evicted;
  }

  /** The value the next push would evict (the oldest) when full, else NaN. */
  get evictable(): number {
    return this.count === this.capacity ? (this.values[this.head] as number) : Number.NaN;
  }

  /** The i-th value, 0 = oldest. */
  at(i: number): number {
    let index = this.head + i;
    if (index >= this.capacity) index -= this.capacity;
    return this.values[index] as number;
  }

  /** The i-th value counting back from the newest, 0 = newest. */
  fromNewest(i: number): number {
    return this.at(this.count - 1 - i);
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
  }

  /** Oldest first. */
  toArray(): number[] {
    const out: number[] = new Array<number>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.at(i);
    return out;
  }

  /** Replaces the content with `values` (oldest first; at most `capacity`). */
  fill(values: readonly number[]): void {
    if (values.length > this.capacity)
      throw new Error(`ring buffer: ${values.length} values do not fit capacity ${this.capacity}`);
    this.head = 0;
    this.count = values.length;
    for (let i = 0; i < values.length; i++) this.values[i] = values[i] as number;
  }
}
