/**
 * Edge side of the ensemble's feedback: a user's label (a verdict on an anomaly, or on a time
 * range) becomes verdicts for the detectors that raised the stored anomalies it is about, passed
 * to the running pipeline. The core stays pure: the ensemble only sees `feedback` calls.
 *
 * Call it after a label is created or changed (the labels route, or a run loop that picks up new
 * labels). Anomalies are looked up on the label's symbol over its range, so a label about an
 * anomaly must cover the anomaly's time (the dashboard's "confirm" and "reject" do).
 */
import type { Label } from '../core/events.js';
import { verdictsFromLabel } from '../detectors/ensemble/label-feedback.js';
import type { DetectorFeedback } from '../detectors/detector.js';
import type { Store } from '../store/store.js';

export interface FeedbackTarget {
  detectorFeedback(
    anomaly: { symbol: string; timeframe: string; detector: string },
    verdict: DetectorFeedback,
  ): boolean;
}

/** Feeds the label's verdicts to the pipeline; returns how many a detector took. */
export async function feedLabelToPipeline(
  store: Pick<Store, 'anomalies'>,
  pipeline: FeedbackTarget,
  label: Label,
): Promise<number> {
  if (label.verdict === null || label.source === 'simulator') return 0;
  const anomalies = await store.anomalies({ symbol: label.symbol, from: label.start, to: label.end + 1 });
  let taken = 0;
  for (const { anomaly, verdict } of verdictsFromLabel(label, anomalies)) {
    if (pipeline.detectorFeedback(anomaly, verdict)) taken++;
  }
  return taken;
}
