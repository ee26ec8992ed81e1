/** Local receive time in µs for `tsRecv`: wall clock with sub-millisecond resolution. */
import type { Micros } from '../../core/events.js';

export function receiveMicros(): Micros {
  return Math.round((performance.timeOrigin + performance.now()) * 1_000);
}
