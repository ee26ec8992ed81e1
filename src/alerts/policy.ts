/**
 * What is an alert: the policy between detectors and alert channels. Pure (time from the
 * injected Clock, no I/O), deterministic, and a streaming operator with snapshot/restore, so a
 * replay raises the same alerts and a restart keeps its cooldowns.
 *
 * - Grouping: the first anomaly of a symbol opens an incident; anomalies of the same symbol
 *   within `groupWindow` join it; when the window ends (`onTime`), the incident becomes one alert.
 * - Cooldown (dedup): after an alert, further anomalies with the same (symbol, kind) are held
 *   back for the kind's cooldown (default 5 minutes), unless they are more severe than what was
 *   alerted (an escalation always goes through). Held-back anomalies are counted and reported in
 *   the next alert.
 * - The same anomaly id offered twice (a replay after a restart) is ignored.
 *
 * The full detector suite extends this class (e.g. with per-detector rules); its state is
 * bounded by the number of symbols and kinds.
 */
import type { Clock } from '../core/clock.js';
import type { Anomaly, Micros, Severity } from '../core/events.js';
import type { Emit, Operator } from '../core/operator.js';
import { MICROS_PER_MILLI } from '../core/time.js';
import { SEVERITY_RANK, alertAnomalyOf, alertTitle, maxSeverity, type Alert, type AlertAnomaly } from './alert.js';

export interface AlertPolicyOptions {
  /** Anomalies below this severity are ignored. Default `info` (all). */
  readonly minSeverity?: Severity;
  /** Quiet time per (symbol, kind) after an alert, in milliseconds. Default 300 000 (5 minutes). */
  readonly cooldownMs?: number;
  /** Cooldowns for particular kinds, in milliseconds. */
  readonly cooldownByKindMs?: Readonly<Record<string, number>>;
  /** How long an incident collects related anomalies before it is alerted, in milliseconds. Default 2000. */
  readonly groupWindowMs?: number;
  /** Anomalies listed in one alert at most (the rest are counted). Default 20. */
  readonly maxAnomaliesPerAlert?: number;
  /** Anomaly ids remembered to ignore repeats. Default 10 000. */
  readonly rememberedIds?: number;
}

interface Incident {
  readonly symbol: string;
  readonly openedAt: Micros;
  severity: Severity;
  readonly kinds: string[];
  readonly anomalies: AlertAnomaly[];
  /** Anomalies beyond maxAnomaliesPerAlert. */
  overflow: number;
}

interface Cooldown {
  readonly until: Micros;
  readonly severity: Severity;
}

export interface AlertPolicyState {
  readonly incidents: Incident[];
  /** [symbol, kind, until, severity] */
  readonly cooldowns: [string, string, Micros, Severity][];
  /** [symbol, kind, count] */
  readonly suppressed: [string, string, number][];
  readonly recentIds: string[];
}

const DEFAULTS = {
  minSeverity: 'info' as Severity,
  cooldownMs: 300_000,
  groupWindowMs: 2_000,
  maxAnomaliesPerAlert: 20,
  rememberedIds: 10_000,
};

export class AlertPolicy implements Operator<Anomaly, Alert, AlertPolicyState> {
  private readonly settings: typeof DEFAULTS & { cooldownByKindMs: Readonly<Record<string, number>> };
  private incidents = new Map<string, Incident>();
  /** symbol → kind → cooldown */
  private cooldowns = new Map<string, Map<string, Cooldown>>();
  /** symbol → kind → anomalies held back since the last alert */
  private suppressed = new Map<string, Map<string, number>>();
  private recentIds = new Set<string>();

  constructor(
    options: AlertPolicyOptions,
    private readonly clock: Clock,
  ) {
    this.settings = { ...DEFAULTS, cooldownByKindMs: {}, ...definedOnly(options) };
  }

  /** Offers an anomaly: it joins or opens its symbol's incident, or is held back by a cooldown. */
  next(anomaly: Anomaly, emit: Emit<Alert>): void {
    const now = this.clock.now();
    this.onTime(now, emit);
    if (SEVERITY_RANK[anomaly.severity] < SEVERITY_RANK[this.settings.minSeverity]) return;
    if (!this.remember(anomaly.id)) return;
    const cooldown = this.cooldowns.get(anomaly.symbol)?.get(anomaly.kind);
    if (
      cooldown !== undefined &&
      now < cooldown.until &&
      SEVERITY_RANK[anomaly.severity] <= SEVERITY_RANK[cooldown.severity]
    ) {
      const bySymbol = getOrCreate(this.suppressed, anomaly.symbol, () => new Map<string, number>());
      bySymbol.set(anomaly.kind, (bySymbol.get(anomaly.kind) ?? 0) + 1);
      return;
    }
    let incident = this.incidents.get(anomaly.symbol);
    if (incident === undefined) {
      incident = {
        symbol: anomaly.symbol,
        openedAt: now,
        severity: anomaly.severity,
        kinds: [],
        anomalies: [],
        overflow: 0,
      };
      this.incidents.set(anomaly.symbol, incident);
    }
    incident.severity = maxSeverity(incident.severity, anomaly.severity);
    if (!incident.kinds.includes(anomaly.kind)) incident.kinds.push(anomaly.kind);
    if (incident.anomalies.length < this.settings.maxAnomaliesPerAlert)
      incident.anomalies.push(alertAnomalyOf(anomaly));
    else incident.overflow++;
    if (this.settings.groupWindowMs === 0) this.raise(incident, now, emit);
  }

  /** Raises the incidents whose grouping window has ended by `now`, oldest first. */
  onTime(now: Micros, emit: Emit<Alert>): void {
    if (this.incidents.size === 0) return;
    const window = this.settings.groupWindowMs * MICROS_PER_MILLI;
    for (const incident of [...this.incidents.values()]) {
      if (now >= incident.openedAt + window) this.raise(incident, now, emit);
    }
  }

  /** Raises every open incident now (shutdown). */
  flush(emit: Emit<Alert>): void {
    const now = this.clock.now();
    for (const incident of [...this.incidents.values()]) this.raise(incident, now, emit);
  }

  snapshot(): AlertPolicyState {
    const cooldowns: [string, string, Micros, Severity][] = [];
    for (const [symbol, kinds] of this.cooldowns) {
      for (const [kind, c] of kinds) cooldowns.push([symbol, kind, c.until, c.severity]);
    }
    const suppressed: [string, string, number][] = [];
    for (const [symbol, kinds] of this.suppressed) for (const [kind, n] of kinds) suppressed.push([symbol, kind, n]);
    return {
      incidents: structuredClone([...this.incidents.values()]),
      cooldowns,
      suppressed,
      recentIds: [...this.recentIds],
    };
  }

  restore(state: AlertPolicyState): void {
    this.reset();
    for (const incident of structuredClone(state.incidents)) this.incidents.set(incident.symbol, incident);
    for (const [symbol, kind, until, severity] of state.cooldowns) {
      getOrCreate(this.cooldowns, symbol, () => new Map<string, Cooldown>()).set(kind, { until, severity });
    }
    for (const [symbol, kind, n] of state.suppressed) {
      getOrCreate(this.suppressed, symbol, () => new Map<string, number>()).set(kind, n);
    }
    this.recentIds = new Set(state.recentIds);
  }

  reset(): void {
    this.incidents = new Map();
    this.cooldowns = new Map();
    this.suppressed = new Map();
    this.recentIds = new Set();
  }

  private raise(incident: Incident, now: Micros, emit: Emit<Alert>): void {
    this.incidents.delete(incident.symbol);
    const first = incident.anomalies[0];
    if (first === undefined) return;
    let suppressed = 0;
    const held = this.suppressed.get(incident.symbol);
    const cooldowns = getOrCreate(this.cooldowns, incident.symbol, () => new Map<string, Cooldown>());
    for (const kind of incident.kinds) {
      suppressed += held?.get(kind) ?? 0;
      held?.delete(kind);
      let severity: Severity = 'info';
      for (const anomaly of incident.anomalies)
        if (anomaly.kind === kind) severity = maxSeverity(severity, anomaly.severity);
      cooldowns.set(kind, { until: now + this.cooldownOf(kind) * MICROS_PER_MILLI, severity });
    }
    if (held?.size === 0) this.suppressed.delete(incident.symbol);
    emit({
      id: `alert:${first.id}`,
      symbol: incident.symbol,
      severity: incident.severity,
      kinds: [...incident.kinds],
      title: alertTitle(incident.severity, incident.symbol, incident.kinds),
      ts: first.ts,
      raisedAt: now,
      anomalies: [...incident.anomalies],
      suppressed: suppressed + incident.overflow,
      test: false,
    });
    this.dropExpiredCooldowns(incident.symbol, now);
  }

  private cooldownOf(kind: string): number {
    return this.settings.cooldownByKindMs[kind] ?? this.settings.cooldownMs;
  }

  /** Records an id; false if it was seen recently. Bounded: the oldest ids are forgotten. */
  private remember(id: string): boolean {
    if (this.recentIds.has(id)) return false;
    this.recentIds.add(id);
    if (this.recentIds.size > this.settings.rememberedIds) {
      const oldest = this.recentIds.values().next().value;
      if (oldest !== undefined) this.recentIds.delete(oldest);
    }
    return true;
  }

  private dropExpiredCooldowns(symbol: string, now: Micros): void {
    const kinds = this.cooldowns.get(symbol);
    if (kinds === undefined) return;
    for (const [kind, cooldown] of kinds) if (cooldown.until <= now) kinds.delete(kind);
    if (kinds.size === 0) this.cooldowns.delete(symbol);
  }
}

function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}

function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}
