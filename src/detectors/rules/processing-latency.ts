/**
 * Processing latency: tsRecv − tsEvent of any event (trade, quote, bar) beyond `threshold`
 * (default 250 ms). Stateless; O(1). A negative latency (clocks out of step) is reported too,
 * when it exceeds the threshold in size.
 */
import type { Micros } from '../../core/events.js';
import { MICROS_PER_MILLI } from '../../core/time.js';
import type { Detector, DetectorScore } from '../detector.js';
import { severityOf, squash } from '../detector.js';

export interface TimedEvent {
  readonly tsEvent: Micros;
  readonly tsRecv: Micros;
}

export interface ProcessingLatencyConfig {
  readonly threshold: Micros;
  readonly criticalThreshold: Micros;
}

export const DEFAULT_PROCESSING_LATENCY: ProcessingLatencyConfig = {
  threshold: 250 * MICROS_PER_MILLI,
  criticalThreshold: 2_000 * MICROS_PER_MILLI,
};

const QUIET: Readonly<Record<string, number>> = Object.freeze({});

export class ProcessingLatencyDetector implements Detector<TimedEvent, null> {
  readonly name = 'processing_latency';
  readonly kind = 'latency';
  readonly warmUp = 0;

  constructor(private readonly config: ProcessingLatencyConfig = DEFAULT_PROCESSING_LATENCY) {
    if (!(config.threshold > 0 && config.criticalThreshold >= config.threshold))
      throw new Error(`processing_latency: need 0 < threshold ≤ criticalThreshold (µs)`);
  }

  score(event: TimedEvent): DetectorScore {
    const latency = event.tsRecv - event.tsEvent;
    const size = Math.abs(latency);
    const milliseconds = latency / MICROS_PER_MILLI;
    const triggered = size >= this.config.threshold;
    // Every trade and quote is scored: the message and context, which cost a number formatting and
    // an object, are only made for the few that trigger.
    return {
      raw: milliseconds,
      score: squash(size, this.config.threshold),
      triggered,
      severity: severityOf(size, this.config.threshold, this.config.criticalThreshold),
      message: triggered ? `received ${milliseconds.toFixed(1)} ms after the event time` : '',
      explanation: [{ feature: 'latency_ms', value: milliseconds, contribution: 1 }],
      context: triggered ? { latencyMs: milliseconds, thresholdMs: this.config.threshold / MICROS_PER_MILLI } : QUIET,
    };
  }

  learn(_event: TimedEvent): void {
    // A fixed threshold: nothing to learn.
  }

  snapshot(): null {
    return null;
  }

  restore(_state: null): void {}

  reset(): void {}
}
