/**
 * Session anchors for session-anchored indicators (VWAP): a function from a bar's start time to
 * the start of the period it accumulates into. Bars with the same anchor accumulate together;
 * a new anchor starts afresh.
 */
import type { SessionCalendar } from '../../bars/sessions.js';
import type { Micros } from '../../core/events.js';
import { floorTo, MICROS_PER_DAY } from '../../core/time.js';

export type SessionAnchor = (ts: Micros) => Micros;

/** Midnight UTC of the bar's day: 24/7 markets, and the default when no calendar is known. */
export const utcDayAnchor: SessionAnchor = (ts) => floorTo(ts, MICROS_PER_DAY);

/**
 * The regular session of `calendar` containing the bar; a bar outside regular hours (pre-market,
 * after hours) belongs to the next session, so that each trading day's accumulation starts after
 * the previous regular close and the regular session's first bar sees the pre-market volume.
 */
export function sessionAnchor(calendar: SessionCalendar): SessionAnchor {
  return (ts) => calendar.sessionAt(ts)?.start ?? calendar.nextSession(ts)?.start ?? utcDayAnchor(ts);
}
