/**
 * `tickwatch train --detector isolation_forest|lstm_autoencoder|half_space_trees --symbols A,B --from DATE --to DATE`:
 * fits a model on stored feature vectors (written by `run` or `replay`) and saves it as the next
 * version under `<data-dir>/models/<detector>/`, with a progress bar, then prints where it went and
 * its training metrics.
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { join } from 'node:path';
import { microsFromIso, parseTimeframe } from '../../core/time.js';
import { MODEL_DETECTORS, type ModelDetectorName } from '../../models/model-files.js';
import { trainModel, TrainingInputError, type TrainModelResult } from '../../models/train-model.js';
import { openSqliteStore } from '../../store/sqlite/index.js';
import { loadCommandConfig, withCommonOptions, type CommonOptions } from '../options.js';

export interface TrainCommandOptions extends CommonOptions {
  detector: ModelDetectorName;
  symbols: string[];
  from: number;
  to: number;
  timeframe: string;
  features?: string[] | 'all';
  db?: string;
  epochs?: number;
  window?: number;
  units?: number;
  trees?: number;
  depth?: number;
  progress?: boolean;
}

export function register(program: Command): void {
  withCommonOptions(program.command('train'))
    .description('train a machine-learning detector on stored feature vectors and save it as a versioned model')
    .requiredOption('--detector <name>', `${MODEL_DETECTORS.join(' or ')}`, parseDetector)
    .requiredOption('--symbols <list>', 'comma-separated symbols, e.g. AAPL,MSFT', parseSymbols)
    .requiredOption('--from <date>', 'first bar start, ISO-8601 (e.g. 2024-03-04)', parseDate)
    .requiredOption('--to <date>', 'end, exclusive, ISO-8601 (2024-03-09 trains up to the 8th inclusive)', parseDate)
    .option('--timeframe <tf>', 'bar timeframe of the feature vectors', parseTimeframeOption, '1m')
    .option(
      '--features <list>',
      'comma-separated feature names to train on, or "all" (default: the short-horizon set, docs/models.md)',
      (value: string) => (value === 'all' ? ('all' as const) : parseSymbols(value)),
    )
    .option('--db <file>', 'SQLite database to read (default: <data-dir>/tickwatch.db)')
    .option('--epochs <n>', 'lstm_autoencoder: passes over the training windows (default 5)', parsePositiveInteger)
    .option('--window <n>', 'lstm_autoencoder: bars per window (default 32)', parsePositiveInteger)
    .option('--units <n>', 'lstm_autoencoder: LSTM units per layer (default 16)', parsePositiveInteger)
    .option(
      '--trees <n>',
      'isolation_forest, half_space_trees: number of trees (default 100 for both)',
      parsePositiveInteger,
    )
    .option('--depth <n>', 'half_space_trees: depth of each tree, 1–15 (default 10)', parseDepth)
    .option('--no-progress', 'no progress bar (e.g. in logs)')
    .action(async (options: TrainCommandOptions) => {
      try {
        const result = await runTrain(options);
        process.stdout.write(describeModel(result));
      } catch (error) {
        if (!(error instanceof TrainingInputError)) throw error;
        process.stderr.write(`tickwatch train: ${error.message}\n`);
        process.exitCode = 1;
      }
    });
}

export async function runTrain(options: TrainCommandOptions): Promise<TrainModelResult> {
  if (!(options.to > options.from)) throw new TrainingInputError('--to must be after --from');
  const { config } = loadCommandConfig(options);
  const dbPath = options.db ?? config.store.path ?? join(config.dataDir, 'tickwatch.db');
  const store = await openSqliteStore({ path: dbPath });
  const showProgress = options.progress !== false;
  const bar = new SingleBar(
    {
      format: ' {task} |{bar}| {value}/{total} {detail}',
      hideCursor: true,
      noTTYOutput: true, // in logs too, every notTTYSchedule (2 s) and at the end
      stream: process.stderr,
    },
    Presets.shades_classic,
  );
  let active = false;
  const progress = (task: string, value: number, total: number, detail = ''): void => {
    if (!showProgress) return;
    if (!active) {
      bar.start(total, value, { task, detail });
      active = true;
    } else {
      bar.setTotal(total);
      bar.update(value, { task, detail });
    }
  };
  try {
    let loaded = 0;
    let lastLoss = '';
    const epochs = options.epochs ?? 5;
    return await trainModel({
      store,
      storeDescription: dbPath,
      dataDir: config.dataDir,
      detector: options.detector,
      symbols: options.symbols,
      timeframe: options.timeframe,
      ...(options.features === undefined ? {} : { features: options.features }),
      from: options.from,
      to: options.to,
      lstm: {
        ...(options.epochs === undefined ? {} : { epochs: options.epochs }),
        ...(options.window === undefined ? {} : { windowLength: options.window }),
        ...(options.units === undefined ? {} : { units: options.units }),
        onBatch: (epoch, batch, batches) =>
          progress('training', epoch * batches + batch, epochs * batches, `epoch ${epoch + 1}/${epochs}${lastLoss}`),
        onEpoch: (_epoch, loss, validationLoss) => {
          lastLoss = ` loss ${loss.toPrecision(3)}${validationLoss === null ? '' : ` validation ${validationLoss.toPrecision(3)}`}`;
        },
      },
      isolationForest: options.trees === undefined ? {} : { trees: options.trees },
      halfSpaceTrees: {
        ...(options.trees === undefined ? {} : { trees: options.trees }),
        ...(options.depth === undefined ? {} : { depth: options.depth }),
        onProgress: (counted, total) => progress('training', counted, total, 'vectors counted into the mass profile'),
      },
      onLoaded: (symbol, vectors) =>
        progress('loading ', ++loaded, options.symbols.length, `${symbol}: ${vectors} vectors`),
      onWarning: (warning) => process.stderr.write(`warning: ${warning}\n`),
    });
  } finally {
    if (active) bar.stop();
    await store.close();
  }
}

export function describeModel(result: TrainModelResult): string {
  const { metadata } = result;
  const lines = [
    `Wrote ${metadata.detector} model version ${result.version} to ${result.directory}`,
    `  trained on ${metadata.training.vectors} vectors of ${metadata.training.symbols.join(', ')} ` +
      `(${metadata.training.timeframe}, ${metadata.training.from} → ${metadata.training.to}) ` +
      `in ${metadata.training.seconds.toFixed(1)} s; ${metadata.features.names.length} features`,
    ...Object.entries(metadata.metrics).map(([name, value]) => `  ${name.padEnd(22)} ${formatMetric(value)}`),
  ];
  return `${lines.join('\n')}\n`;
}

function formatMetric(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(4);
}

function parseDetector(value: string): ModelDetectorName {
  const found = MODEL_DETECTORS.find((name) => name === value);
  if (found === undefined) throw new InvalidArgumentError(`expected ${MODEL_DETECTORS.join(' or ')}, got "${value}"`);
  return found;
}

function parseSymbols(value: string): string[] {
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (items.length === 0) throw new InvalidArgumentError('expected a comma-separated list, e.g. AAPL,MSFT');
  return items;
}

function parseDate(value: string): number {
  try {
    return microsFromIso(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

function parseTimeframeOption(value: string): string {
  try {
    return parseTimeframe(value).label;
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

function parseDepth(value: string): number {
  const n = parsePositiveInteger(value);
  if (n > 15) throw new InvalidArgumentError(`expected a depth from 1 to 15, got "${value}"`);
  return n;
}

function parsePositiveInteger(value: string): number {
  const n = Number(value);
  if (!(Number.isInteger(n) && n > 0)) throw new InvalidArgumentError(`expected a positive integer, got "${value}"`);
  return n;
}
