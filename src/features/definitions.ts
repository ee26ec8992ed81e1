/**
 * The feature schema: the ordered list of per-bar features every FeatureEngine emits, so that
 * detectors, models and the store share one definition. A FeatureVector holds the values in
 * exactly this order.
 *
 * Change the list (add, remove, rename, reorder, or change what a feature means) ⇒ bump
 * FEATURE_SCHEMA_VERSION: stored vectors and trained models are only comparable within a version.
 * docs/features.md gives the exact formula of each feature.
 */

export type FeatureGroup = 'returns' | 'volatility' | 'statistics' | 'trend' | 'levels' | 'microstructure';

export interface FeatureDefinition {
  readonly name: string;
  readonly group: FeatureGroup;
  /** One line: what the value is, in which unit. */
  readonly description: string;
}

export const FEATURE_SCHEMA_VERSION = 1;

export const FEATURE_DEFINITIONS: readonly FeatureDefinition[] = Object.freeze([
  { name: 'ret_1', group: 'returns', description: 'simple return over one bar: close / previous close − 1' },
  { name: 'logret_1m', group: 'returns', description: 'ln(close / last close at or before bar end − 1 minute)' },
  { name: 'logret_5m', group: 'returns', description: 'ln(close / last close at or before bar end − 5 minutes)' },
  { name: 'logret_15m', group: 'returns', description: 'ln(close / last close at or before bar end − 15 minutes)' },
  { name: 'logret_1h', group: 'returns', description: 'ln(close / last close at or before bar end − 1 hour)' },
  {
    name: 'logret_1d',
    group: 'returns',
    description: 'ln(close / last close at or before bar end − 24 hours); on 1d bars, ln(close / previous close)',
  },
  {
    name: 'rv_20',
    group: 'volatility',
    description: 'realised volatility per bar: √(mean of r² over 20 bar log returns)',
  },
  {
    name: 'rv_50',
    group: 'volatility',
    description: 'realised volatility per bar: √(mean of r² over 50 bar log returns)',
  },
  {
    name: 'rv_200',
    group: 'volatility',
    description: 'realised volatility per bar: √(mean of r² over 200 bar log returns)',
  },
  { name: 'z_close_20', group: 'statistics', description: 'z-score of the close among the last 20 closes (sample σ)' },
  { name: 'pct_close_100', group: 'statistics', description: 'percentile rank of the close among the last 100, 0–1' },
  { name: 'z_volume_20', group: 'statistics', description: 'z-score of the volume among the last 20 bars (sample σ)' },
  {
    name: 'pct_volume_100',
    group: 'statistics',
    description: 'percentile rank of the volume among the last 100 bars, 0–1',
  },
  { name: 'z_range_20', group: 'statistics', description: 'z-score of the range (high − low) among the last 20 bars' },
  {
    name: 'pct_range_100',
    group: 'statistics',
    description: 'percentile rank of the range among the last 100 bars, 0–1',
  },
  { name: 'mom_10', group: 'trend', description: 'momentum: ln(close / close 10 bars back)' },
  {
    name: 'meanrev_20',
    group: 'trend',
    description: 'distance from the 20-bar mean in one-bar σ: ln(close / SMA20 of close) / rv_20',
  },
  {
    name: 'dist_support_50',
    group: 'levels',
    description: '(close − lowest low of the previous 50 bars) / close; negative below support',
  },
  {
    name: 'dist_resistance_50',
    group: 'levels',
    description: '(highest high of the previous 50 bars − close) / close; negative above resistance',
  },
  {
    name: 'breakout_up',
    group: 'levels',
    description: '1 when the close is above the previous 50 bars’ highest high, else 0',
  },
  {
    name: 'breakout_down',
    group: 'levels',
    description: '1 when the close is below the previous 50 bars’ lowest low, else 0',
  },
  {
    name: 'spread_bps',
    group: 'microstructure',
    description: 'mean quoted spread over the bar’s quote updates, bps of the mid (the standing quote’s if none)',
  },
  {
    name: 'mid',
    group: 'microstructure',
    description: 'mid price (bid + ask) / 2 of the last quote before the bar end',
  },
  {
    name: 'microprice',
    group: 'microstructure',
    description: 'size-weighted mid of the last quote: (bid·askSize + ask·bidSize) / (bidSize + askSize)',
  },
  {
    name: 'trade_sign_imbalance',
    group: 'microstructure',
    description:
      '(buyer- − seller-initiated trades) / trades in the bar, signs by Lee-Ready (tick rule without a quote)',
  },
  {
    name: 'ofi',
    group: 'microstructure',
    description: 'order-flow imbalance (Cont, Kukanov, Stoikov 2014): Σ best-level size changes over the bar’s quotes',
  },
  { name: 'buy_sell_ratio', group: 'microstructure', description: 'classified buy volume / sell volume in the bar' },
  {
    name: 'buy_volume_share',
    group: 'microstructure',
    description: 'classified buy volume / (buy + sell volume) in the bar, 0–1',
  },
  {
    name: 'vpin',
    group: 'microstructure',
    description: 'VPIN (Easley, López de Prado, O’Hara): Σ|buy − sell| / (n·V) over the last n volume buckets',
  },
] satisfies FeatureDefinition[]);

/** The schema a FeatureVector refers to. One instance per process (FEATURE_SCHEMA). */
export interface FeatureSchema {
  readonly version: number;
  readonly definitions: readonly FeatureDefinition[];
  /** Feature names in vector order (frozen; shared by every emitted event). */
  readonly names: readonly string[];
  /** Position of each name in the vector. */
  readonly index: ReadonlyMap<string, number>;
}

function buildSchema(version: number, definitions: readonly FeatureDefinition[]): FeatureSchema {
  const names = Object.freeze(definitions.map((definition) => definition.name));
  const index = new Map(names.map((name, i) => [name, i] as const));
  if (index.size !== names.length) throw new Error('feature schema: a feature name is listed twice');
  return Object.freeze({ version, definitions, names, index });
}

export const FEATURE_SCHEMA: FeatureSchema = buildSchema(FEATURE_SCHEMA_VERSION, FEATURE_DEFINITIONS);

/** Position of a feature in the vector; throws on an unknown name (a typo is a bug, not a NaN). */
export function featureIndex(name: string, schema: FeatureSchema = FEATURE_SCHEMA): number {
  const i = schema.index.get(name);
  if (i === undefined)
    throw new Error(`unknown feature "${name}" (schema v${schema.version}: ${schema.names.join(', ')})`);
  return i;
}

/** Vector slots, resolved once (the engine writes by slot, not by name). */
export const SLOT = {
  ret1: featureIndex('ret_1'),
  logret1m: featureIndex('logret_1m'),
  rv20: featureIndex('rv_20'),
  rv50: featureIndex('rv_50'),
  rv200: featureIndex('rv_200'),
  zClose: featureIndex('z_close_20'),
  pctClose: featureIndex('pct_close_100'),
  zVolume: featureIndex('z_volume_20'),
  pctVolume: featureIndex('pct_volume_100'),
  zRange: featureIndex('z_range_20'),
  pctRange: featureIndex('pct_range_100'),
  momentum: featureIndex('mom_10'),
  meanReversion: featureIndex('meanrev_20'),
  distSupport: featureIndex('dist_support_50'),
  distResistance: featureIndex('dist_resistance_50'),
  breakoutUp: featureIndex('breakout_up'),
  breakoutDown: featureIndex('breakout_down'),
  spreadBps: featureIndex('spread_bps'),
  mid: featureIndex('mid'),
  microprice: featureIndex('microprice'),
  tradeSignImbalance: featureIndex('trade_sign_imbalance'),
  ofi: featureIndex('ofi'),
  buySellRatio: featureIndex('buy_sell_ratio'),
  buyVolumeShare: featureIndex('buy_volume_share'),
  vpin: featureIndex('vpin'),
} as const;
