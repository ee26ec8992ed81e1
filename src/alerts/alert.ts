/**
 * An alert: one incident (one or more related anomalies of one symbol) as it is delivered to
 * people. Plain JSON, stored in the outbox and sent as the webhook body.
 */
import type { Anomaly, Micros, Severity } from '../core/events.js';

/** The anomaly fields an alert carries (not the whole explanation). */
export interface AlertAnomaly {
  readonly id: string;
  readonly kind: string;
  readonly severity: Severity;
  readonly score: number;
  readonly detector: string;
  readonly timeframe: string;
  readonly ts: Micros;
  readonly message: string;
}

export interface Alert {
  /** Deterministic: `alert:` + the id of the incident's first anomaly, so a replay raises the same id. */
  readonly id: string;
  readonly symbol: string;
  /** The highest severity among the anomalies. */
  readonly severity: Severity;
  /** Distinct kinds, in order of first appearance. */
  readonly kinds: readonly string[];
  /** One line, e.g. `[WARNING] AAPL: volume_spike`. */
  readonly title: string;
  /** Event time of the first anomaly. */
  readonly ts: Micros;
  /** Clock time when the alert was raised. */
  readonly raisedAt: Micros;
  readonly anomalies: readonly AlertAnomaly[];
  /** Anomalies of the same symbol and kinds held back by cooldowns since the previous alert. */
  readonly suppressed: number;
  /** True for an alert sent on request to check the channels. */
  readonly test: boolean;
}

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, critical: 2 };

export function maxSeverity(a: Severity, b: Severity): Severity {
  return SEVERITY_RANK[a] >= SEVERITY_RANK[b] ? a : b;
}

export function alertAnomalyOf(anomaly: Anomaly): AlertAnomaly {
  return {
    id: anomaly.id,
    kind: anomaly.kind,
    severity: anomaly.severity,
    score: anomaly.score,
    detector: anomaly.detector,
    timeframe: anomaly.timeframe,
    ts: anomaly.ts,
    message: anomaly.message,
  };
}

export function alertTitle(severity: Severity, symbol: string, kinds: readonly string[]): string {
  return `[${severity.toUpperCase()}] ${symbol}: ${kinds.join(', ')}`;
}

/** An alert that exercises the channels, e.g. from `POST /api/v1/alerts/test`. */
export function testAlert(now: Micros): Alert {
  return {
    id: `test:${now}`,
    symbol: 'TEST',
    severity: 'info',
    kinds: ['test'],
    title: '[TEST] tickwatch alert channel check',
    ts: now,
    raisedAt: now,
    anomalies: [],
    suppressed: 0,
    test: true,
  };
}
