/**
 * Where a fresh run's warm-up history starts: `days` before now, but far enough back that US
 * stocks get `days` full sessions even when tickwatch starts on a weekend or after a holiday.
 */
import type { Instrument, Micros } from '../core/events.js';
import { MICROS_PER_DAY, MICROS_PER_HOUR, MICROS_PER_MINUTE, floorTo } from '../core/time.js';
import { calendarFor } from '../bars/index.js';

/** 16:30 UTC is inside the NYSE session on every trading day (11:30 EST / 12:30 EDT). */
const PROBE_OFFSET = 16 * MICROS_PER_HOUR + 30 * MICROS_PER_MINUTE;

export function warmupStart(now: Micros, days: number, instruments: readonly Instrument[]): Micros {
  const plain = floorTo(now - days * MICROS_PER_DAY, MICROS_PER_MINUTE);
  if (days <= 0 || !instruments.some((i) => i.calendar === 'nyse')) return plain;
  const calendar = calendarFor('nyse');
  const wanted = Math.ceil(days);
  let found = 0;
  let earliest = plain;
  // Walk back over UTC days (today included) until enough sessions have started.
  for (
    let day = floorTo(now, MICROS_PER_DAY), guard = 0;
    found < wanted && guard < 30;
    day -= MICROS_PER_DAY, guard++
  ) {
    const session = calendar.sessionAt(day + PROBE_OFFSET);
    if (session === null || session.start >= now) continue;
    found++;
    earliest = Math.min(earliest, session.start);
  }
  return floorTo(earliest, MICROS_PER_MINUTE);
}
