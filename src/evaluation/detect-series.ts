/**
 * Scores a numeric series causally with one detector or an ensemble (`tickwatch detect`): each
 * row is scored against what was learnt from the rows before it, then learnt (score before
 * learn, docs/detectors.md), so no score sees the future. Rows still warming up score 0.
 */
import {
  DEFAULT_ENSEMBLE,
  EnsembleDetector,
  scoreThenLearn,
  type VectorDetector,
  type VectorPoint,
} from '../detectors/index.js';
import { DETECTOR_NAMES, VECTOR_DETECTOR_NAMES, createVectorDetector, type DetectorName } from './detector-catalog.js';
import type { CsvSeries } from './csv-series.js';

/** The members of `--detector ensemble` on a numeric series. */
export const SERIES_ENSEMBLE: readonly DetectorName[] = ['robust_zscore', 'ewma_chart', 'half_space_trees'];

export function seriesDetector(name: string): VectorDetector {
  if (name === 'ensemble') {
    return new EnsembleDetector(
      SERIES_ENSEMBLE.map((member) => createVectorDetector({ detector: member, params: {} })),
      DEFAULT_ENSEMBLE,
    );
  }
  if (!(DETECTOR_NAMES as readonly string[]).includes(name)) {
    throw new Error(
      `unknown detector "${name}" for a series: use ensemble or one of ${VECTOR_DETECTOR_NAMES.join(', ')}`,
    );
  }
  return createVectorDetector({ detector: name as DetectorName, params: {} });
}

/** Score in [0, 1] per row (0 while the detector warms up). */
export function scoreSeries(series: CsvSeries, detector: VectorDetector): Float64Array {
  const width = series.valueNames.length;
  const rows = series.times.length;
  const scores = new Float64Array(rows);
  const point: { ts: number; values: Float64Array; names: readonly string[] } = {
    ts: 0,
    values: new Float64Array(width),
    names: series.valueNames,
  };
  for (let row = 0; row < rows; row++) {
    point.ts = series.times[row] as number;
    for (let j = 0; j < width; j++) point.values[j] = series.values[row * width + j] as number;
    const result = scoreThenLearn(detector, point as VectorPoint);
    scores[row] = result === null ? 0 : result.score;
  }
  return scores;
}
