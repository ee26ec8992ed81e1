import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { SMA } from '../../indicators/trend/sma.js';
import { RSI } from '../../indicators/momentum/rsi.js';
import { MACD } from '../../indicators/trend/macd.js';
import { defaultSet, allIndicators, selectionColumns } from '../../indicators/catalog.js';
import { parseTime, register, splitCsvLine, writeIndicatorsCsv } from './indicators.js';

const dir = mkdtempSync(join(tmpdir(), 'tickwatch-indicators-'));

/** 60 one-minute bars of a zig-zag: deterministic and easy to recompute. */
function barsCsv(rows = 60): string {
  const lines = ['time,open,high,low,close,volume'];
  for (let i = 0; i < rows; i++) {
    const close = 100 + 5 * Math.sin(i / 4) + i * 0.1;
    const time = new Date(Date.UTC(2024, 0, 2, 14, 30 + i)).toISOString();
    lines.push(`${time},${close - 0.2},${close + 0.5},${close - 0.6},${close},${1000 + i}`);
  }
  return `${lines.join('\n')}\n`;
}

function readCsv(path: string): { header: string[]; rows: string[][] } {
  const [head, ...rest] = readFileSync(path, 'utf8').trimEnd().split('\n');
  return { header: (head ?? '').split(','), rows: rest.map((line) => line.split(',')) };
}

async function run(input: string, set: 'default' | 'all' = 'default'): Promise<{ header: string[]; rows: string[][] }> {
  const inputPath = join(dir, `in-${Math.random().toString(36).slice(2)}.csv`);
  const out = `${inputPath}.out.csv`;
  writeFileSync(inputPath, input);
  await writeIndicatorsCsv({ input: inputPath, out, set });
  return readCsv(out);
}

describe('tickwatch indicators', () => {
  it('writes every input row, unchanged, plus one column per indicator output of the default set', async () => {
    const input = barsCsv();
    const { header, rows } = await run(input);
    const expectedColumns = defaultSet().flatMap((s) => selectionColumns(s));
    expect(header).toEqual(['time', 'open', 'high', 'low', 'close', 'volume', ...expectedColumns]);
    expect(header).toContain('sma_20');
    expect(header).toContain('macd_12_26_9_signal');
    expect(header).toContain('adx_14_dip');
    expect(rows).toHaveLength(60);
    const inputRows = input.trimEnd().split('\n').slice(1);
    rows.forEach((row, i) => expect(row.slice(0, 6).join(',')).toBe(inputRows[i]));
  });

  it('values equal the indicators run directly; warm-up cells are empty, not zero', async () => {
    const { header, rows } = await run(barsCsv());
    const closes = rows.map((row) => Number(row[4]));
    const column = (name: string): string[] => rows.map((row) => row[header.indexOf(name)] ?? 'missing');
    const sma = new SMA(20);
    const rsi = new RSI(14);
    const macd = new MACD(12, 26, 9);
    closes.forEach((close, i) => {
      const s = sma.next(close);
      const r = rsi.next(close);
      const m = macd.next(close);
      expect(column('sma_20')[i]).toBe(s === null ? '' : String(s));
      expect(column('rsi_14')[i]).toBe(r === null ? '' : String(r));
      expect(column('macd_12_26_9_histogram')[i]).toBe(m === null ? '' : String(m.histogram));
    });
    expect(
      column('sma_20')
        .slice(0, 19)
        .every((cell) => cell === ''),
    ).toBe(true);
    expect(column('sma_20')[19]).not.toBe('');
  });

  it('--set all writes every indicator with its default parameters', async () => {
    const { header, rows } = await run(barsCsv(100), 'all');
    expect(header.slice(6)).toEqual(allIndicators().flatMap((s) => selectionColumns(s)));
    expect(header).toContain('ichimoku_9_26_52_26_senkou_b');
    // Ichimoku needs 78 bars: the last row has a value, the first does not.
    const at = header.indexOf('ichimoku_9_26_52_26_senkou_b');
    expect(rows[0]?.[at]).toBe('');
    expect(rows[99]?.[at]).not.toBe('');
  });

  it('accepts columns in any order and case, extra columns, CRLF and epoch seconds', async () => {
    const input =
      'Volume,Close,Low,High,Open,Time,note\r\n' +
      Array.from(
        { length: 25 },
        (_, i) => `10,${100 + i},${99 + i},${101 + i},${100 + i},${1704205800 + 60 * i},x`,
      ).join('\r\n');
    const { header, rows } = await run(input);
    expect(header.slice(0, 7)).toEqual(['Volume', 'Close', 'Low', 'High', 'Open', 'Time', 'note']);
    expect(rows[24]?.[header.indexOf('sma_20')]).toBe(String((105 + 124) / 2));
  });

  it('names the line and column of a bad value, and leaves no output behind', async () => {
    const lines = barsCsv(5).trimEnd().split('\n');
    lines[3] = lines[3]?.replace(/,[^,]*,([^,]*),([^,]*),([^,]*)$/, ',abc,$1,$2,$3') ?? '';
    const inputPath = join(dir, 'bad.csv');
    writeFileSync(inputPath, lines.join('\n'));
    await expect(
      writeIndicatorsCsv({ input: inputPath, out: join(dir, 'bad.out.csv'), set: 'default' }),
    ).rejects.toThrow(/bad\.csv line 4, column high: "abc" is not a number/);
    expect(existsSync(join(dir, 'bad.out.csv'))).toBe(false);
  });

  it('rejects a missing column, a short row, unordered times and high < low, with the line', async () => {
    const cases: Array<[string, RegExp]> = [
      ['time,open,high,low,close\n2024-01-02,1,1,1,1\n', /line 1: no "volume" column/],
      ['time,open,high,low,close,volume\n2024-01-02,1,1,1,1\n', /line 2: 5 cells, but the header has 6/],
      [
        'time,open,high,low,close,volume\n2024-01-03,1,1,1,1,1\n2024-01-02,1,1,1,1,1\n',
        /line 3, column time: bars must be in increasing time order/,
      ],
      ['time,open,high,low,close,volume\n2024-01-02,1,1,2,1,1\n', /line 2, column high: high 1 is below low 2/],
      ['time,open,high,low,close,volume\nyesterday,1,1,1,1,1\n', /line 2, column time: "yesterday" is not a time/],
      ['', /the file is empty/],
    ];
    for (const [text, error] of cases) {
      const inputPath = join(dir, 'case.csv');
      writeFileSync(inputPath, text);
      await expect(
        writeIndicatorsCsv({ input: inputPath, out: join(dir, 'case.out.csv'), set: 'default' }),
      ).rejects.toThrow(error);
    }
  });

  it('registers `indicators` with --input, --out and --set on a commander program', () => {
    const program = new Command();
    register(program);
    const command = program.commands.find((c) => c.name() === 'indicators');
    expect(command?.options.map((o) => o.long)).toEqual(['--input', '--out', '--set']);
  });
});

describe('CSV and time helpers', () => {
  it('splits quoted fields', () => {
    expect(splitCsvLine('a,"b,c","d""e"', 'x', 1)).toEqual(['a', 'b,c', 'd"e']);
    expect(() => splitCsvLine('a,"b', 'x.csv', 7)).toThrow(/x\.csv line 7: unterminated/);
  });

  it('reads ISO times and epoch seconds, milliseconds, microseconds', () => {
    const micros = Date.UTC(2024, 0, 2, 14, 30) * 1000;
    expect(parseTime('2024-01-02T14:30:00Z', '')).toBe(micros);
    expect(parseTime(String(micros / 1e6), '')).toBe(micros);
    expect(parseTime(String(micros / 1e3), '')).toBe(micros);
    expect(parseTime(String(micros), '')).toBe(micros);
  });
});
