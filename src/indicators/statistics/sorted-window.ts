/**
 * The last `length` values kept twice: in arrival order (a ring, to know which value leaves)
 * and in sorted order (to rank, and to read order statistics such as the median).
 *
 * Cost per push: two binary searches (O(log n)) to find where the evicted value sits and where
 * the new one goes, and one shift of the values between those two positions (O(n) in the worst
 * case, contiguous memory, well under a nanosecond per element). For the windows used here
 * (n ≤ a few thousand) that beats a balanced tree or skip list, which would chase pointers and
 * allocate. Reading a rank or an order statistic is O(log n) or O(1).
 *
 * Peeking: `view(x)` describes the sorted window that `push(x)` would produce without building
 * it — position arithmetic over the current sorted array — so peeks cost O(log n) and agree
 * with the subsequent push to the bit.
 */
import { RingBuffer } from '../support/ring-buffer.js';

/** Read access to a sorted sequence of numbers. */
export interface SortedSequence {
  readonly size: number;
  /** The i-th smallest value, 0-based. */
  get(i: number): number;
}

/** Number of elements of a sorted array (first `size` slots) strictly less than x. */
function lowerBound(sorted: Float64Array, size: number, x: number): number {
  let lo = 0;
  let hi = size;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of elements of a sorted array (first `size` slots) less than or equal to x. */
function upperBound(sorted: Float64Array, size: number, x: number): number {
  let lo = 0;
  let hi = size;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The sorted window after a hypothetical push: the current sorted values with the evicted one
 * (if any) removed and x inserted. One instance is reused by its owner, so peeks allocate nothing.
 */
class ProspectiveWindow implements SortedSequence {
  size = 0;
  private sorted: Float64Array = new Float64Array(0);
  /** Index in `sorted` of the value removed, or -1. */
  private removed = -1;
  /** Index of x in the result. */
  private inserted = 0;
  private x = 0;

  set(sorted: Float64Array, size: number, removed: number, x: number): void {
    this.sorted = sorted;
    this.removed = removed;
    this.x = x;
    let insertAt = lowerBound(sorted, size, x);
    if (removed >= 0 && removed < insertAt) insertAt--;
    this.inserted = insertAt;
    this.size = removed >= 0 ? size : size + 1;
  }

  get(i: number): number {
    if (i === this.inserted) return this.x;
    // Index into the array without the removed value, then into the stored array.
    const j = i < this.inserted ? i : i - 1;
    return this.sorted[this.removed >= 0 && j >= this.removed ? j + 1 : j] as number;
  }
}

export interface SortedWindowState {
  /** Values in arrival order, oldest first (the sorted copy is rebuilt on restore). */
  readonly values: number[];
}

export class SortedWindow implements SortedSequence {
  private readonly arrivals: RingBuffer;
  private readonly sorted: Float64Array;
  private readonly prospective = new ProspectiveWindow();

  constructor(readonly length: number) {
    this.arrivals = new RingBuffer(length);
    this.sorted = new Float64Array(length);
  }

  get size(): number {
    return this.arrivals.length;
  }

  get full(): boolean {
    return this.arrivals.isFull;
  }

  get(i: number): number {
    return this.sorted[i] as number;
  }

  /** The value the next push evicts once the window is full. */
  get oldest(): number {
    return this.arrivals.evictable;
  }

  /** Number of values in the window strictly less than x. */
  countLess(x: number): number {
    return lowerBound(this.sorted, this.size, x);
  }

  /** Number of values in the window equal to x. */
  countEqual(x: number): number {
    return upperBound(this.sorted, this.size, x) - lowerBound(this.sorted, this.size, x);
  }

  /**
   * The sorted window `push(x)` would produce, as a read-only view valid until the next call to
   * `view` or `push` (it shares this window's storage).
   */
  view(x: number): SortedSequence {
    const removed = this.full ? lowerBound(this.sorted, this.size, this.arrivals.evictable) : -1;
    this.prospective.set(this.sorted, this.size, removed, x);
    return this.prospective;
  }

  push(x: number): void {
    const sorted = this.sorted;
    const size = this.size;
    if (!this.full) {
      const at = lowerBound(sorted, size, x);
      for (let i = size; i > at; i--) sorted[i] = sorted[i - 1] as number;
      sorted[at] = x;
    } else {
      // Remove the oldest and insert x in one pass: only the values between the two positions move.
      const removed = lowerBound(sorted, size, this.arrivals.evictable);
      let at = lowerBound(sorted, size, x);
      if (removed < at) {
        at--;
        for (let i = removed; i < at; i++) sorted[i] = sorted[i + 1] as number;
      } else {
        for (let i = removed; i > at; i--) sorted[i] = sorted[i - 1] as number;
      }
      sorted[at] = x;
    }
    this.arrivals.push(x);
  }

  snapshot(): SortedWindowState {
    return { values: this.arrivals.toArray() };
  }

  restore(state: SortedWindowState): void {
    this.arrivals.fill(state.values);
    this.sorted.fill(0);
    const sorted = [...state.values].sort((a, b) => a - b);
    sorted.forEach((v, i) => (this.sorted[i] = v));
  }

  reset(): void {
    this.arrivals.clear();
    this.sorted.fill(0);
  }
}
