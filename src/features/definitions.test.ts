import { describe, expect, it } from 'vitest';
import { FEATURE_DEFINITIONS, FEATURE_SCHEMA, FEATURE_SCHEMA_VERSION, SLOT, featureIndex } from './definitions.js';

describe('feature schema', () => {
  it('is version 1 with exactly this list (changing the list? bump FEATURE_SCHEMA_VERSION and update here)', () => {
    expect(FEATURE_SCHEMA_VERSION).toBe(1);
    expect(FEATURE_SCHEMA.names).toEqual([
      'ret_1',
      'logret_1m',
      'logret_5m',
      'logret_15m',
      'logret_1h',
      'logret_1d',
      'rv_20',
      'rv_50',
      'rv_200',
      'z_close_20',
      'pct_close_100',
      'z_volume_20',
      'pct_volume_100',
      'z_range_20',
      'pct_range_100',
      'mom_10',
      'meanrev_20',
      'dist_support_50',
      'dist_resistance_50',
      'breakout_up',
      'breakout_down',
      'spread_bps',
      'mid',
      'microprice',
      'trade_sign_imbalance',
      'ofi',
      'buy_sell_ratio',
      'buy_volume_share',
      'vpin',
    ]);
  });

  it('has unique lower-case names, each with a group and a one-line description', () => {
    expect(new Set(FEATURE_SCHEMA.names).size).toBe(FEATURE_DEFINITIONS.length);
    for (const definition of FEATURE_DEFINITIONS) {
      expect(definition.name).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(definition.description.length).toBeGreaterThan(10);
      expect(definition.description).not.toContain('\n');
    }
  });

  it('indexes names to their positions; unknown names throw', () => {
    FEATURE_SCHEMA.names.forEach((name, i) => expect(featureIndex(name)).toBe(i));
    expect(SLOT.vpin).toBe(FEATURE_SCHEMA.names.indexOf('vpin'));
    expect(SLOT.meanReversion).toBe(FEATURE_SCHEMA.names.indexOf('meanrev_20'));
    expect(() => featureIndex('rv_21')).toThrow(/unknown feature "rv_21"/);
  });

  it('is frozen: a consumer cannot change the shared definition', () => {
    expect(Object.isFrozen(FEATURE_SCHEMA.names)).toBe(true);
    expect(Object.isFrozen(FEATURE_DEFINITIONS)).toBe(true);
  });
});
