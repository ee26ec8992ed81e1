/**
 * The last processing time of a live run, as its recording's final line: at shutdown the run has
 * closed windows whose close delay passed after the last trade, and a replay must reach the same
 * time to close them too (else the recording's last bars go missing from the replay).
 */
import type { Micros } from '../core/events.js';

/** The type of a recorded clock line. */
export const CLOCK_INPUT = 'clock';

/** The run's processing time reached `tsRecv` (and its timers ran there). */
export interface ClockInput {
  readonly type: typeof CLOCK_INPUT;
  readonly tsRecv: Micros;
}

export function isClockInput(input: unknown): input is ClockInput {
  return (
    typeof input === 'object' &&
    input !== null &&
    (input as { type?: unknown }).type === CLOCK_INPUT &&
    typeof (input as { tsRecv?: unknown }).tsRecv === 'number'
  );
}
