import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { writeFileSync } from 'node:fs';
import { runEvaluation } from '../../evaluation/run-eval.js';
import { formatEvalReport } from '../../evaluation/format-report.js';
import { loadCommandConfig, withCommonOptions, type CommonOptions } from '../options.js';

interface EvalCommandOptions extends CommonOptions {
  dataset: string;
  json?: string;
  before: number;
  after: number;
  members: boolean;
  burnIn?: number;
}

export function register(program: Command): void {
  withCommonOptions(program.command('eval'))
    .description(
      'replay a simulator dataset through the configured detectors and score them against its labels (docs/evaluation.md)',
    )
    .requiredOption('--dataset <dir>', 'a directory written by `tickwatch simulate`')
    .option('--json <file>', 'also write the report as JSON to this file')
    .option('--before <seconds>', 'tolerance before a label starts', parseSeconds, 60)
    .option('--after <seconds>', 'tolerance after a label ends', parseSeconds, 300)
    .option(
      '--burn-in <duration>',
      "time from each symbol's first trade that warms the detectors up and is not scored, e.g. 4h, 1d, 0 (default: source.warmup.minutes, what `run` warms up on)",
      parseDuration,
    )
    .option('--no-members', 'do not evaluate each ensemble member on its own')
    .action(async (options: EvalCommandOptions) => {
      const { config } = loadCommandConfig(options);
      const report = await runEvaluation({
        dataset: options.dataset,
        config,
        beforeSeconds: options.before,
        afterSeconds: options.after,
        ...(options.burnIn !== undefined ? { burnInSeconds: options.burnIn } : {}),
        members: options.members,
        models: {
          warn: (message) => process.stderr.write(`Warning: ${message}\n`),
          info: (message) => process.stderr.write(`Model: ${message}\n`),
        },
        onProgress: (inputs) => {
          // One redrawn line on a terminal; every 5M inputs a line of its own in a log or pipe.
          if (process.stderr.isTTY) {
            if (inputs % 1_048_576 < 4096) process.stderr.write(`\r  replayed ${(inputs / 1e6).toFixed(0)}M inputs`);
          } else if (inputs % 5_242_880 < 4096)
            process.stderr.write(`  replayed ${(inputs / 1e6).toFixed(0)}M inputs\n`);
        },
      });
      if (process.stderr.isTTY) process.stderr.write('\n');
      process.stdout.write(formatEvalReport(report));
      process.stdout.write(
        `\nReplayed ${report.inputs} input events in ${report.seconds.toFixed(1)} s${options.json ? `; report in ${options.json}` : ''}\n`,
      );
      if (options.json !== undefined) writeFileSync(options.json, `${JSON.stringify(report, null, 2)}\n`);
    });
}

function parseSeconds(value: string): number {
  const parsed = Number(value);
  if (!(parsed >= 0)) throw new InvalidArgumentError(`expected seconds (0 or more), got "${value}"`);
  return parsed;
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3_600, d: 86_400 };

/** `90s`, `240m`, `4h`, `1d` or `0` → seconds. */
export function parseDuration(value: string): number {
  const match = /^(\d+(?:\.\d+)?)([smhd])?$/.exec(value.trim());
  const amount = match === null ? Number.NaN : Number(match[1]);
  const unit = match?.[2];
  if (match === null || (unit === undefined && amount !== 0))
    throw new InvalidArgumentError(`expected a duration such as 90s, 240m, 4h, 1d or 0, got "${value}"`);
  return amount * (unit === undefined ? 0 : (UNIT_SECONDS[unit] as number));
}
