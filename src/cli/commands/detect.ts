import type { Command } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { CsvInputError, parseCsvSeries } from '../../evaluation/csv-series.js';
import { scoreSeries, seriesDetector } from '../../evaluation/detect-series.js';

interface DetectCommandOptions {
  input: string;
  out: string;
  timeColumn: string;
  valueColumns?: string;
  detector: string;
}

export function register(program: Command): void {
  program
    .command('detect')
    .description(
      'score any numeric CSV time series causally and write it back with an anomaly_score column in [0, 1] (0 while warming up)',
    )
    .requiredOption('--input <file>', 'CSV with a header row, a time column and numeric value columns')
    .requiredOption('--out <file>', 'CSV to write: every input row, in order, plus anomaly_score')
    .option(
      '--time-column <name>',
      'the time column (ISO-8601, or epoch seconds, milliseconds, microseconds or nanoseconds, told apart by size)',
      'timestamp',
    )
    .option('--value-columns <names>', 'comma-separated value columns (default: every other column)')
    .option(
      '--detector <name>',
      'ensemble, or one detector such as robust_zscore, ewma_chart, isolation_forest',
      'ensemble',
    )
    .action((options: DetectCommandOptions) => {
      const started = performance.now();
      try {
        const series = parseCsvSeries(readFileSync(options.input, 'utf8'), {
          timeColumn: options.timeColumn,
          valueColumns: options.valueColumns?.split(',').map((c) => c.trim()),
        });
        const detector = seriesDetector(options.detector);
        const scores = scoreSeries(series, detector);
        const out: string[] = [`${series.header},anomaly_score`];
        series.lines.forEach((line, i) => out.push(`${line},${formatScore(scores[i] as number)}`));
        writeFileSync(options.out, `${out.join('\n')}\n`);
        const seconds = (performance.now() - started) / 1000;
        process.stdout.write(
          `Scored ${series.lines.length} rows with ${detector.name} (first ${detector.warmUp} rows warm up and score 0) ` +
            `in ${seconds.toFixed(2)} s into ${options.out}\n`,
        );
      } catch (error) {
        if (error instanceof CsvInputError || error instanceof Error) {
          const where = error instanceof CsvInputError ? `${options.input}: ` : '';
          process.stderr.write(`${where}${error.message}\n`);
          process.exitCode = 1;
          return;
        }
        throw error;
      }
    });
}

/** Six decimals: enough to rank, short to read; never exponent notation. */
function formatScore(score: number): string {
  return score.toFixed(6);
}
