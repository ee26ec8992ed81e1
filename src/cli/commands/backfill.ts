/**
 * `tickwatch backfill --source NAME --symbols A,B --from DATE --to DATE --timeframe TF`: fetches
 * historical bars from a provider's REST API into the store, with a progress bar, the rate limit
 * of the chosen subscription tier, resumption after an interruption (a cursor per source,
 * symbol and timeframe is committed with each page) and idempotent upserts. Keys come from the
 * environment (POLYGON_API_KEY, ALPACA_API_KEY_ID/ALPACA_API_SECRET_KEY, ALPHA_VANTAGE_API_KEY,
 * FMP_API_KEY); Binance, Coinbase and Yahoo need none.
 */
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { join } from 'node:path';
import type { Micros } from '../../core/events.js';
import {
  createBarHistory,
  HISTORY_SOURCE_TIERS,
  HISTORY_SOURCES,
  historyTimeframes,
  runBackfill,
  type BackfillSummary,
} from '../../sources/rest/index.js';
import { openSqliteStore } from '../../store/sqlite/index.js';
import { loadCommandConfig, withCommonOptions, type CommonOptions } from '../options.js';

export interface BackfillCommandOptions extends CommonOptions {
  source: string;
  symbols: string[];
  from: Micros;
  to: Micros;
  timeframe: string;
  tier?: string;
  baseUrl?: string;
  db?: string;
  restart?: boolean;
  progress?: boolean;
}

export function register(program: Command): void {
  withCommonOptions(program.command('backfill'))
    .description('fetch historical bars from a provider into the store (resumable, idempotent)')
    .requiredOption('--source <name>', `one of ${HISTORY_SOURCES.join(', ')}`, parseSource)
    .requiredOption(
      '--symbols <list>',
      'comma-separated symbols as the provider writes them (AAPL, BTCUSDT, BTC-USD)',
      parseSymbols,
    )
    .requiredOption('--from <date>', 'start, YYYY-MM-DD (UTC midnight) or an ISO-8601 time', parseTime)
    .requiredOption('--to <date>', 'end (exclusive), YYYY-MM-DD or an ISO-8601 time', parseTime)
    .requiredOption('--timeframe <tf>', 'bar timeframe: 1m, 5m, 15m, 1h, 1d, … (the provider must serve it)')
    .option('--tier <tier>', tierHelp())
    .option('--base-url <url>', "the provider's REST base URL (default: its public host)")
    .option('--db <file>', 'SQLite database to write (default: <data-dir>/tickwatch.db)')
    .option('--restart', 'ignore stored cursors and fetch the whole range again')
    .option('--no-progress', 'no progress bar')
    .action(async (options: BackfillCommandOptions) => {
      const summary = await backfillCommand(options);
      process.stdout.write(formatSummary(summary));
    });
}

/** Runs the backfill with a progress bar on stderr (when a terminal) and returns the summary. */
export async function backfillCommand(
  options: BackfillCommandOptions,
  environment: Readonly<Record<string, string | undefined>> = process.env,
): Promise<BackfillSummary> {
  const timeframes = historyTimeframes(options.source);
  if (!timeframes.includes(options.timeframe)) {
    throw new InvalidArgumentError(
      `${options.source} serves ${timeframes.join(', ')}; got --timeframe ${options.timeframe}`,
    );
  }
  const { config } = loadCommandConfig(options);
  const dbPath = options.db ?? config.store.path ?? join(config.dataDir, 'tickwatch.db');
  const history = createBarHistory(options.source, { tier: options.tier, baseUrl: options.baseUrl, environment });
  const store = await openSqliteStore({ path: dbPath });
  const showProgress = options.progress !== false && process.stderr.isTTY === true;
  const bar = new cliProgress.SingleBar(
    {
      format: `${options.source} {symbol} [{bar}] {percentage}% | {rows} bars | ETA {eta_formatted}`,
      stream: process.stderr,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const perSymbol = 1_000;
  if (showProgress) bar.start(options.symbols.length * perSymbol, 0, { symbol: options.symbols[0] ?? '', rows: 0 });
  const abort = new AbortController();
  const onSignal = (): void => abort.abort(new Error('interrupted; run the same command again to resume'));
  process.once('SIGINT', onSignal);
  try {
    return await runBackfill({
      store,
      history,
      symbols: options.symbols,
      timeframe: options.timeframe,
      from: options.from,
      to: options.to,
      restart: options.restart,
      signal: abort.signal,
      onProgress: (progress) => {
        if (!showProgress) return;
        const index = options.symbols.indexOf(progress.symbol);
        bar.update(Math.round((index + progress.fraction) * perSymbol), {
          symbol: progress.symbol,
          rows: progress.rows,
        });
      },
    });
  } finally {
    process.off('SIGINT', onSignal);
    if (showProgress) bar.stop();
    await store.close();
  }
}

export function formatSummary(summary: BackfillSummary): string {
  const lines = [
    `Backfilled ${summary.source} ${summary.timeframe}: ${summary.rows} bars received, ${summary.added} new rows stored`,
    `  gaps found ${summary.gapsFound}, filled ${summary.gapsFilled}, remaining ${summary.gapsRemaining} ` +
      '(remaining: windows the provider has no bars for, e.g. no trades or market closed)',
  ];
  for (const s of summary.symbols) {
    const state = s.skipped
      ? 'already complete'
      : s.resumedFrom !== null
        ? `resumed at ${isoOf(s.resumedFrom)}`
        : 'fetched';
    lines.push(
      `  ${s.symbol.padEnd(12)} ${String(s.rows).padStart(8)} bars ${String(s.added).padStart(8)} new  ` +
        `gaps ${s.gapsFound}/${s.gapsFilled}/${s.gapsRemaining}  (${state})`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function isoOf(micros: Micros): string {
  return new Date(Math.floor(micros / 1_000)).toISOString();
}

function tierHelp(): string {
  return `rate-limit tier: ${Object.entries(HISTORY_SOURCE_TIERS)
    .filter(([, tiers]) => tiers.length > 1)
    .map(([source, tiers]) => `${source} ${tiers.join('|')}`)
    .join('; ')} (default: the first)`;
}

function parseSource(value: string): string {
  if (!HISTORY_SOURCES.includes(value)) throw new InvalidArgumentError(`expected one of ${HISTORY_SOURCES.join(', ')}`);
  return value;
}

function parseSymbols(value: string): string[] {
  const symbols = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (symbols.length === 0) throw new InvalidArgumentError('expected at least one symbol');
  return symbols;
}

/** `YYYY-MM-DD` (UTC midnight) or an ISO-8601 time with a zone → µs. */
export function parseTime(value: string): Micros {
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
  const ms = /\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:\d{2})$/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms))
    throw new InvalidArgumentError(`expected YYYY-MM-DD or an ISO-8601 time with a zone, got "${value}"`);
  return ms * 1_000;
}
