export type { BarDetector, DetectorScore } from './detector.js';
export { DetectorOperator } from './detector-operator.js';
export { VolumeSpikeDetector, DEFAULT_VOLUME_SPIKE, type VolumeSpikeConfig } from './rules/volume-spike.js';
export { PriceSpikeDetector, DEFAULT_PRICE_SPIKE, type PriceSpikeConfig } from './rules/price-spike.js';
export { RollingMean } from './rolling-mean.js';
