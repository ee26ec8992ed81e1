/**
 * Follows the live sources' states and makes them visible: /health/ready (per-source status),
 * Prometheus (tickwatch_source_state, tickwatch_source_reconnects_total), the log and a
 * terminal line whenever a source's status changes. Error texts come already redacted from
 * the sources (keys masked).
 */
import type { Micros } from '../../core/events.js';
import type { SourceHealth, SourceStatus as HealthStatus } from '../../server/health.js';
import type { SourceState as MetricsState } from '../../server/metrics/metrics.js';
import type { SourceStatus } from '../../sources/common/source.js';

/** Reconnecting briefly (Binance's daily reconnect) is `degraded`; failing this long is `down`. */
export const DOWN_AFTER_MS = 15_000;

export interface SourceMonitorTarget {
  setSource(source: SourceHealth): void;
  readonly metrics: {
    sourceState(source: string, state: MetricsState): void;
    sourceReconnected(source: string): void;
  };
}

export interface SourceMonitorOptions {
  readonly target: SourceMonitorTarget;
  readonly logger: { info(details: object, message: string): void; warn(details: object, message: string): void };
  /** Terminal output (one line per status change). */
  readonly write: (text: string) => void;
  readonly nowMs?: () => number;
  readonly downAfterMs?: number;
}

interface Tracked {
  status: SourceStatus | null;
  /** A provider that could not be built (no key): always down with this text. */
  failure: string | null;
  lastEventAt: Micros | null;
  reconnectsSeen: number;
  shown: SourceHealth | null;
}

/** The health of one source from its status: pure, so the mapping is tested on its own. */
export function healthOf(
  status: SourceStatus,
  nowMs: number,
  lastEventAt: Micros | null,
  downAfterMs = DOWN_AFTER_MS,
): SourceHealth {
  const events = status.counters.events + status.counters.bars;
  const count = `${events} event${events === 1 ? '' : 's'}`;
  let health: HealthStatus;
  let detail: string;
  switch (status.state) {
    case 'connected':
      health = 'up';
      detail = `connected · ${count}`;
      break;
    case 'stopped':
      health = 'down';
      detail = `stopped${status.lastError === null ? '' : `: ${status.lastError}`} · ${count}`;
      break;
    default: {
      const failingFor = nowMs - status.since;
      health = status.lastError !== null && failingFor >= downAfterMs ? 'down' : 'degraded';
      const verb = status.state === 'connecting' && status.counters.reconnects === 0 ? 'connecting' : 'reconnecting';
      detail = `${verb}${status.lastError === null ? '' : `: ${status.lastError}`} · ${count}`;
    }
  }
  return { name: status.name, status: health, detail, lastEventAt };
}

function metricsState(status: SourceStatus | null, health: SourceHealth): MetricsState {
  if (status === null || status.state === 'stopped') return health.status === 'up' ? 'connected' : 'stopped';
  if (status.state === 'connected') return 'connected';
  return health.status === 'down' ? 'disconnected' : 'connecting';
}

export class SourceMonitor {
  private readonly tracked = new Map<string, Tracked>();
  private readonly nowMs: () => number;

  constructor(private readonly options: SourceMonitorOptions) {
    this.nowMs = options.nowMs ?? Date.now;
  }

  /** A provider that could not start at all. */
  failed(name: string, error: string): void {
    this.tracked.set(name, { status: null, failure: error, lastEventAt: null, reconnectsSeen: 0, shown: null });
    this.publish(name);
  }

  /** A source's status (on every state change, and from refresh()). */
  update(status: SourceStatus): void {
    let entry = this.tracked.get(status.name);
    if (entry === undefined) {
      entry = { status, failure: null, lastEventAt: null, reconnectsSeen: 0, shown: null };
      this.tracked.set(status.name, entry);
    }
    entry.status = status;
    for (; entry.reconnectsSeen < status.counters.reconnects; entry.reconnectsSeen++)
      this.options.target.metrics.sourceReconnected(status.name);
    this.publish(status.name);
  }

  /** Receive time of a source's latest event (O(1): called per event). */
  eventReceived(name: string, tsRecv: Micros): void {
    const entry = this.tracked.get(name);
    if (entry !== undefined) entry.lastEventAt = tsRecv;
  }

  /** The sources' current health, for the live view. */
  get health(): SourceHealth[] {
    return [...this.tracked.values()].flatMap((entry) => (entry.shown === null ? [] : [entry.shown]));
  }

  private publish(name: string): void {
    const entry = this.tracked.get(name);
    if (entry === undefined) return;
    const health: SourceHealth =
      entry.failure !== null || entry.status === null
        ? { name, status: 'down', detail: `not started: ${entry.failure ?? 'unknown error'}`, lastEventAt: null }
        : healthOf(entry.status, this.nowMs(), entry.lastEventAt, this.options.downAfterMs);
    const previous = entry.shown;
    entry.shown = health;
    this.options.target.setSource(health);
    // setSource maps health to a metrics state; the source's own state is more precise (stopped).
    this.options.target.metrics.sourceState(name, metricsState(entry.status, health));
    if (previous?.status === health.status) return;
    const line = `Source ${name}: ${health.status}${health.detail === undefined ? '' : ` — ${health.detail}`}`;
    this.options.write(`${line}\n`);
    const details = { source: name, status: health.status, detail: health.detail };
    if (health.status === 'up') this.options.logger.info(details, 'source status');
    else this.options.logger.warn(details, 'source status');
  }
}
