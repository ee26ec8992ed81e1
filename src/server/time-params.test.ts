import { describe, expect, it } from 'vitest';
import { normaliseTimeframe, parseTimeInput } from './time-params.js';

// 2024-01-02T14:30:00Z computed independently: Date.UTC(2024, 0, 2, 14, 30) = 1704205800000 ms.
const MS = Date.UTC(2024, 0, 2, 14, 30);
const US = MS * 1000;

describe('parseTimeInput', () => {
  it('reads ISO-8601 with Z or an offset, and bare dates as UTC midnight', () => {
    expect(parseTimeInput('2024-01-02T14:30:00Z')).toBe(US);
    expect(parseTimeInput('2024-01-02T15:30:00+01:00')).toBe(US);
    expect(parseTimeInput('2024-01-02T14:30:00.123456Z')).toBe(US + 123_456);
    expect(parseTimeInput('2024-01-02')).toBe(Date.UTC(2024, 0, 2) * 1000);
  });

  it('tells epoch milliseconds from microseconds by size', () => {
    expect(parseTimeInput(String(MS))).toBe(US);
    expect(parseTimeInput(MS)).toBe(US);
    expect(parseTimeInput(String(US))).toBe(US);
    expect(parseTimeInput(US + 7)).toBe(US + 7);
    expect(parseTimeInput('0')).toBe(0);
    // The boundary: 1e11 ms and 1e14 µs are the same instant, 1973-03-03T09:46:40Z.
    expect(parseTimeInput(1e11)).toBe(1e14);
    expect(parseTimeInput(1e14)).toBe(1e14);
    expect(parseTimeInput(1e14 - 1)).toBe((1e14 - 1) * 1000);
  });

  it('refuses seconds, negatives, fractions, junk and zone-less date-times, saying what to send', () => {
    expect(() => parseTimeInput('1704205800')).toThrow(/epoch seconds\?\): send milliseconds \(1704205800000\)/);
    expect(() => parseTimeInput('-5')).toThrow(/out of range/);
    expect(() => parseTimeInput('1.5')).toThrow(/not a time/);
    expect(() => parseTimeInput('yesterday')).toThrow(/not a time/);
    expect(() => parseTimeInput('2024-01-02T14:30:00')).toThrow(/no time zone/);
    expect(() => parseTimeInput('2024-01-02T14:30:00 01:00')).toThrow(/%2B01:00/); // a "+" decoded as a space
    expect(() => parseTimeInput('2024-13-45')).toThrow(/invalid date/);
    expect(() => parseTimeInput(String(2 ** 53))).toThrow(/out of range/);
  });
});

describe('normaliseTimeframe', () => {
  it('maps the 1min/5min/1hour style and tickwatch labels to tickwatch labels', () => {
    const cases: [string, string][] = [
      ['1min', '1m'],
      ['5min', '5m'],
      ['15 minutes', '15m'],
      ['1m', '1m'],
      ['1h', '1h'],
      ['1hour', '1h'],
      ['4hr', '4h'],
      ['30sec', '30s'],
      ['1s', '1s'],
      ['1d', '1d'],
      ['1day', '1d'],
      ['01MIN', '1m'],
    ];
    for (const [input, label] of cases) expect(normaliseTimeframe(input), input).toBe(label);
  });

  it('refuses what tickwatch cannot build', () => {
    expect(() => normaliseTimeframe('7m')).toThrow(/divide 24h/);
    expect(() => normaliseTimeframe('2d')).toThrow(/only 1d/);
    expect(() => normaliseTimeframe('1week')).toThrow(/not a timeframe/);
    expect(() => normaliseTimeframe('m')).toThrow(/not a timeframe/);
  });
});
