/**
 * One symbol's bars at several timeframes: a BarBuilder per timeframe, each trade and each timer
 * fanned out to all of them in configuration order (so the output order is deterministic).
 */
import type { Bar, Micros, Trade } from '../core/events.js';
import type { Emit, Operator } from '../core/operator.js';
import type { Timeframe } from '../core/time.js';
import { parseTimeframe } from '../core/time.js';
import type { BarBuilderConfig, BarBuilderState, BarEvent } from './bar-builder.js';

/**
 * What became of a provider bar (`SymbolBars.ingestBar`): merged into every timeframe it fits
 * (`timeframes` of them); or left out everywhere because its own window was built from trades
 * (trades win: they are what the pipeline saw), or is older than what its timeframe still holds.
 */
export type SymbolBarIngest =
  { readonly outcome: 'ingested'; readonly timeframes: number } | { readonly outcome: 'has-trades' | 'too-late' };
import { BarBuilder } from './bar-builder.js';

export const DEFAULT_TIMEFRAMES: readonly string[] = ['1s', '1m', '5m', '15m', '1h', '1d'];

export interface SymbolBarsConfig extends Omit<BarBuilderConfig, 'timeframe'> {
  /** Timeframes to build, from parseTimeframe; default DEFAULT_TIMEFRAMES. */
  readonly timeframes?: readonly Timeframe[];
}

/** Builder snapshots by timeframe label. */
export type SymbolBarsState = Record<string, BarBuilderState>;

export class SymbolBars implements Operator<Trade, BarEvent, SymbolBarsState> {
  readonly symbol: string;
  private readonly builders: ReadonlyArray<readonly [label: string, builder: BarBuilder]>;

  constructor(config: SymbolBarsConfig) {
    const { timeframes = DEFAULT_TIMEFRAMES.map(parseTimeframe), ...shared } = config;
    this.symbol = config.symbol;
    const labels = timeframes.map((timeframe) => timeframe.label);
    const repeated = labels.find((label, i) => labels.indexOf(label) !== i);
    if (repeated !== undefined) throw new Error(`bars for ${config.symbol}: timeframe ${repeated} is listed twice`);
    this.builders = timeframes.map((timeframe) => [timeframe.label, new BarBuilder({ ...shared, timeframe })] as const);
  }

  /** Timeframe labels, in configuration (and emission) order. */
  get timeframes(): string[] {
    return this.builders.map(([label]) => label);
  }

  /** The builder of one timeframe (for its counters), or undefined. */
  builder(label: string): BarBuilder | undefined {
    return this.builders.find(([own]) => own === label)?.[1];
  }

  next(trade: Trade, emit: Emit<BarEvent>): void {
    for (const [, builder] of this.builders) builder.next(trade, emit);
  }

  /**
   * A closed provider bar of one of its timeframes (warm-up history, a gap's minutes): its own
   * timeframe decides (a window built from trades keeps them; one it no longer holds is too
   * late), then every timeframe as wide or wider takes it in configuration order, as if built
   * from its trades. Finer timeframes (1s from 1m bars) cannot be built from it and are skipped.
   */
  ingestBar(bar: Bar, emit: Emit<BarEvent>): SymbolBarIngest {
    const own = this.builder(bar.timeframe);
    if (own === undefined) {
      throw new Error(
        `bars for ${this.symbol}: a ${bar.timeframe} bar was offered, but ${bar.timeframe} is not built (timeframes: ${this.timeframes.join(', ')})`,
      );
    }
    const state = own.windowState(bar.start);
    if (state === 'trades') return { outcome: 'has-trades' };
    if (state === 'too-late') return { outcome: 'too-late' };
    let timeframes = 0;
    for (const [, builder] of this.builders) if (builder.ingestBar(bar, emit) === 'ingested') timeframes++;
    return { outcome: 'ingested', timeframes };
  }

  onTime(now: Micros, emit: Emit<BarEvent>): void {
    for (const [, builder] of this.builders) builder.onTime(now, emit);
  }

  /** The earliest `nextDeadline()` of its builders: `onTime` before then does nothing. */
  nextDeadline(): Micros {
    let earliest = Number.POSITIVE_INFINITY;
    for (const [, builder] of this.builders) {
      const deadline = builder.nextDeadline();
      if (deadline < earliest) earliest = deadline;
    }
    return earliest;
  }

  snapshot(): SymbolBarsState {
    const state: SymbolBarsState = {};
    for (const [label, builder] of this.builders) state[label] = builder.snapshot();
    return state;
  }

  /** Restores each timeframe from its snapshot; a timeframe missing from it starts fresh. */
  restore(state: SymbolBarsState): void {
    for (const [label, builder] of this.builders) {
      const saved = state[label];
      if (saved === undefined) builder.reset();
      else builder.restore(saved);
    }
  }

  reset(): void {
    for (const [, builder] of this.builders) builder.reset();
  }
}
