/**
 * The trained models of `pipeline.detectors.models` as pipeline feature-detector setups. Each
 * model is read once; a model that is missing, corrupt or incompatible — or whose detector fails
 * to build — is reported through `warn` and skipped, so `run` and `replay` go on with the rule and
 * statistical detectors. Never throws for a model problem.
 */
import type { TickwatchConfig } from '../config/schema.js';
import type { FeatureDetectorSetup } from '../pipeline/pipeline.js';
import { loadModelDetectorFactory } from './load-model-detector.js';

export interface ModelReport {
  /** A model that cannot be used: log it and tell the user. */
  warn(message: string): void;
  /** A model in use. */
  info(message: string): void;
}

export async function loadModelSetups(
  config: TickwatchConfig,
  report: ModelReport,
  dataDir: string = config.dataDir,
): Promise<FeatureDetectorSetup[]> {
  const setups: FeatureDetectorSetup[] = [];
  for (const entry of config.pipeline.detectors.models) {
    const result = await loadModelDetectorFactory(
      dataDir,
      entry.detector,
      entry.version === null ? {} : { version: entry.version },
    );
    if (result.status !== 'loaded') {
      report.warn(result.warning);
      continue;
    }
    const create = result.value;
    try {
      create(); // built once here, so a detector that cannot be built is a warning, not a crash later
    } catch (error) {
      report.warn(
        `${entry.detector} model ${result.directory} cannot be used (${(error as Error).message}); running without it — retrain with \`tickwatch train --detector ${entry.detector}\``,
      );
      continue;
    }
    const trainedOn = result.metadata?.training.timeframe;
    for (const timeframe of entry.timeframes) {
      if (trainedOn !== undefined && trainedOn !== timeframe)
        report.warn(
          `${entry.detector} model version ${result.version} was trained on ${trainedOn} feature vectors and now scores ${timeframe} ones: ` +
            `expect more anomalies than usual — train one on ${timeframe} (\`tickwatch train --detector ${entry.detector} --timeframe ${timeframe} …\`)`,
        );
      setups.push({ timeframe, create, context: { model: `${entry.detector} v${result.version}` } });
    }
    const training = result.metadata?.training;
    report.info(
      `${entry.detector} model version ${result.version} scores ${entry.timeframes.join(', ')} feature vectors` +
        (training === undefined
          ? ''
          : ` (trained on ${training.vectors} vectors of ${training.symbols.join(', ')}, ${training.from} to ${training.to})`),
    );
  }
  return setups;
}
