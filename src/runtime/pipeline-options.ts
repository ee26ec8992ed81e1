/** Turns the validated configuration into the pure pipeline's options. */
import type { Instrument } from '../core/events.js';
import { MICROS_PER_MILLI } from '../core/time.js';
import type { DetectorSetup, PipelineOptions } from '../pipeline/pipeline.js';
import { PriceSpikeDetector, VolumeSpikeDetector } from '../detectors/index.js';
import type { TickwatchConfig } from '../config/schema.js';

export function pipelineOptions(config: TickwatchConfig, instruments: readonly Instrument[]): PipelineOptions {
  const { validation, bars, detectors, timeframes } = config.pipeline;
  const setups: DetectorSetup[] = [];
  const volume = detectors.volumeSpike;
  if (volume.enabled) {
    for (const timeframe of volume.timeframes) {
      setups.push({
        timeframe,
        create: () =>
          new VolumeSpikeDetector({
            lookback: volume.lookback,
            threshold: volume.threshold,
            criticalMultiple: volume.criticalMultiple,
          }),
      });
    }
  }
  const price = detectors.priceSpike;
  if (price.enabled) {
    for (const timeframe of price.timeframes) {
      setups.push({
        timeframe,
        create: () =>
          new PriceSpikeDetector({
            lookback: price.lookback,
            threshold: price.threshold,
            criticalThreshold: price.criticalThreshold,
          }),
      });
    }
  }
  return {
    instruments,
    timeframes,
    validation: {
      maxFutureSkew: validation.maxFutureSkewMs * MICROS_PER_MILLI,
      maxPastAge: validation.maxPastAgeMs * MICROS_PER_MILLI,
      allowedLateness: validation.allowedLatenessMs * MICROS_PER_MILLI,
      duplicateWindow: validation.duplicateWindow,
    },
    bars: {
      closeDelay: bars.closeDelayMs * MICROS_PER_MILLI,
      partialInterval: bars.partialIntervalMs === null ? null : bars.partialIntervalMs * MICROS_PER_MILLI,
      fillGaps: bars.fillGaps,
    },
    detectors: setups,
  };
}
