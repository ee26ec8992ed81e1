/**
 * A feature vector: the values of one bar's features in the schema's order, unboxed in a
 * Float64Array (NaN = not available: warming up or undefined for this bar), with the schema it
 * follows. Hot paths read slots directly; the helpers below convert to JSON-friendly shapes
 * (NaN and ±∞ become null, which JSON can carry).
 */
import { FEATURE_SCHEMA, featureIndex, type FeatureSchema } from './definitions.js';

export interface FeatureVector {
  readonly schema: FeatureSchema;
  readonly values: Float64Array;
}

/** A vector of NaN (nothing known yet) for the schema. */
export function emptyFeatureVector(schema: FeatureSchema = FEATURE_SCHEMA): FeatureVector {
  return { schema, values: new Float64Array(schema.names.length).fill(Number.NaN) };
}

/** The value of one feature, NaN when not available; throws on a name outside the schema. */
export function featureValue(vector: FeatureVector, name: string): number {
  return vector.values[featureIndex(name, vector.schema)] as number;
}

/** Non-finite numbers become null (JSON has no NaN). */
export function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** Values in schema order, null where not available: the `values` of a FeatureSet event. */
export function featureValues(vector: FeatureVector): (number | null)[] {
  const values = vector.values;
  const out = new Array<number | null>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = finiteOrNull(values[i] as number);
  return out;
}

/** `{ name: value | null }` in schema order, for JSON and the store. */
export function featureRecord(vector: FeatureVector): Record<string, number | null> {
  const record: Record<string, number | null> = {};
  const names = vector.schema.names;
  for (let i = 0; i < names.length; i++) record[names[i] as string] = finiteOrNull(vector.values[i] as number);
  return record;
}

/** The inverse of featureValues: a vector from schema-ordered values (null → NaN). */
export function featureVectorFrom(
  values: readonly (number | null)[],
  schema: FeatureSchema = FEATURE_SCHEMA,
): FeatureVector {
  if (values.length !== schema.names.length) {
    throw new Error(`feature vector: ${values.length} values for schema v${schema.version} of ${schema.names.length}`);
  }
  const vector = emptyFeatureVector(schema);
  values.forEach((x, i) => {
    if (x !== null) vector.values[i] = x;
  });
  return vector;
}
