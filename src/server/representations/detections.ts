/** Response shapes for anomalies, signals, labels and quarantined inputs. */
import { z } from 'zod';
import type { Anomaly, Label, Signal } from '../../core/events.js';
import { QUARANTINE_REASONS } from '../../core/events.js';
import type { QuarantineRow } from '../../store/store.js';
import { iso, isoFromMicros, micros } from './time-fields.js';

export const anomalySchema = z
  .object({
    id: z.string(),
    symbol: z.string(),
    timeframe: z.string(),
    ts: micros,
    tsIso: iso,
    kind: z.string(),
    severity: z.enum(['info', 'warning', 'critical']),
    score: z.number().describe('calibrated score in [0, 1]'),
    rawScore: z.number().describe("the detector's score in its own units (e.g. a volume multiple)"),
    detector: z.string(),
    message: z.string(),
    explanation: z
      .array(z.object({ feature: z.string(), value: z.number(), contribution: z.number() }))
      .describe('features that pushed the score, by how much (positive = towards anomalous)'),
    context: z.record(z.string(), z.union([z.number(), z.string()])),
    tsRecv: micros,
    tsRecvIso: iso,
  })
  .describe('anomaly');

export function anomalyOut(anomaly: Anomaly): z.infer<typeof anomalySchema> {
  return {
    id: anomaly.id,
    symbol: anomaly.symbol,
    timeframe: anomaly.timeframe,
    ts: anomaly.ts,
    tsIso: isoFromMicros(anomaly.ts),
    kind: anomaly.kind,
    severity: anomaly.severity,
    score: anomaly.score,
    rawScore: anomaly.rawScore,
    detector: anomaly.detector,
    message: anomaly.message,
    explanation: anomaly.explanation.map((c) => ({ feature: c.feature, value: c.value, contribution: c.contribution })),
    context: { ...anomaly.context },
    tsRecv: anomaly.tsRecv,
    tsRecvIso: isoFromMicros(anomaly.tsRecv),
  };
}

export const signalSchema = z
  .object({
    id: z.string(),
    symbol: z.string(),
    timeframe: z.string(),
    ts: micros,
    tsIso: iso,
    action: z.enum(['BUY', 'SELL', 'HOLD']),
    confidence: z.number().describe('in [0, 1]'),
    entry: z.number(),
    stop: z.number().nullable(),
    target: z.number().nullable(),
    size: z.number(),
    reasons: z.array(z.string()),
    strategy: z.string(),
  })
  .describe('signal');

export function signalOut(signal: Signal): z.infer<typeof signalSchema> {
  return {
    id: signal.id,
    symbol: signal.symbol,
    timeframe: signal.timeframe,
    ts: signal.ts,
    tsIso: isoFromMicros(signal.ts),
    action: signal.action,
    confidence: signal.confidence,
    entry: signal.entry,
    stop: signal.stop,
    target: signal.target,
    size: signal.size,
    reasons: [...signal.reasons],
    strategy: signal.strategy,
  };
}

export const labelSchema = z
  .object({
    id: z.string(),
    symbol: z.string(),
    start: micros,
    startIso: iso,
    end: micros,
    endIso: iso,
    kind: z.string().describe('class of the range, e.g. volume_spike, flash_crash, normal'),
    source: z.string().describe('simulator (ground truth), user or feedback'),
    anomalyId: z.string().nullable(),
    verdict: z.enum(['anomaly', 'normal']).nullable(),
    note: z.string(),
    createdAt: micros,
    createdAtIso: iso,
  })
  .describe('label');

export function labelOut(label: Label): z.infer<typeof labelSchema> {
  return {
    id: label.id,
    symbol: label.symbol,
    start: label.start,
    startIso: isoFromMicros(label.start),
    end: label.end,
    endIso: isoFromMicros(label.end),
    kind: label.kind,
    source: label.source,
    anomalyId: label.anomalyId,
    verdict: label.verdict,
    note: label.note,
    createdAt: label.createdAt,
    createdAtIso: isoFromMicros(label.createdAt),
  };
}

export const quarantineReasonSchema = z.enum(QUARANTINE_REASONS as [string, ...string[]]);

export const quarantineSchema = z
  .object({
    reason: quarantineReasonSchema,
    detail: z.string().describe('which field, which value, which limit'),
    symbol: z.string().describe("the input's symbol if one could be read, else empty"),
    ts: micros.describe('when it was rejected'),
    tsIso: iso,
    payload: z.unknown().describe('the rejected input as received'),
    payloadHash: z.string(),
  })
  .describe('quarantined input');

export function quarantineOut(row: QuarantineRow): z.infer<typeof quarantineSchema> {
  return {
    reason: row.reason,
    detail: row.detail,
    symbol: row.symbol,
    ts: row.ts,
    tsIso: isoFromMicros(row.ts),
    payload: row.payload,
    payloadHash: row.payloadHash,
  };
}
