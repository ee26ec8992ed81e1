import { describe, expect, it } from 'vitest';
import { CsvInputError, parseCsvSeries, parseTime, splitCsvLine } from './csv-series.js';

describe('parseTime', () => {
  it('reads ISO-8601 and epoch seconds, milliseconds, microseconds and nanoseconds alike', () => {
    const micros = Date.UTC(2024, 0, 2, 14, 30) * 1000; // oracle: the platform's Date.UTC
    expect(parseTime('2024-01-02T14:30:00Z')).toBe(micros);
    expect(parseTime(String(micros / 1e6))).toBe(micros);
    expect(parseTime(String(micros / 1e3))).toBe(micros);
    expect(parseTime(String(micros))).toBe(micros);
    expect(parseTime(`${micros}000`)).toBe(micros);
    expect(parseTime('yesterday')).toBeNull();
    expect(parseTime('')).toBeNull();
  });
});

describe('splitCsvLine', () => {
  it('honours quotes and doubled quotes', () => {
    expect(splitCsvLine('a,"b,c","say ""hi""",')).toEqual(['a', 'b,c', 'say "hi"', '']);
  });
});

describe('parseCsvSeries', () => {
  it('keeps lines as written and reads the chosen columns', () => {
    const series = parseCsvSeries('timestamp,value,label\r\n1,10,x\n\n2,11.5,"y,z"\n', {
      timeColumn: 'timestamp',
      valueColumns: ['value'],
    });
    expect(series.lines).toEqual(['1,10,x', '2,11.5,"y,z"']);
    expect(series.lineNumbers).toEqual([2, 4]);
    expect([...series.values]).toEqual([10, 11.5]);
    expect([...series.times]).toEqual([1e6, 2e6]);
  });

  it('defaults to every column but the time column', () => {
    const series = parseCsvSeries('t,a,b\n2024-01-01,1,2\n2024-01-02,3,4\n', { timeColumn: 't' });
    expect(series.valueNames).toEqual(['a', 'b']);
    expect([...series.values]).toEqual([1, 2, 3, 4]);
  });

  it.each([
    ['time,value\n1,2\n', 'line 1: no time column "timestamp"; the columns are time, value'],
    ['timestamp,value\n1,2\n2,abc\n', 'line 3, column value: "abc" is not a finite number'],
    ['timestamp,value\n1,2\nsoon,3\n', 'line 3, column timestamp: "soon" is not a time'],
    ['timestamp,value\n5,2\n4,3\n', 'line 3, column timestamp: 4 is earlier than the row before'],
    ['timestamp,value\n1,2,3\n', 'line 2: 3 fields, the header has 2'],
    ['', 'line 1: the file is empty'],
  ])('names the line and column of %j', (text, message) => {
    expect(() => parseCsvSeries(text, { timeColumn: 'timestamp' })).toThrow(CsvInputError);
    expect(() => parseCsvSeries(text, { timeColumn: 'timestamp' })).toThrow(message);
  });

  it('rejects a missing value column by name', () => {
    expect(() => parseCsvSeries('timestamp,value\n1,2\n', { timeColumn: 'timestamp', valueColumns: ['cpu'] })).toThrow(
      'line 1: no value column "cpu"',
    );
  });
});
