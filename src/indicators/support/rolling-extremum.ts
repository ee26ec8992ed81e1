/**
 * Rolling maximum (or minimum) of the last `window` inputs in O(1) amortised per update: a
 * monotonic deque keeps only the inputs that can still become the extremum (each input enters
 * and leaves once). Also reports the extremum's age, which Aroon needs.
 *
 * Ties: by default the newest of equal extremes wins (its age is the smallest), which is what
 * TTR's aroon does; `ties: 'oldest'` keeps the oldest instead.
 */
export interface RollingExtremumState {
  /** Number of inputs pushed so far. */
  readonly pushed: number;
  /** The deque, front first: [position, value] pairs. */
  readonly entries: ReadonlyArray<readonly [number, number]>;
}

export class RollingExtremum {
  private readonly values: Float64Array;
  private readonly positions: Float64Array;
  private head = 0;
  private size = 0;
  private pushed = 0;
  private readonly sign: number;
  private readonly newestWinsTies: boolean;

  constructor(
    readonly window: number,
    kind: 'max' | 'min',
    ties: 'newest' | 'oldest' = 'newest',
  ) {
    if (!Number.isInteger(window) || window < 1)
      throw new Error(`rolling ${kind} window must be a positive integer, got ${window}`);
    this.values = new Float64Array(window);
    this.positions = new Float64Array(window);
    // Work on sign * x so that one comparison serves both max and min.
    this.sign = kind === 'max' ? 1 : -1;
    this.newestWinsTies = ties === 'newest';
  }

  /** Inputs seen so far (not capped at the window). */
  get count(): number {
    return this.pushed;
  }

  /** The extremum of the window; NaN before the first push. */
  get value(): number {
    return this.size === 0 ? Number.NaN : (this.values[this.head] as number) * this.sign;
  }

  /** Inputs since the extremum arrived: 0 when the newest input is the extremum. */
  get age(): number {
    return this.size === 0 ? Number.NaN : this.pushed - 1 - (this.positions[this.head] as number);
  }

  push(x: number): void {
    const key = x * this.sign;
    const window = this.window;
    // Drop the front if it falls out of the window once x is in.
    if (this.size > 0 && (this.positions[this.head] as number) <= this.pushed - window) {
      this.head = this.head + 1 === window ? 0 : this.head + 1;
      this.size--;
    }
    // Drop from the back every entry that x dominates: it can never be the extremum again.
    while (this.size > 0) {
      let back = this.head + this.size - 1;
      if (back >= window) back -= window;
      const backKey = this.values[back] as number;
      if (backKey < key || (this.newestWinsTies && backKey === key)) this.size--;
      else break;
    }
    let slot = this.head + this.size;
    if (slot >= window) slot -= window;
    this.values[slot] = key;
    this.positions[slot] = this.pushed;
    this.size++;
    this.pushed++;
  }

  /** The extremum after `push(x)`, without changing state. */
  peek(x: number): number {
    const key = x * this.sign;
    const survivor = this.survivorKey();
    if (Number.isNaN(survivor) || key > survivor || (this.newestWinsTies && key === survivor)) return x;
    return survivor * this.sign;
  }

  /** The age of the extremum after `push(x)`, without changing state. */
  peekAge(x: number): number {
    const key = x * this.sign;
    const survivor = this.survivorKey();
    if (Number.isNaN(survivor) || key > survivor || (this.newestWinsTies && key === survivor)) return 0;
    return this.pushed - this.survivorPosition();
  }

  /** Key of the best entry that stays in the window when one more input arrives (NaN if none). */
  private survivorKey(): number {
    const index = this.survivorIndex();
    return index < 0 ? Number.NaN : (this.values[index] as number);
  }

  private survivorPosition(): number {
    return this.positions[this.survivorIndex()] as number;
  }

  private survivorIndex(): number {
    if (this.size === 0) return -1;
    if ((this.positions[this.head] as number) > this.pushed - this.window) return this.head;
    if (this.size === 1) return -1;
    return this.head + 1 === this.window ? 0 : this.head + 1;
  }

  reset(): void {
    this.head = 0;
    this.size = 0;
    this.pushed = 0;
  }

  snapshot(): RollingExtremumState {
    const entries: Array<readonly [number, number]> = [];
    for (let i = 0; i < this.size; i++) {
      let index = this.head + i;
      if (index >= this.window) index -= this.window;
      entries.push([this.positions[index] as number, (this.values[index] as number) * this.sign]);
    }
    return { pushed: this.pushed, entries };
  }

  restore(state: RollingExtremumState): void {
    this.head = 0;
    this.size = state.entries.length;
    this.pushed = state.pushed;
    state.entries.forEach(([position, value], i) => {
      this.positions[i] = position;
      this.values[i] = value * this.sign;
    });
  }
}
