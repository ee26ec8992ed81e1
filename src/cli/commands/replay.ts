import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { join } from 'node:path';
import { recordingFiles } from '../../runtime/recording.js';
import { replay } from '../../runtime/replay.js';
import { loadPipelineOptions } from '../../runtime/pipeline-options.js';
import { simulatedInstruments } from '../../runtime/instruments.js';
import { StoreWriter } from '../../runtime/store-writer.js';
import { openSqliteWorkerStore } from '../../store/sqlite/index.js';
import { formatCount } from '../../runtime/live-view.js';
import { loadCommandConfig, withCommonOptions, type CommonOptions } from '../options.js';

interface ReplayCommandOptions extends CommonOptions {
  input: string;
  speed: 'max' | number;
  db?: string;
}

export function register(program: Command): void {
  withCommonOptions(program.command('replay'))
    .description('push recorded input events through the same pipeline into a store')
    .requiredOption(
      '--input <path>',
      'a recording (.ndjson or .ndjson.gz) or a directory of them, e.g. the output of `tickwatch simulate`',
    )
    .option('--speed <speed>', 'max, or N for N× the recorded pace', parseSpeed, 'max' as const)
    .option('--db <file>', 'SQLite database to write (default: <data-dir>/tickwatch.db)')
    .action(async (options: ReplayCommandOptions) => {
      const { config } = loadCommandConfig(options);
      const files = recordingFiles(options.input);
      const dbPath = options.db ?? config.store.path ?? join(config.dataDir, 'tickwatch.db');
      const store = await openSqliteWorkerStore({ path: dbPath });
      const writer = new StoreWriter(store, config.store);
      const started = performance.now();
      const counts: Record<string, number> = {};
      try {
        // Trained models (pipeline.detectors.models) from <data-dir>/models; one that cannot be used is a warning.
        const { instruments: _unused, ...pipeline } = await loadPipelineOptions(config, [], {
          warn: (message) => process.stderr.write(`Warning: ${message}\n`),
          info: (message) => process.stdout.write(`Model: ${message}\n`),
        });
        const result = await replay({
          files,
          pipeline,
          instruments: simulatedInstruments(config.source.simulator.symbols, config.source.simulator.activity),
          speed: options.speed,
          onEvent: (event) => {
            counts[event.type] = (counts[event.type] ?? 0) + 1;
            writer.add(event);
          },
          onBatch: async () => {
            if (writer.full) await writer.flushOverlapped();
          },
        });
        await writer.flush();
        const seconds = (performance.now() - started) / 1000;
        process.stdout.write(
          `Replayed ${formatCount(result.inputs)} input events from ${files.length} file(s) in ${seconds.toFixed(1)} s ` +
            `(${formatCount(result.inputs / seconds)} events/s) into ${dbPath}\n`,
        );
        for (const [type, count] of Object.entries(counts).sort())
          process.stdout.write(`  ${type.padEnd(16)} ${count}\n`);
      } finally {
        await store.close();
      }
    });
}

function parseSpeed(value: string): 'max' | number {
  if (value === 'max') return 'max';
  const speed = Number(value);
  if (!(speed > 0)) throw new InvalidArgumentError(`expected "max" or a positive number, got "${value}"`);
  return speed;
}
