/**
 * Verdicts for the ensemble from a label: the edge (which holds the store) calls this with a new
 * or changed label and the stored anomalies it may be about, then passes each verdict to the
 * pipeline (`Pipeline.detectorFeedback`). Pure: no store, no clock.
 *
 * - A label naming an anomaly (`anomalyId`) is a verdict on that anomaly alone.
 * - A label over a time range is a verdict on every anomaly of its symbol inside the range.
 * - `verdict: 'anomaly'` makes the anomalies real, `'normal'` false alarms; a label without a
 *   verdict says nothing. Ground truth from the simulator (`source: 'simulator'`) is skipped: it is
 *   what `tickwatch eval` scores against, and feeding it back would let the answers leak in.
 * - The members credited are those the anomaly's context names (`EnsembleDetector.contributors`);
 *   anomalies of other detectors, or naming no member, give no verdict.
 */
import type { Anomaly, Label } from '../../core/events.js';
import type { DetectorFeedback } from '../detector.js';
import { EnsembleDetector } from './ensemble-detector.js';

export interface AnomalyVerdict {
  readonly anomaly: Pick<Anomaly, 'id' | 'symbol' | 'timeframe' | 'detector'>;
  readonly verdict: DetectorFeedback;
}

export function verdictsFromLabel(
  label: Label,
  anomalies: ReadonlyArray<Pick<Anomaly, 'id' | 'symbol' | 'timeframe' | 'detector' | 'ts' | 'context'>>,
): AnomalyVerdict[] {
  if (label.verdict === null || label.source === 'simulator') return [];
  const anomalous = label.verdict === 'anomaly';
  const verdicts: AnomalyVerdict[] = [];
  for (const anomaly of anomalies) {
    const about =
      label.anomalyId !== null
        ? anomaly.id === label.anomalyId
        : anomaly.symbol === label.symbol && anomaly.ts >= label.start && anomaly.ts <= label.end;
    if (!about) continue;
    const members = EnsembleDetector.contributors(anomaly.context);
    if (members.length === 0) continue;
    verdicts.push({
      anomaly: { id: anomaly.id, symbol: anomaly.symbol, timeframe: anomaly.timeframe, detector: anomaly.detector },
      verdict: { members, anomalous },
    });
  }
  return verdicts;
}
