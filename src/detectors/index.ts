export type {
  BarDetector,
  Detector,
  DetectorFeedback,
  DetectorScore,
  StepOptions,
  VectorDetector,
  VectorPoint,
} from './detector.js';
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
export { DEFAULT_RANGE_SHIFT, RangeShiftDetector, type RangeShiftConfig } from './rules/range-shift.js';
export { DEFAULT_RANGE_REGIME, RangeRegimeDetector, type RangeRegimeConfig } from './rules/range-regime.js';
export { GapDetector, DEFAULT_GAP, type GapConfig } from './rules/gap.js';
export { BarGapDetector, DEFAULT_BAR_GAP, type BarGapConfig } from './rules/bar-gap.js';
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
export { BarPairer, type BarPairerState } from './bar-pairer.js';
export { RobustZScoreDetector, DEFAULT_ROBUST_ZSCORE, type RobustZScoreConfig } from './statistical/robust-zscore.js';
export { MedianShiftDetector, DEFAULT_MEDIAN_SHIFT, type MedianShiftConfig } from './statistical/median-shift.js';
export { EWMAChartDetector, DEFAULT_EWMA_CHART, type EWMAChartConfig } from './statistical/ewma-chart.js';
export { CUSUMDetector, DEFAULT_CUSUM, type CUSUMConfig } from './statistical/cusum.js';
export {
  BayesianChangePointDetector,
  DEFAULT_BAYESIAN_CHANGE_POINT,
  type BayesianChangePointConfig,
} from './statistical/bayesian-changepoint.js';
export {
  CorrelationBreakDetector,
  DEFAULT_CORRELATION_BREAK,
  type CorrelationBreakConfig,
} from './statistical/correlation-break.js';
export { GarchDetector, DEFAULT_GARCH, type GarchConfig } from './statistical/garch.js';
export { fitGarch, garchLogLikelihood, type GarchFit, type GarchParameters } from './statistical/garch-fit.js';
export { HMMRegimeDetector, DEFAULT_HMM_REGIME, type HMMRegimeConfig } from './statistical/hmm-regime.js';
export {
  fitGaussianHMM,
  hmmLogLikelihood,
  type GaussianHMMFit,
  type GaussianHMMParameters,
} from './statistical/gaussian-hmm.js';
export { TailCalibrator } from './calibration/tail-calibrator.js';
export {
  CalibratedDetector,
  DEFAULT_CALIBRATION,
  type CalibrationConfig,
  type CalibratedState,
} from './calibration/calibrated-detector.js';
export { EventDetectorOperator, type EventDetectorState, type SymbolEvent } from './event-detector-operator.js';
export { PairDetectorOperator, type PairDetectorState } from './pair-detector-operator.js';
export {
  EnsembleDetector,
  DEFAULT_ENSEMBLE,
  type EnsembleConfig,
  type EnsembleState,
  type EnsembleMemberState,
  type EnsembleFeedback,
} from './ensemble/ensemble-detector.js';
export { verdictsFromLabel, type AnomalyVerdict } from './ensemble/label-feedback.js';
export {
  HalfSpaceTreesDetector,
  DEFAULT_HALF_SPACE_TREES,
  type HalfSpaceTreesConfig,
  type HalfSpaceTreesState,
} from './ml/half-space-trees.js';
export {
  IsolationForestDetector,
  DEFAULT_ISOLATION_FOREST,
  averagePathLength,
  type IsolationForestConfig,
  type IsolationForestState,
} from './ml/isolation-forest.js';
