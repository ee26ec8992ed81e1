/** What readiness depends on besides the store: the sources and the run loop's own state. */
import type { Micros } from '../core/events.js';

export type SourceStatus = 'up' | 'degraded' | 'down';

export interface SourceHealth {
  /** e.g. `simulator`, `polygon`. */
  readonly name: string;
  /** up: receiving; degraded: connected but late or reconnecting; down: not receiving. */
  readonly status: SourceStatus;
  readonly detail?: string;
  /** Receive time of the source's last event, if any. */
  readonly lastEventAt?: Micros | null;
}

export interface HealthSnapshot {
  readonly sources: readonly SourceHealth[];
  /** False while the run loop is not serving yet (e.g. during the warm-up); default true. */
  readonly ready?: boolean;
  /** Why not ready, shown to the caller. */
  readonly reason?: string;
}

/** Called on every readiness probe; keep it cheap (read fields, no I/O). */
export type HealthProvider = () => HealthSnapshot;
