export type { BarDetector, Detector, DetectorScore, StepOptions, VectorDetector, VectorPoint } from './detector.js';
export { erf, normalScore, scoreThenLearn, severityOf, squash } from './detector.js';
export { DetectorOperator } from './detector-operator.js';
export { BarVectorDetector, type BarFeature, type BarVectorState } from './bar-vector.js';
export { RollingMean } from './rolling-mean.js';
export { VolumeSpikeDetector, DEFAULT_VOLUME_SPIKE, type VolumeSpikeConfig } from './rules/volume-spike.js';
export { PriceSpikeDetector, DEFAULT_PRICE_SPIKE, type PriceSpikeConfig } from './rules/price-spike.js';
export { RSIExtremesDetector, DEFAULT_RSI_EXTREMES, type RSIExtremesConfig } from './rules/rsi-extremes.js';
export {
  VolatilitySpikeDetector,
  DEFAULT_VOLATILITY_SPIKE,
  type VolatilitySpikeConfig,
} from './rules/volatility-spike.js';
export { GapDetector, DEFAULT_GAP, type GapConfig } from './rules/gap.js';
export { FlashCrashDetector, DEFAULT_FLASH_CRASH, type FlashCrashConfig } from './rules/flash-crash.js';
export {
  StaleFeedMonitor,
  DEFAULT_MAX_SILENCE,
  DEFAULT_CRITICAL_SILENCE,
  type StaleFeedConfig,
} from './rules/stale-feed.js';
export { SpreadBlowoutDetector, DEFAULT_SPREAD_BLOWOUT, type SpreadBlowoutConfig } from './rules/spread-blowout.js';
export {
  ProcessingLatencyDetector,
  DEFAULT_PROCESSING_LATENCY,
  type ProcessingLatencyConfig,
  type TimedEvent,
} from './rules/processing-latency.js';
