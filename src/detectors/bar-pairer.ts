/**
 * Pairs the closed bars of two symbols (same timeframe) by bar end into one `VectorPoint` of
 * their log returns, for pair detectors such as the correlation break. A bar waits until the
 * other symbol's bar with the same end arrives; an unmatched bar is dropped when a later one of
 * the other symbol shows it will never come (a missing bar). A pair that does not follow the
 * previous pair directly (a missing bar, or the first bars after a session break) only resets the
 * reference closes: a return over a gap (overnight, say) is not comparable with one-bar returns
 * and would dominate any correlation window. O(1) per bar.
 */
import type { Bar } from '../core/events.js';
import type { VectorPoint } from './detector.js';

export interface BarPairerState {
  readonly previousClose: [number | null, number | null];
  /** End of the last pair, or null. */
  readonly previousEnd: number | null;
  /** Waiting bar per side: [end, close] or null. */
  readonly waiting: [[number, number] | null, [number, number] | null];
}

export class BarPairer {
  private previousClose: [number | null, number | null] = [null, null];
  private previousEnd: number | null = null;
  private waiting: [[number, number] | null, [number, number] | null] = [null, null];
  readonly names: readonly string[];

  constructor(
    readonly first: string,
    readonly second: string,
  ) {
    if (first === second) throw new Error(`bar pairer: two different symbols needed, got ${first} twice`);
    this.names = [`${first}_log_return`, `${second}_log_return`];
  }

  /** Adds a bar; returns the pair's point when both bars of one end are in, else null. */
  next(bar: Bar): VectorPoint | null {
    const side = bar.symbol === this.first ? 0 : bar.symbol === this.second ? 1 : -1;
    if (side < 0) return null;
    const other = (1 - side) as 0 | 1;
    const mine = side as 0 | 1;
    const waiting = this.waiting[other];
    if (waiting !== null && waiting[0] === bar.end) {
      this.waiting[other] = null;
      const closes: [number, number] = mine === 0 ? [bar.close, waiting[1]] : [waiting[1], bar.close];
      const [a, b] = this.previousClose;
      const follows = this.previousEnd === bar.start;
      this.previousClose = [closes[0], closes[1]];
      this.previousEnd = bar.end;
      if (a === null || b === null || !follows) return null;
      return { ts: bar.end, values: [Math.log(closes[0] / a), Math.log(closes[1] / b)], names: this.names };
    }
    // The other side's waiting bar is older: its partner is missing, drop it.
    if (waiting !== null && waiting[0] < bar.end) this.waiting[other] = null;
    this.waiting[mine] = [bar.end, bar.close];
    return null;
  }

  snapshot(): BarPairerState {
    return {
      previousClose: [...this.previousClose],
      previousEnd: this.previousEnd,
      waiting: [
        this.waiting[0] === null ? null : [...this.waiting[0]],
        this.waiting[1] === null ? null : [...this.waiting[1]],
      ],
    };
  }

  restore(state: BarPairerState): void {
    this.previousClose = [...state.previousClose];
    this.previousEnd = state.previousEnd;
    this.waiting = [
      state.waiting[0] === null ? null : [...state.waiting[0]],
      state.waiting[1] === null ? null : [...state.waiting[1]],
    ];
  }

  reset(): void {
    this.previousClose = [null, null];
    this.previousEnd = null;
    this.waiting = [null, null];
  }
}
