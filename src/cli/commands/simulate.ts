import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Label } from '../../core/events.js';
import { MICROS_PER_DAY, isoFromMicros, microsFromIso } from '../../core/time.js';
import { MarketSimulator, defaultUniverse } from '../../sources/simulator/index.js';
import { RecordingWriter } from '../../runtime/recording.js';
import { RECORDING_HEADER, type RecordingHeader } from '../../runtime/replay.js';
import { formatCount } from '../../runtime/live-view.js';
import { parsePositiveInteger } from './run.js';

interface SimulateOptions {
  symbols: number;
  days: number;
  seed: string;
  out: string;
  start: string;
  anomalyRate: number;
  gzip: boolean;
}

/** Fixed default start (a Monday) so that the same command always writes the same dataset. */
const DEFAULT_START = '2025-01-06';

export function register(program: Command): void {
  program
    .command('simulate')
    .description('write a simulated market (trades, quotes) and its ground-truth anomaly labels to a directory')
    .option(
      '--symbols <count>',
      'number of symbols (stocks on the NYSE session and 24/7 crypto)',
      parsePositiveInteger,
      10,
    )
    .option('--days <days>', 'calendar days to simulate', parsePositiveNumber, 1)
    .option('--seed <seed>', 'random seed: the same seed gives the same dataset', '42')
    .requiredOption('--out <dir>', 'output directory')
    .option('--start <date>', 'start date/time (ISO-8601, UTC)', DEFAULT_START)
    .option('--anomaly-rate <n>', 'expected injected anomalies per symbol per day', parsePositiveNumber, 4)
    .option('--no-gzip', 'write events.ndjson uncompressed')
    .action(async (options: SimulateOptions) => {
      const start = microsFromIso(options.start);
      const end = start + Math.round(options.days * MICROS_PER_DAY);
      const instruments = defaultUniverse(options.symbols);
      const seed = /^-?\d+$/.test(options.seed) ? Number(options.seed) : options.seed;
      const simulator = new MarketSimulator({
        seed,
        start,
        instruments,
        anomaliesPerSymbolDay: options.anomalyRate,
        meanLatency: 2_000,
      });
      mkdirSync(options.out, { recursive: true });
      const eventsFile = join(options.out, options.gzip ? 'events.ndjson.gz' : 'events.ndjson');
      const writer = new RecordingWriter(eventsFile);
      const header: RecordingHeader = {
        type: RECORDING_HEADER,
        version: 1,
        instruments,
        createdBy: `tickwatch simulate --symbols ${options.symbols} --days ${options.days} --seed ${options.seed} --start ${options.start}`,
      };
      writer.write(header);
      const labels: Label[] = [];
      let trades = 0;
      let quotes = 0;
      const started = performance.now();
      const step = MICROS_PER_DAY / 24;
      for (let t = start; t < end;) {
        t = Math.min(end, t + step);
        simulator.advance(t, (event) => {
          if (event.type === 'label') labels.push(event);
          else if (event.type === 'trade') trades++;
          else quotes++;
          writer.write(event);
        });
        await writer.flush();
        const percent = Math.round(((t - start) / (end - start)) * 100);
        // A terminal gets one line redrawn; a log or pipe gets a line per simulated day.
        if (process.stderr.isTTY) process.stderr.write(`\r  simulated ${percent}%`);
        else if ((t - start) % MICROS_PER_DAY === 0 || t === end) process.stderr.write(`  simulated ${percent}%\n`);
      }
      await writer.close();
      if (process.stderr.isTTY) process.stderr.write('\n');
      const csv = [
        'kind,symbol,start,end',
        ...labels.map((l) => `${l.kind},${l.symbol},${isoFromMicros(l.start)},${isoFromMicros(l.end)}`),
      ];
      writeFileSync(join(options.out, 'labels.csv'), `${csv.join('\n')}\n`);
      writeFileSync(
        join(options.out, 'meta.json'),
        `${JSON.stringify({ ...header, type: undefined, start: isoFromMicros(start), end: isoFromMicros(end), trades, quotes, labels: labels.length }, null, 2)}\n`,
      );
      const seconds = (performance.now() - started) / 1000;
      process.stdout.write(
        `Wrote ${formatCount(trades)} trades, ${formatCount(quotes)} quotes and ${labels.length} labels for ${instruments.length} symbols ` +
          `(${isoFromMicros(start).slice(0, 10)} + ${options.days} days) to ${options.out} in ${seconds.toFixed(1)} s\n`,
      );
    });
}

function parsePositiveNumber(value: string): number {
  const parsed = Number(value);
  if (!(parsed > 0)) throw new InvalidArgumentError(`expected a positive number, got "${value}"`);
  return parsed;
}
