/**
 * The correlation-break pairs `eval` watches on a dataset whose configuration names none: taken
 * from the dataset's instruments (its meta.json), never from its labels — each NYSE stock or ETF
 * against SPY, each crypto pair against BTC-USD, when the reference is in the dataset.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Instrument } from '../core/events.js';
import type { TickwatchConfig } from '../config/schema.js';

export const STOCK_REFERENCE = 'SPY';
export const CRYPTO_REFERENCE = 'BTC-USD';

export function defaultPairs(
  instruments: readonly Pick<Instrument, 'symbol' | 'assetClass'>[],
): Array<[string, string]> {
  const symbols = new Set(instruments.map((i) => i.symbol));
  const pairs: Array<[string, string]> = [];
  for (const { symbol, assetClass } of instruments) {
    const reference = assetClass === 'crypto' ? CRYPTO_REFERENCE : assetClass === 'stock' ? STOCK_REFERENCE : null;
    if (reference !== null && symbol !== reference && symbols.has(reference)) pairs.push([symbol, reference]);
  }
  return pairs;
}

/** The instruments listed in DATASET/meta.json (written by `tickwatch simulate`); [] without one. */
export function datasetInstruments(dataset: string): Array<Pick<Instrument, 'symbol' | 'assetClass'>> {
  const file = join(dataset, 'meta.json');
  if (!existsSync(file)) return [];
  const meta = JSON.parse(readFileSync(file, 'utf8')) as { instruments?: unknown };
  if (!Array.isArray(meta.instruments)) return [];
  return meta.instruments.filter(
    (i): i is Pick<Instrument, 'symbol' | 'assetClass'> =>
      typeof (i as { symbol?: unknown }).symbol === 'string' &&
      typeof (i as { assetClass?: unknown }).assetClass === 'string',
  );
}

/** `config` with the dataset's default pairs when its correlation break is enabled and names no pair. */
export function withDefaultPairs(config: TickwatchConfig, dataset: string): TickwatchConfig {
  const correlationBreak = config.pipeline.detectors.correlationBreak;
  if (!correlationBreak.enabled || correlationBreak.pairs.length > 0) return config;
  const pairs = defaultPairs(datasetInstruments(dataset));
  if (pairs.length === 0) return config;
  return {
    ...config,
    pipeline: {
      ...config.pipeline,
      detectors: { ...config.pipeline.detectors, correlationBreak: { ...correlationBreak, pairs } },
    },
  };
}
