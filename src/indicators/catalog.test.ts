import { describe, expect, it } from 'vitest';
import { indicatorContract } from '../../test/contract/operator-contract.js';
import { walkBars } from '../../test/indicators/trend-series.js';
import { INDICATORS, allIndicators, defaultSet, findIndicator, selectIndicator, selectionColumns } from './catalog.js';
import { columnNames, columnValues, resolveParams } from './types.js';

const bars = walkBars(240, { flatEvery: 90, flatLength: 12 });

// Every catalog entry, adapted to bars, passes the operator contract with its default parameters.
for (const spec of INDICATORS) {
  indicatorContract(`catalog ${spec.name}`, { create: () => spec.create(resolveParams(spec)), inputs: bars });
}

describe('indicator catalog', () => {
  it('has unique lower-case names and valid defaults', () => {
    const names = INDICATORS.map((spec) => spec.name);
    expect(new Set(names).size).toBe(names.length);
    for (const spec of INDICATORS) {
      expect(spec.name).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(() => resolveParams(spec)).not.toThrow();
    }
  });

  it('each output row has exactly the declared named outputs', () => {
    for (const spec of INDICATORS) {
      const indicator = spec.create(resolveParams(spec));
      let last = null;
      for (const bar of bars) last = indicator.next(bar);
      expect(last, spec.name).not.toBeNull();
      if (spec.outputs.length === 0) expect(typeof last, spec.name).toBe('number');
      else expect(Object.keys(last as object).sort(), spec.name).toEqual([...spec.outputs].sort());
      const values = columnValues(spec, last);
      expect(values.length).toBe(columnNames(spec, resolveParams(spec)).length);
      for (const value of values) expect(Number.isFinite(value), `${spec.name}: ${values.join(',')}`).toBe(true);
    }
  });

  it('names columns name_param1_param2[_output] in lower case', () => {
    const macd = selectIndicator('macd');
    expect(selectionColumns(macd)).toEqual(['macd_12_26_9_line', 'macd_12_26_9_signal', 'macd_12_26_9_histogram']);
    expect(selectionColumns(selectIndicator('sma', [50]))).toEqual(['sma_50']);
    expect(selectionColumns(selectIndicator('adx'))[0]).toBe('adx_14_dip');
    expect(selectionColumns(selectIndicator('ichimoku'))).toContain('ichimoku_9_26_52_26_senkou_a');
    expect(selectionColumns(selectIndicator('sar'))).toEqual(['sar_0.02_0.2']);
  });

  it('fills defaults and rejects bad parameters with the indicator and parameter named', () => {
    expect(selectIndicator('MACD', [5]).params).toEqual([5, 26, 9]);
    expect(() => selectIndicator('sma', [0])).toThrow(/sma: parameter period must be at least 1/);
    expect(() => selectIndicator('sma', [2.5])).toThrow(/sma: parameter period must be an integer/);
    expect(() => selectIndicator('sma', [1, 2])).toThrow(/takes 1 parameter/);
    expect(() => selectIndicator('nope')).toThrow(/unknown indicator "nope": known are .*sma/);
    expect(findIndicator('rsi')?.family).toBe('momentum');
  });

  it('the default set is a subset of all, with default parameters', () => {
    const all = allIndicators().map((s) => s.spec.name);
    const defaults = defaultSet();
    expect(defaults.length).toBeGreaterThanOrEqual(5);
    for (const selection of defaults) {
      expect(all).toContain(selection.spec.name);
      expect(selection.params).toEqual(resolveParams(selection.spec));
    }
  });

  it('NaN marks warm-up in column values (never zero)', () => {
    const spec = selectIndicator('macd').spec;
    expect(columnValues(spec, null)).toEqual([Number.NaN, Number.NaN, Number.NaN]);
  });
});
