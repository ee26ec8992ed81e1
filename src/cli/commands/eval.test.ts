import { describe, expect, it } from 'vitest';
import { parseDuration } from './eval.js';

describe('eval --burn-in durations', () => {
  it('reads seconds, minutes, hours and days, and 0 without a unit', () => {
    expect(parseDuration('90s')).toBe(90);
    expect(parseDuration('240m')).toBe(14_400);
    expect(parseDuration('4h')).toBe(14_400);
    expect(parseDuration('1.5d')).toBe(129_600);
    expect(parseDuration('0')).toBe(0);
  });

  it('rejects a number without a unit, a negative or an unknown unit, naming the forms it takes', () => {
    for (const bad of ['240', '-1h', '4w', 'four hours', ''])
      expect(() => parseDuration(bad)).toThrow(/expected a duration such as 90s, 240m, 4h, 1d or 0/);
  });
});
