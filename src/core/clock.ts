/**
 * Time for the pipeline. The core never reads the wall clock: it asks a Clock.
 * A ReplayClock is advanced by the driver (backtests, replays, tests); the live clock
 * (src/runtime/live-clock.ts) reads the system time. Both run the same pipeline code.
 */
import type { Micros } from './events.js';

export interface Clock {
  /** Current time in integer microseconds since the epoch. */
  now(): Micros;
}

/** A clock that only moves when told to. Time never goes backwards. */
export class ReplayClock implements Clock {
  private current: Micros;

  constructor(start: Micros = 0) {
    this.current = start;
  }

  now(): Micros {
    return this.current;
  }

  /** Moves the clock to `ts` if that is later than now; earlier times are ignored. */
  advanceTo(ts: Micros): void {
    if (ts > this.current) this.current = ts;
  }
}
