/** Turns the validated configuration into the pure pipeline's options. */
import type { Instrument } from '../core/events.js';
import { MICROS_PER_MILLI, MICROS_PER_SECOND } from '../core/time.js';
import type { DetectorSetup, EventDetectorSetup, PairDetectorSetup, PipelineOptions } from '../pipeline/pipeline.js';
import {
  CorrelationBreakDetector,
  EnsembleDetector,
  ProcessingLatencyDetector,
  SpreadBlowoutDetector,
  DEFAULT_ENSEMBLE,
  PriceSpikeDetector,
  VolumeSpikeDetector,
} from '../detectors/index.js';
import { createBarDetector } from '../evaluation/detector-catalog.js';
import type { TickwatchConfig } from '../config/schema.js';
import { allIndicators, defaultSet, selectIndicator, type IndicatorSelection } from '../indicators/catalog.js';
import { parseTimeframe } from '../core/time.js';
import { loadModelSetups, type ModelReport } from '../models/model-setups.js';
import type { Logger } from './logger.js';

export function pipelineOptions(config: TickwatchConfig, instruments: readonly Instrument[]): PipelineOptions {
  const { validation, bars, timeframes } = config.pipeline;
  const setups = detectorSetups(config);
  const staleFeed = config.pipeline.detectors.staleFeed;
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
    pairDetectors: pairSetups(config),
    eventDetectors: eventSetups(config),
    ...(staleFeed.enabled
      ? {
          staleFeed: {
            maxSilence: Math.round(staleFeed.maxSilenceSeconds * MICROS_PER_SECOND),
            criticalSilence: Math.round(staleFeed.criticalSilenceSeconds * MICROS_PER_SECOND),
          },
        }
      : {}),
    indicators: indicatorChoice(config),
    features: {
      timeframes: config.pipeline.features.timeframes,
      correlationWindow: config.pipeline.features.correlationWindow,
    },
  };
}

/**
 * The pipeline options with the trained models of `pipeline.detectors.models` loaded from
 * `<dataDir>/models`: what `run` and `replay` use. A model that cannot be used is reported and
 * left out, never fatal.
 */
export async function loadPipelineOptions(
  config: TickwatchConfig,
  instruments: readonly Instrument[],
  report: ModelReport,
): Promise<PipelineOptions> {
  const options = pipelineOptions(config, instruments);
  const featureDetectors = await loadModelSetups(config, report);
  return featureDetectors.length === 0 ? options : { ...options, featureDetectors };
}

/** Model messages to the log and the terminal (a warning also says it is one). */
export function modelReport(logger: Logger, write: (text: string) => void): ModelReport {
  return {
    warn: (message) => {
      logger.warn({ component: 'models' }, message);
      write(`Warning: ${message}\n`);
    },
    info: (message) => {
      logger.info({ component: 'models' }, message);
      write(`Model: ${message}\n`);
    },
  };
}

/** The spread blow-out (on quotes) and processing-latency (on trades and quotes) detectors, when enabled. */
export function eventSetups(config: TickwatchConfig): EventDetectorSetup[] {
  const { spreadBlowout: spread, processingLatency: latency } = config.pipeline.detectors;
  const setups: EventDetectorSetup[] = [];
  if (spread.enabled) {
    const { threshold, criticalThreshold, halfLife, warmUp } = spread;
    setups.push({
      stream: 'quote',
      create: () => new SpreadBlowoutDetector({ threshold, criticalThreshold, halfLife, warmUp }),
      episodeGap: Math.round(spread.episodeSeconds * MICROS_PER_SECOND),
    });
  }
  if (latency.enabled) {
    const limits = {
      threshold: Math.round(latency.thresholdMs * MICROS_PER_MILLI),
      criticalThreshold: Math.round(latency.criticalThresholdMs * MICROS_PER_MILLI),
    };
    setups.push({
      stream: 'feed',
      create: () => new ProcessingLatencyDetector(limits),
      episodeGap: Math.round(latency.episodeSeconds * MICROS_PER_SECOND),
    });
  }
  return setups;
}

/** Correlation-break detectors of `pipeline.detectors.correlationBreak`: one per pair and timeframe. */
export function pairSetups(config: TickwatchConfig): PairDetectorSetup[] {
  const c = config.pipeline.detectors.correlationBreak;
  if (!c.enabled) return [];
  const detector = {
    shortWindow: c.shortWindow,
    longWindow: c.longWindow,
    threshold: c.threshold,
    criticalThreshold: c.criticalThreshold,
    standardise: c.standardise,
  };
  return c.timeframes.flatMap((timeframe) =>
    c.pairs.map(([first, second]) => ({
      timeframe,
      first,
      second,
      create: () => new CorrelationBreakDetector(detector),
      reference: c.referenceQuorum > 0 ? { quorum: c.referenceQuorum, minutes: c.referenceMinutes } : undefined,
    })),
  );
}

/** The bar detectors of `pipeline.detectors`: the two spike rules, the ensemble, then the custom list. */
export function detectorSetups(config: TickwatchConfig): DetectorSetup[] {
  const { detectors } = config.pipeline;
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
  const ensemble = detectors.ensemble;
  if (ensemble.enabled) {
    for (const timeframe of ensemble.timeframes) {
      setups.push({
        timeframe,
        protect: ensemble.protect,
        create: () =>
          new EnsembleDetector(
            ensemble.members.map((member) => createBarDetector(member)),
            {
              ...DEFAULT_ENSEMBLE,
              tailProbability: ensemble.tailProbability,
              calibrationWindow: ensemble.calibrationWindow,
              minSamples: ensemble.minSamples,
            },
          ),
      });
    }
  }
  for (const entry of detectors.custom) {
    for (const timeframe of entry.timeframes) {
      setups.push({ timeframe, protect: entry.protect, create: () => createBarDetector(entry) });
    }
  }
  return setups;
}

/** Which indicators run on a (symbol, timeframe), from `pipeline.indicators`. */
function indicatorChoice(
  config: TickwatchConfig,
): (symbol: string, timeframe: string) => readonly IndicatorSelection[] {
  const { set, timeframes, custom } = config.pipeline.indicators;
  const base = set === 'default' ? defaultSet() : set === 'all' ? allIndicators() : [];
  const withIndicators = new Set(
    timeframes ?? config.pipeline.timeframes.filter((tf) => parseTimeframe(tf).micros >= parseTimeframe('1m').micros),
  );
  const extras = custom.map((c) => ({
    selection: selectIndicator(c.name, c.params),
    timeframes: c.timeframes,
    symbols: c.symbols,
  }));
  return (symbol, timeframe) => {
    const chosen: IndicatorSelection[] = withIndicators.has(timeframe) ? [...base] : [];
    for (const extra of extras) {
      if (extra.timeframes !== undefined ? !extra.timeframes.includes(timeframe) : !withIndicators.has(timeframe))
        continue;
      if (extra.symbols !== undefined && !extra.symbols.includes(symbol)) continue;
      // A custom entry with the same name and parameters as a set member replaces it rather than repeating it.
      const key = `${extra.selection.spec.name}:${extra.selection.params.join(',')}`;
      if (!chosen.some((s) => `${s.spec.name}:${s.params.join(',')}` === key)) chosen.push(extra.selection);
    }
    return chosen;
  };
}
