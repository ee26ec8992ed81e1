import type { Clock } from '../core/clock.js';
import type { Micros } from '../core/events.js';

/**
 * The wall clock in integer microseconds. `performance.now()` is monotonic, so time never
 * jumps backwards if the system clock is adjusted while running; it is anchored to the epoch
 * once, at construction.
 */
export class LiveClock implements Clock {
  private readonly originMicros = Math.round(performance.timeOrigin * 1000);

  now(): Micros {
    return this.originMicros + Math.round(performance.now() * 1000);
  }
}
