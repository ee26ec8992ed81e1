/**
 * Per-tick counters that cost a map lookup and an increment: each label combination is a
 * plain `{ value }` cell cached in nested maps, and the prom-client counter is brought up to
 * date only when Prometheus scrapes (in the counter's `collect`). prom-client's own
 * `labels(...).inc()` builds a label hash string and validates labels on every call, which is
 * fine per bar but not per tick.
 */
import type { Counter } from 'prom-client';

interface Cell {
  value: number;
  reported: number;
  readonly labels: Record<string, string>;
}

/** Cells keyed by two label values (e.g. source, symbol). */
export class CounterCells2 {
  private readonly cells = new Map<string, Map<string, Cell>>();

  constructor(private readonly labelNames: readonly [string, string]) {}

  /** The cell for (first, second); keep it and call `.value++`, or use `inc`. */
  cell(first: string, second: string): { value: number } {
    let inner = this.cells.get(first);
    if (inner === undefined) {
      inner = new Map();
      this.cells.set(first, inner);
    }
    let cell = inner.get(second);
    if (cell === undefined) {
      cell = { value: 0, reported: 0, labels: { [this.labelNames[0]]: first, [this.labelNames[1]]: second } };
      inner.set(second, cell);
    }
    return cell;
  }

  inc(first: string, second: string): void {
    this.cell(first, second).value++;
  }

  /** Adds what was counted since the last scrape to the prom-client counter. */
  report(counter: Counter<string>): void {
    for (const inner of this.cells.values()) {
      for (const cell of inner.values()) {
        if (cell.value === cell.reported) continue;
        counter.inc(cell.labels, cell.value - cell.reported);
        cell.reported = cell.value;
      }
    }
  }
}
