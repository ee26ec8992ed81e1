/**
 * The catalog entries of the volatility, volume and statistics families: each creates an
 * indicator from its default parameters that runs on bars, passes the operator contract through
 * the catalog's bar adapter, and produces exactly the outputs its spec declares.
 */
import { describe, expect, it } from 'vitest';
import { INDICATORS } from '../../src/indicators/catalog.js';
import { catalog as statistics } from '../../src/indicators/statistics/index.js';
import { columnNames, resolveParams, type IndicatorValue } from '../../src/indicators/types.js';
import { catalog as volatility } from '../../src/indicators/volatility/index.js';
import { catalog as volume } from '../../src/indicators/volume/index.js';
import { indicatorContract } from '../contract/operator-contract.js';
import { randomBars } from './synthetic-series.js';
import { loadBars, stream } from './ttr-fixture.js';

const specs = [...volatility, ...volume, ...statistics];
const bars = randomBars(300, 'catalog');

for (const spec of specs) {
  indicatorContract(`catalog ${spec.name}`, { create: () => spec.create(resolveParams(spec)), inputs: bars });
}

describe('volatility, volume and statistics catalog entries', () => {
  it('are all in the global catalog under unique names', () => {
    const names = INDICATORS.map((s) => s.name);
    for (const spec of specs) expect(names.filter((n) => n === spec.name)).toHaveLength(1);
    expect(specs.map((s) => s.family).every((f) => ['volatility', 'volume', 'statistics'].includes(f))).toBe(true);
  });

  for (const spec of specs) {
    it(`${spec.name}: outputs what the spec declares, finite after warm-up, on the intraday fixture`, () => {
      const params = resolveParams(spec);
      const indicator = spec.create(params);
      const out = stream<unknown, IndicatorValue>(indicator, loadBars('sim'));
      const values = out.slice(indicator.warmUp);
      expect(out.slice(0, indicator.warmUp).every((v) => v === null)).toBe(true);
      for (const value of values) {
        if (spec.outputs.length === 0) {
          expect(typeof value).toBe('number');
          expect(Number.isFinite(value)).toBe(true);
        } else {
          expect(Object.keys(value as object).sort()).toEqual([...spec.outputs].sort());
          for (const v of Object.values(value as object)) expect(Number.isFinite(v)).toBe(true);
        }
      }
      expect(columnNames(spec, params).length).toBe(Math.max(1, spec.outputs.length));
    });
  }
});
