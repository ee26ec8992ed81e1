/**
 * Every scoring detector by its configuration name, with its default parameters and how to build
 * it on closed bars (rules read bars; statistical and ML detectors read bar features through
 * `BarVectorDetector`) or on a numeric series (`tickwatch detect`). The configuration schema,
 * the pipeline options, `eval` and `detect` all build detectors through this one table.
 */
import {
  BarGapDetector,
  BarVectorDetector,
  BayesianChangePointDetector,
  CalibratedDetector,
  CUSUMDetector,
  DEFAULT_BAR_GAP,
  DEFAULT_BAYESIAN_CHANGE_POINT,
  DEFAULT_CUSUM,
  DEFAULT_EWMA_CHART,
  DEFAULT_FLASH_CRASH,
  DEFAULT_GAP,
  DEFAULT_GARCH,
  DEFAULT_HALF_SPACE_TREES,
  DEFAULT_HMM_REGIME,
  DEFAULT_ISOLATION_FOREST,
  DEFAULT_MEDIAN_SHIFT,
  DEFAULT_PRICE_SPIKE,
  DEFAULT_RANGE_REGIME,
  DEFAULT_RANGE_SHIFT,
  DEFAULT_ROBUST_ZSCORE,
  DEFAULT_RSI_EXTREMES,
  DEFAULT_VOLATILITY_SPIKE,
  DEFAULT_VOLUME_SPIKE,
  EWMAChartDetector,
  FlashCrashDetector,
  GapDetector,
  GarchDetector,
  HalfSpaceTreesDetector,
  HMMRegimeDetector,
  IsolationForestDetector,
  MedianShiftDetector,
  PriceSpikeDetector,
  RangeRegimeDetector,
  RangeShiftDetector,
  RobustZScoreDetector,
  RSIExtremesDetector,
  VolatilitySpikeDetector,
  VolumeSpikeDetector,
  type BarDetector,
  type BarFeature,
  type CalibrationConfig,
  type VectorDetector,
} from '../detectors/index.js';
import { RenamedDetector } from './renamed-detector.js';

export type DetectorParameters = Readonly<Record<string, number | string>>;

interface RuleEntry {
  readonly input: 'bar';
  readonly defaults: DetectorParameters;
  readonly bar: (params: DetectorParameters) => BarDetector;
}

interface VectorEntry {
  readonly input: 'vector';
  readonly defaults: DetectorParameters;
  /** Bar features it reads by default when it runs on bars. */
  readonly features: readonly BarFeature[];
  readonly vector: (params: DetectorParameters) => VectorDetector;
}

export type CatalogEntry = RuleEntry | VectorEntry;

// The constructors validate their own configuration; the casts only restore the typed shape
// after the schema has checked every key and value type against `defaults`.
const rule = <C>(defaults: C, create: (config: C) => BarDetector): RuleEntry => ({
  input: 'bar',
  defaults: defaults as DetectorParameters,
  bar: (params) => create({ ...defaults, ...params } as C),
});
const vector = <C>(defaults: C, features: BarFeature[], create: (config: C) => VectorDetector): VectorEntry => ({
  input: 'vector',
  defaults: defaults as DetectorParameters,
  features,
  vector: (params) => create({ ...defaults, ...params } as C),
});

const BAR_SHAPE: BarFeature[] = ['log_return', 'log_volume', 'log_range'];

export const DETECTOR_CATALOG = {
  volume_spike: rule(DEFAULT_VOLUME_SPIKE, (c) => new VolumeSpikeDetector(c)),
  price_spike: rule(DEFAULT_PRICE_SPIKE, (c) => new PriceSpikeDetector(c)),
  rsi_extremes: rule(DEFAULT_RSI_EXTREMES, (c) => new RSIExtremesDetector(c)),
  volatility_spike: rule(DEFAULT_VOLATILITY_SPIKE, (c) => new VolatilitySpikeDetector(c)),
  range_shift: rule(DEFAULT_RANGE_SHIFT, (c) => new RangeShiftDetector(c)),
  range_regime: rule(DEFAULT_RANGE_REGIME, (c) => new RangeRegimeDetector(c)),
  gap: rule(DEFAULT_GAP, (c) => new GapDetector(c)),
  flash_crash: rule(DEFAULT_FLASH_CRASH, (c) => new FlashCrashDetector(c)),
  bar_gap: rule(DEFAULT_BAR_GAP, (c) => new BarGapDetector(c)),
  robust_zscore: vector(DEFAULT_ROBUST_ZSCORE, BAR_SHAPE, (c) => new RobustZScoreDetector(c)),
  ewma_chart: vector(DEFAULT_EWMA_CHART, ['log_volume'], (c) => new EWMAChartDetector(c)),
  cusum: vector(DEFAULT_CUSUM, ['log_volume'], (c) => new CUSUMDetector(c)),
  median_shift: vector(DEFAULT_MEDIAN_SHIFT, ['log_range'], (c) => new MedianShiftDetector(c)),
  bayesian_changepoint: vector(
    DEFAULT_BAYESIAN_CHANGE_POINT,
    ['log_volume'],
    (c) => new BayesianChangePointDetector(c),
  ),
  garch: vector(DEFAULT_GARCH, ['log_return'], (c) => new GarchDetector(c)),
  hmm_regime: vector(DEFAULT_HMM_REGIME, ['log_return'], (c) => new HMMRegimeDetector(c)),
  half_space_trees: vector(DEFAULT_HALF_SPACE_TREES, BAR_SHAPE, (c) => new HalfSpaceTreesDetector(c)),
  isolation_forest: vector(DEFAULT_ISOLATION_FOREST, BAR_SHAPE, (c) => new IsolationForestDetector(c)),
} as const satisfies Record<string, CatalogEntry>;

export type DetectorName = keyof typeof DETECTOR_CATALOG;
export const DETECTOR_NAMES = Object.keys(DETECTOR_CATALOG) as [DetectorName, ...DetectorName[]];
export const VECTOR_DETECTOR_NAMES = DETECTOR_NAMES.filter((n) => DETECTOR_CATALOG[n].input === 'vector');

/** What one configured detector is: a catalog name, its parameters and (for vector detectors on bars) features. */
export interface DetectorSpec {
  readonly detector: DetectorName;
  readonly params: DetectorParameters;
  readonly features?: readonly BarFeature[] | undefined;
  readonly calibration?: CalibrationConfig | null | undefined;
  /** Another name for the detector (for one detector listed twice in an ensemble, on other features). */
  readonly name?: string | undefined;
}

/** The name a spec's detector reports: its own name unless the spec renames it. */
export function memberName(spec: DetectorSpec): string {
  return spec.name ?? spec.detector;
}

/** A bar detector from a spec: the catalog's detector, on bar features if it reads vectors, calibrated if asked. */
export function createBarDetector(spec: DetectorSpec): BarDetector {
  const entry: CatalogEntry = DETECTOR_CATALOG[spec.detector];
  const detector: BarDetector =
    entry.input === 'bar'
      ? entry.bar(spec.params)
      : new BarVectorDetector(entry.vector(spec.params), spec.features ?? entry.features);
  const calibrated = spec.calibration ? new CalibratedDetector(detector, spec.calibration) : detector;
  return spec.name === undefined ? calibrated : new RenamedDetector(spec.name, calibrated);
}

/** A vector detector from a spec (for numeric series); rules on bars have no vector form. */
export function createVectorDetector(spec: DetectorSpec): VectorDetector {
  const entry: CatalogEntry = DETECTOR_CATALOG[spec.detector];
  if (entry.input !== 'vector') {
    throw new Error(
      `${spec.detector} reads market bars, not a numeric series; choose one of ${VECTOR_DETECTOR_NAMES.join(', ')}`,
    );
  }
  const detector = entry.vector(spec.params);
  return spec.calibration ? new CalibratedDetector(detector, spec.calibration) : detector;
}

/** Problems with a parameter object for `name` (unknown keys, wrong value types); empty when fine. */
export function parameterProblems(name: DetectorName, params: Readonly<Record<string, unknown>>): string[] {
  const defaults = DETECTOR_CATALOG[name].defaults;
  const known = Object.keys(defaults);
  const problems: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (!(key in defaults)) {
      problems.push(`${name} has no parameter "${key}"; its parameters are ${known.join(', ')}`);
      continue;
    }
    const expected = typeof defaults[key];
    const seed = key === 'seed' && (typeof value === 'number' || typeof value === 'string');
    if (!seed && (typeof value !== expected || (expected === 'number' && !Number.isFinite(value)))) {
      problems.push(`${name}.${key} must be a ${expected}, e.g. ${String(defaults[key])}`);
    }
  }
  return problems;
}
