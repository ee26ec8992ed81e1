/**
 * The streaming operator contract. Every stage of the pipeline — validation, bar building,
 * indicators, detectors — is an operator with this shape, and one contract test suite
 * (test/contract/) runs against each of them: warm-up, determinism, snapshot round-trip,
 * reset equals fresh, inputs not mutated.
 *
 * Two flavours share the state methods:
 *  - `Operator` may emit any number of outputs per input, and also on timers (`onTime`):
 *    a bar builder closes a window when a trade of the next window arrives *or* when the clock
 *    passes the window's end on a quiet feed.
 *  - `Indicator` maps one input to at most one output, and can `peek` at what the output would
 *    be for an input without changing its state (intrabar values on a forming bar).
 *
 * State is bounded and per key (symbol, timeframe); `snapshot()` returns plain JSON-serialisable
 * data, so checkpoints can be written anywhere and restored into a fresh instance.
 */
import type { Micros } from './events.js';

/** Receives an operator's outputs, in order. */
export type Emit<O> = (output: O) => void;

export interface Stateful<S> {
  /** A deep, JSON-serialisable copy of the state; later updates do not change it. */
  snapshot(): S;
  /** Replaces the state with a snapshot taken from an instance of the same configuration. */
  restore(state: S): void;
  /** Back to the freshly constructed state. */
  reset(): void;
}

export interface Operator<I, O, S = unknown> extends Stateful<S> {
  /** Processes one input; outputs (zero or more) go to `emit` before `next` returns. */
  next(input: I, emit: Emit<O>): void;
  /** Processing time has reached `now`: emit whatever timers make due (e.g. quiet-feed closes). */
  onTime(now: Micros, emit: Emit<O>): void;
}

export interface Indicator<I, O, S = unknown> extends Stateful<S> {
  /** Short lower-case name with parameters, e.g. `sma_20`, `macd_12_26_9`. */
  readonly name: string;
  /** Number of inputs before the first non-null output (the first output is input `warmUp`, 0-based). */
  readonly warmUp: number;
  /** Adds one input (e.g. a closed bar) and returns the new value, or null while warming up. */
  next(input: I): O | null;
  /** The value `next(input)` would return, without changing state. */
  peek(input: I): O | null;
}
