/**
 * `tickwatch indicators --input BARS.csv --out OUT.csv [--set default|all]`: indicators on any
 * bar data. Reads bars (a header with time, open, high, low, close, volume — any order, any case,
 * extra columns passed through), writes every input row unchanged followed by one column per
 * indicator output, named `name_param1_param2[_output]` (sma_20, macd_12_26_9_signal). Warm-up
 * cells are empty, never zero. Streams line by line, so file size is not limited by memory.
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Indicator } from '../../core/operator.js';
import { microsFromIso } from '../../core/time.js';
import type { IndicatorSelection } from '../../indicators/catalog.js';
import { allIndicators, createIndicator, defaultSet, selectionColumns } from '../../indicators/catalog.js';
import type { IndicatorValue, OHLCV } from '../../indicators/types.js';
import { columnValues } from '../../indicators/types.js';

export type IndicatorSetName = 'default' | 'all';

export interface IndicatorsCommandOptions {
  readonly input: string;
  readonly out: string;
  readonly set: IndicatorSetName;
}

export function register(program: Command): void {
  program
    .command('indicators')
    .description('compute technical indicators on a CSV of bars and write them as extra columns')
    .requiredOption(
      '--input <file>',
      'bars CSV with a header: time, open, high, low, close, volume (time: ISO-8601 or epoch s/ms/µs)',
    )
    .requiredOption('--out <file>', 'output CSV: the input rows plus one column per indicator output')
    .option(
      '--set <set>',
      'default (the default set) or all (every indicator, customary parameters)',
      parseSet,
      'default' as const,
    )
    .action(async (options: IndicatorsCommandOptions) => {
      const result = await writeIndicatorsCsv(options);
      process.stdout.write(
        `Wrote ${result.rows} rows × ${result.columns.length} indicator columns to ${options.out}\n`,
      );
    });
}

function parseSet(value: string): IndicatorSetName {
  if (value === 'default' || value === 'all') return value;
  throw new InvalidArgumentError(`expected "default" or "all", got "${value}"`);
}

export function indicatorSet(name: IndicatorSetName): IndicatorSelection[] {
  return name === 'all' ? allIndicators() : defaultSet();
}

/** Reads `input`, writes `out`; resolves with the number of data rows and the added columns. */
export async function writeIndicatorsCsv(
  options: IndicatorsCommandOptions,
): Promise<{ rows: number; columns: string[] }> {
  const table = new IndicatorTable(indicatorSet(options.set), options.input);
  const lines = createInterface({ input: createReadStream(options.input, 'utf8'), crlfDelay: Infinity });
  const out = createWriteStream(options.out, 'utf8');
  const outClosed = once(out, 'close');
  let failure: unknown = null;
  out.on('error', (error) => {
    failure ??= error;
  });
  try {
    let lineNumber = 0;
    for await (const line of lines) {
      lineNumber++;
      const text = lineNumber === 1 ? table.header(line) : table.row(line, lineNumber);
      if (text !== null && !out.write(`${text}\n`)) await once(out, 'drain');
    }
    if (lineNumber === 0)
      throw new Error(
        `${options.input}: the file is empty; expected a header with time, open, high, low, close, volume`,
      );
  } catch (error) {
    failure ??= error;
  } finally {
    lines.close();
    out.end();
    await outClosed;
  }
  if (failure) {
    await rm(options.out, { force: true }); // no half-written output that looks like a result
    throw failure;
  }
  return { rows: table.rows, columns: table.columns };
}

const REQUIRED = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;
type RequiredColumn = (typeof REQUIRED)[number];

/** The pure part: turns CSV lines of bars into output lines with indicator columns. */
export class IndicatorTable {
  readonly columns: string[];
  rows = 0;
  private readonly indicators: Array<{ selection: IndicatorSelection; indicator: Indicator<OHLCV, IndicatorValue> }>;
  private index: Record<RequiredColumn, number> | null = null;
  private width = 0;
  private previousTime = Number.NEGATIVE_INFINITY;
  private readonly scratch: number[] = [];

  constructor(
    selections: readonly IndicatorSelection[],
    private readonly source: string,
  ) {
    this.indicators = selections.map((selection) => ({ selection, indicator: createIndicator(selection) }));
    this.columns = selections.flatMap((selection) => selectionColumns(selection));
  }

  /** Reads the header line; returns the output header. */
  header(line: string): string {
    const names = splitCsvLine(line, this.source, 1).map((name) => name.trim().toLowerCase());
    const index = {} as Record<RequiredColumn, number>;
    for (const column of REQUIRED) {
      const at = names.indexOf(column);
      if (at < 0)
        throw new Error(
          `${this.source} line 1: no "${column}" column; the header must name time, open, high, low, close, volume (found: ${names.join(', ')})`,
        );
      index[column] = at;
    }
    const clash = this.columns.find((column) => names.includes(column));
    if (clash) throw new Error(`${this.source} line 1: the input already has a column "${clash}"`);
    this.index = index;
    this.width = names.length;
    return [line.replace(/\r$/, ''), ...this.columns].join(',');
  }

  /** One data line → the output line (null for a blank line). */
  row(line: string, lineNumber: number): string | null {
    if (line.trim() === '') return null;
    const index = this.index;
    if (!index) throw new Error(`${this.source}: header not read`);
    const cells = splitCsvLine(line, this.source, lineNumber);
    if (cells.length !== this.width) {
      throw new Error(`${this.source} line ${lineNumber}: ${cells.length} cells, but the header has ${this.width}`);
    }
    const bar = this.parseBar(cells, index, lineNumber);
    const parts = [line.replace(/\r$/, '')];
    for (const { selection, indicator } of this.indicators) {
      for (const value of columnValues(selection.spec, indicator.next(bar), this.scratch))
        parts.push(formatNumber(value));
    }
    this.rows++;
    return parts.join(',');
  }

  private parseBar(cells: readonly string[], index: Record<RequiredColumn, number>, lineNumber: number): OHLCV {
    const number = (column: RequiredColumn): number => {
      const text = (cells[index[column]] ?? '').trim();
      const value = text === '' ? Number.NaN : Number(text);
      if (!Number.isFinite(value))
        throw new Error(`${this.source} line ${lineNumber}, column ${column}: "${text}" is not a number`);
      return value;
    };
    const start = parseTime((cells[index.time] ?? '').trim(), `${this.source} line ${lineNumber}, column time`);
    if (start <= this.previousTime) {
      throw new Error(
        `${this.source} line ${lineNumber}, column time: bars must be in increasing time order (this bar is not after the previous one)`,
      );
    }
    this.previousTime = start;
    const bar = {
      start,
      open: number('open'),
      high: number('high'),
      low: number('low'),
      close: number('close'),
      volume: number('volume'),
    };
    if (bar.high < bar.low)
      throw new Error(`${this.source} line ${lineNumber}, column high: high ${bar.high} is below low ${bar.low}`);
    if (bar.volume < 0) throw new Error(`${this.source} line ${lineNumber}, column volume: ${bar.volume} is negative`);
    return bar;
  }
}

/** ISO-8601 (or YYYY-MM-DD), or a number of epoch seconds, milliseconds or microseconds (by magnitude). */
export function parseTime(text: string, where: string): number {
  if (/^-?\d+(\.\d+)?$/.test(text)) {
    const value = Number(text);
    const magnitude = Math.abs(value);
    if (magnitude < 1e11) return Math.round(value * 1e6); // seconds (until year 5138)
    if (magnitude < 1e14) return Math.round(value * 1e3); // milliseconds
    return Math.round(value); // microseconds
  }
  try {
    return microsFromIso(text);
  } catch {
    throw new Error(
      `${where}: "${text}" is not a time; use ISO-8601 (2024-01-02T14:30:00Z) or epoch seconds/milliseconds/microseconds`,
    );
  }
}

/** Splits one CSV line (RFC 4180 quoting: "a,b" and "" for a quote). */
export function splitCsvLine(line: string, source: string, lineNumber: number): string[] {
  const text = line.endsWith('\r') ? line.slice(0, -1) : line;
  if (!text.includes('"')) return text.split(',');
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      cells.push(cell);
      cell = '';
    } else cell += char;
  }
  if (quoted) throw new Error(`${source} line ${lineNumber}: unterminated quoted field`);
  cells.push(cell);
  return cells;
}

/** Shortest text that reads back to the same double; empty for NaN (warm-up). */
function formatNumber(value: number): string {
  return Number.isNaN(value) ? '' : String(value);
}
