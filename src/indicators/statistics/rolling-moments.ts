/**
 * Mean and variance of the last `length` values, O(1) per update.
 *
 * Numerics: the sums are kept of deviations from a shift K close to the window's mean
 * (Σ(x−K), Σ(x−K)²), so the variance does not come from subtracting two huge, nearly equal
 * numbers (the textbook E[x²]−E[x]² loses every digit on prices near 10,000 with a spread of
 * 0.01). Once every `length` updates the sums are recomputed exactly from the window with K
 * moved to the current mean: amortised O(1), and rounding error cannot accumulate.
 *
 * Usage: `push(x)` or `peek(x)`, then read `mean` / `variance(ddof)` — they describe the window
 * ending with that x. `peek` leaves the state alone and gives bit-identical figures to `push`.
 */
import { RingBuffer } from '../support/ring-buffer.js';

/** Standard deviations below this fraction of |mean| are rounding noise (doubles hold ~16 digits). */
export const RELATIVE_NOISE = 1e-12;

export interface RollingMomentsState {
  readonly values: number[];
  readonly shift: number;
  readonly sum: number;
  readonly sumSquares: number;
  readonly sinceRecompute: number;
}

export class RollingMoments {
  private readonly window: RingBuffer;
  private shift = 0;
  /** Σ(x − shift) over the window. */
  private sum = 0;
  /** Σ(x − shift)² over the window. */
  private sumSquares = 0;
  private sinceRecompute = 0;

  // The window evaluated by the last push/peek (scratch, not state).
  private evaluatedShift = 0;
  private evaluatedSum = 0;
  private evaluatedSumSquares = 0;
  private evaluatedCount = 0;

  constructor(readonly length: number) {
    this.window = new RingBuffer(length);
  }

  get full(): boolean {
    return this.window.isFull;
  }

  /** Number of values in the window evaluated by the last push/peek. */
  get count(): number {
    return this.evaluatedCount;
  }

  /** Mean of the window evaluated by the last push/peek. */
  get mean(): number {
    return this.evaluatedShift + this.evaluatedSum / this.evaluatedCount;
  }

  /**
   * Variance with `ddof` delta degrees of freedom: 0 = population, 1 = sample. Never negative,
   * and exactly 0 for a window whose spread is below rounding noise (a constant series whose
   * mean is not representable exactly would otherwise show a spread of ~1e-17).
   */
  variance(ddof: 0 | 1): number {
    const n = this.evaluatedCount;
    if (n - ddof <= 0) return 0;
    const sum = this.evaluatedSum;
    const value = (this.evaluatedSumSquares - (sum * sum) / n) / (n - ddof);
    const noise = RELATIVE_NOISE * this.mean;
    return value > noise * noise ? value : 0;
  }

  /** Evaluates the window that `push(x)` would produce, without changing state. */
  peek(x: number): void {
    if (this.window.length === 0) {
      this.evaluatedShift = x;
      this.evaluatedSum = 0;
      this.evaluatedSumSquares = 0;
      this.evaluatedCount = 1;
      return;
    }
    const shift = this.shift;
    const d = x - shift;
    let sum = this.sum + d;
    let sumSquares = this.sumSquares + d * d;
    if (this.window.isFull) {
      const e = this.window.evictable - shift;
      sum -= e;
      sumSquares -= e * e;
    }
    this.evaluatedShift = shift;
    this.evaluatedSum = sum;
    this.evaluatedSumSquares = sumSquares;
    this.evaluatedCount = this.window.isFull ? this.length : this.window.length + 1;
  }

  /** Adds x (evicting the oldest value when full) and evaluates the new window. */
  push(x: number): void {
    this.peek(x);
    this.shift = this.evaluatedShift;
    this.sum = this.evaluatedSum;
    this.sumSquares = this.evaluatedSumSquares;
    this.window.push(x);
    // Changes only the state later updates start from, never the figures just evaluated.
    if (this.window.isFull && ++this.sinceRecompute >= this.length) this.recompute();
  }

  private recompute(): void {
    const n = this.window.length;
    let total = 0;
    for (let i = 0; i < n; i++) total += this.window.at(i);
    const shift = total / n;
    let sum = 0;
    let sumSquares = 0;
    for (let i = 0; i < n; i++) {
      const d = this.window.at(i) - shift;
      sum += d;
      sumSquares += d * d;
    }
    this.shift = shift;
    this.sum = sum;
    this.sumSquares = sumSquares;
    this.sinceRecompute = 0;
  }

  snapshot(): RollingMomentsState {
    return {
      values: this.window.toArray(),
      shift: this.shift,
      sum: this.sum,
      sumSquares: this.sumSquares,
      sinceRecompute: this.sinceRecompute,
    };
  }

  restore(state: RollingMomentsState): void {
    this.window.fill(state.values);
    this.shift = state.shift;
    this.sum = state.sum;
    this.sumSquares = state.sumSquares;
    this.sinceRecompute = state.sinceRecompute;
  }

  reset(): void {
    this.window.clear();
    this.shift = 0;
    this.sum = 0;
    this.sumSquares = 0;
    this.sinceRecompute = 0;
  }
}
