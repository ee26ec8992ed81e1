/**
 * Reads a numeric time series from CSV text for `tickwatch detect`: a header row, a time column
 * (ISO-8601, or epoch seconds, milliseconds, microseconds or nanoseconds, told apart by size) and
 * one or more numeric value columns. Rows must be in time order (equal times are allowed; the
 * sampling may be irregular). Every problem names its line and column.
 */
import { microsFromIso } from '../core/time.js';

export interface CsvSeries {
  /** Header line as written. */
  readonly header: string;
  /** Data lines as written (without line ends), in input order. */
  readonly lines: readonly string[];
  /** Line number (1-based, in the file) of each data line. */
  readonly lineNumbers: readonly number[];
  readonly times: Float64Array;
  readonly valueNames: readonly string[];
  /** Row-major values: row i, column j at i × columns + j. */
  readonly values: Float64Array;
}

export interface CsvSeriesOptions {
  readonly timeColumn: string;
  /** Value columns; default every column but the time column. */
  readonly valueColumns?: readonly string[];
}

export class CsvInputError extends Error {}

/** Splits one CSV line into fields (RFC 4180 quoting within a line). */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return fields;
}

/** Epoch seconds, milliseconds, microseconds or nanoseconds (by magnitude) or ISO-8601 → µs; null if neither. */
export function parseTime(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) {
    const x = Number(trimmed);
    const magnitude = Math.abs(x);
    const micros = magnitude < 1e11 ? x * 1e6 : magnitude < 1e14 ? x * 1e3 : magnitude < 1e17 ? x : x / 1e3;
    return Math.round(micros);
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed)) return null;
  try {
    return microsFromIso(trimmed);
  } catch {
    return null;
  }
}

export function parseCsvSeries(text: string, options: CsvSeriesOptions): CsvSeries {
  const all = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (all.length > 0 && all[all.length - 1] === '') all.pop();
  const header = all[0];
  if (header === undefined || header.trim() === '')
    throw new CsvInputError('line 1: the file is empty; expected a header row');
  const columns = splitCsvLine(header.replace(/^\uFEFF/, '')).map((c) => c.trim());
  const timeIndex = columns.indexOf(options.timeColumn);
  if (timeIndex < 0) {
    throw new CsvInputError(
      `line 1: no time column "${options.timeColumn}"; the columns are ${columns.join(', ')} (choose one with --time-column)`,
    );
  }
  const valueNames = options.valueColumns ?? columns.filter((_, i) => i !== timeIndex);
  if (valueNames.length === 0) throw new CsvInputError('line 1: no value column besides the time column');
  const valueIndex = valueNames.map((name) => {
    const index = columns.indexOf(name);
    if (index < 0) {
      throw new CsvInputError(
        `line 1: no value column "${name}"; the columns are ${columns.join(', ')} (choose with --value-columns)`,
      );
    }
    if (index === timeIndex) throw new CsvInputError(`line 1: "${name}" is the time column, not a value column`);
    return index;
  });
  const lines: string[] = [];
  const lineNumbers: number[] = [];
  for (let i = 1; i < all.length; i++) {
    const line = all[i] as string;
    if (line.trim() === '') continue; // blank lines carry no row
    lines.push(line);
    lineNumbers.push(i + 1);
  }
  const width = valueNames.length;
  const times = new Float64Array(lines.length);
  const values = new Float64Array(lines.length * width);
  let previous = Number.NEGATIVE_INFINITY;
  lines.forEach((line, row) => {
    const lineNumber = lineNumbers[row] as number;
    const fields = splitCsvLine(line);
    if (fields.length !== columns.length) {
      throw new CsvInputError(`line ${lineNumber}: ${fields.length} fields, the header has ${columns.length}`);
    }
    const timeText = fields[timeIndex] as string;
    const time = parseTime(timeText);
    if (time === null) {
      throw new CsvInputError(
        `line ${lineNumber}, column ${options.timeColumn}: "${timeText}" is not a time (use ISO-8601 such as 2024-01-02T14:30:00Z, or epoch seconds, milliseconds, microseconds or nanoseconds)`,
      );
    }
    if (time < previous) {
      throw new CsvInputError(
        `line ${lineNumber}, column ${options.timeColumn}: ${timeText} is earlier than the row before; sort the rows by time`,
      );
    }
    previous = time;
    times[row] = time;
    valueIndex.forEach((index, j) => {
      const cell = (fields[index] as string).trim();
      const value = cell === '' ? Number.NaN : Number(cell);
      if (!Number.isFinite(value)) {
        throw new CsvInputError(
          `line ${lineNumber}, column ${valueNames[j] as string}: "${cell}" is not a finite number (fill or drop the row)`,
        );
      }
      values[row * width + j] = value;
    });
  });
  return { header, lines, lineNumbers, times, valueNames, values };
}
