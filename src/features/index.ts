/**
 * Public API of per-bar features: the schema (one ordered list of named features shared by
 * detectors, models and the store), the cheap FeatureVector and its JSON helpers, the
 * FeatureEngine operator per (symbol, timeframe), and the cross-asset CorrelationMatrix per
 * timeframe. See docs/features.md for every formula.
 */
import { CorrelationMatrix, type CorrelationMatrixConfig } from './correlation-matrix.js';
import { FeatureEngine, type FeatureEngineConfig } from './feature-engine.js';

export { FEATURE_DEFINITIONS, FEATURE_SCHEMA, FEATURE_SCHEMA_VERSION, featureIndex } from './definitions.js';
export type { FeatureDefinition, FeatureGroup, FeatureSchema } from './definitions.js';
export { emptyFeatureVector, featureRecord, featureValue, featureValues, featureVectorFrom } from './feature-vector.js';
export type { FeatureVector } from './feature-vector.js';
export { FeatureEngine } from './feature-engine.js';
export type { FeatureEngineConfig, FeatureEngineInput, FeatureEngineState } from './feature-engine.js';
export { CorrelationMatrix, DEFAULT_CORRELATION_WINDOW } from './correlation-matrix.js';
export type { CorrelationMatrixConfig, CorrelationMatrixState } from './correlation-matrix.js';
export { RETURN_HORIZONS, DEFAULT_MAX_LOOKBACK_BARS } from './return-horizons.js';
export { BAR_FEATURE_PERIODS } from './bar-features.js';
export { TradeClassifier } from './trade-classifier.js';
export { OrderFlowImbalance } from './order-flow-imbalance.js';
export { VPIN } from './vpin.js';
export type { VPINOptions } from './vpin.js';

/** Options of createFeatureEngine: symbol and timeframe, everything else defaulted. */
export type FeatureEngineOptions = FeatureEngineConfig;

/**
 * A FeatureEngine with defaults: VPIN with 50 buckets of an automatic volume (the mean of the
 * first 20 bars), daily windows on UTC days unless `sessions` is given, horizons up to 4096 bars.
 */
export function createFeatureEngine(options: FeatureEngineOptions): FeatureEngine {
  return new FeatureEngine(options);
}

/** A CorrelationMatrix with defaults (window 60 common bar returns). */
export function createCorrelationMatrix(options: CorrelationMatrixConfig): CorrelationMatrix {
  return new CorrelationMatrix(options);
}
