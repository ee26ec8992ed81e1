/**
 * The indicators of one (symbol, timeframe): updated on each closed bar, peeked on the forming
 * bar on demand. Values are flattened to the catalog's column names so the event, the store, the
 * API and the CSV command share one naming.
 */
import type { Bar, BarFields, IndicatorSet } from '../core/events.js';
import type { Stateful } from '../core/operator.js';
import { createIndicator, selectionColumns, type IndicatorSelection } from '../indicators/catalog.js';
import type { Indicator } from '../core/operator.js';
import type { IndicatorValue, OHLCV } from '../indicators/types.js';

interface Slot {
  readonly columns: readonly string[];
  readonly outputs: readonly string[];
  readonly indicator: Indicator<OHLCV, IndicatorValue>;
}

export class IndicatorBank implements Stateful<unknown[]> {
  private readonly slots: Slot[];
  readonly columns: readonly string[];

  constructor(selections: readonly IndicatorSelection[]) {
    this.slots = selections.map((selection) => ({
      columns: selectionColumns(selection),
      outputs: selection.spec.outputs,
      indicator: createIndicator(selection),
    }));
    this.columns = this.slots.flatMap((slot) => slot.columns);
    const repeated = this.columns.find((column, i) => this.columns.indexOf(column) !== i);
    if (repeated !== undefined) throw new Error(`indicator ${repeated} is configured twice for the same timeframe`);
  }

  get size(): number {
    return this.slots.length;
  }

  /** Adds a closed bar to every indicator and returns the new values. */
  update(bar: Bar): IndicatorSet {
    const values: Record<string, number | null> = {};
    for (const slot of this.slots) write(slot, slot.indicator.next(bar), values);
    return {
      type: 'indicators',
      symbol: bar.symbol,
      timeframe: bar.timeframe,
      start: bar.start,
      ts: bar.end,
      tsRecv: bar.tsRecv,
      values,
    };
  }

  /** The values the forming bar would give if it closed now; changes no state. */
  peek(bar: BarFields): Record<string, number | null> {
    const values: Record<string, number | null> = {};
    for (const slot of this.slots) write(slot, slot.indicator.peek(bar), values);
    return values;
  }

  snapshot(): unknown[] {
    return this.slots.map((slot) => slot.indicator.snapshot());
  }

  restore(state: unknown[]): void {
    if (state.length !== this.slots.length) {
      throw new Error(`indicator checkpoint has ${state.length} indicators, the configuration ${this.slots.length}`);
    }
    this.slots.forEach((slot, i) => slot.indicator.restore(state[i]));
  }

  reset(): void {
    for (const slot of this.slots) slot.indicator.reset();
  }
}

function write(slot: Slot, value: IndicatorValue | null, into: Record<string, number | null>): void {
  if (slot.outputs.length === 0) {
    const column = slot.columns[0] as string;
    into[column] = value === null || !Number.isFinite(value as number) ? null : (value as number);
    return;
  }
  for (let i = 0; i < slot.outputs.length; i++) {
    const field = value === null ? undefined : (value as Readonly<Record<string, number>>)[slot.outputs[i] as string];
    into[slot.columns[i] as string] = field === undefined || !Number.isFinite(field) ? null : field;
  }
}
