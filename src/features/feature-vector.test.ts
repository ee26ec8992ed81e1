import { describe, expect, it } from 'vitest';
import { FEATURE_SCHEMA } from './definitions.js';
import { emptyFeatureVector, featureRecord, featureValue, featureValues, featureVectorFrom } from './feature-vector.js';

describe('FeatureVector', () => {
  it('starts as NaN everywhere and converts NaN and ±∞ to null for JSON', () => {
    const vector = emptyFeatureVector();
    expect(vector.values.length).toBe(FEATURE_SCHEMA.names.length);
    expect(featureValues(vector).every((x) => x === null)).toBe(true);
    vector.values[FEATURE_SCHEMA.index.get('mid')!] = 101.5;
    vector.values[FEATURE_SCHEMA.index.get('buy_sell_ratio')!] = Number.POSITIVE_INFINITY;
    const record = featureRecord(vector);
    expect(Object.keys(record)).toEqual(FEATURE_SCHEMA.names);
    expect(record.mid).toBe(101.5);
    expect(record.buy_sell_ratio).toBeNull();
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
    expect(featureValue(vector, 'mid')).toBe(101.5);
    expect(featureValue(vector, 'vpin')).toBeNaN();
    expect(() => featureValue(vector, 'nope')).toThrow(/unknown feature/);
  });

  it('round-trips through schema-ordered values', () => {
    const values = FEATURE_SCHEMA.names.map((_, i) => (i % 3 === 0 ? null : i / 7));
    expect(featureValues(featureVectorFrom(values))).toEqual(values);
    expect(() => featureVectorFrom([1, 2])).toThrow(/2 values for schema v1/);
  });
});
