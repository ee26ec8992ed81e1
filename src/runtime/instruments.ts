import type { Instrument } from '../core/events.js';
import { LIVE_SOURCE_NAMES, liveSymbols, type SourceConfig } from '../config/source-schema.js';
import type { PolygonCluster } from '../sources/polygon/clusters.js';
import type { SimulatedInstrument } from '../sources/simulator/index.js';
import { defaultUniverse } from '../sources/simulator/index.js';

/**
 * The simulated instruments named by the configuration: a count, or names from the default
 * universe; `activity` scales their trade rates (quotes follow trades).
 */
export function simulatedInstruments(symbols: number | readonly string[], activity = 1): SimulatedInstrument[] {
  return chosen(symbols).map((i) => (activity === 1 ? i : { ...i, tradesPerSecond: i.tradesPerSecond * activity }));
}

function chosen(symbols: number | readonly string[]): SimulatedInstrument[] {
  if (typeof symbols === 'number') return defaultUniverse(symbols);
  const universe = defaultUniverse(500);
  return symbols.map((name) => {
    const found = universe.find((i) => i.symbol === name);
    if (!found) {
      const examples = universe
        .slice(0, 12)
        .map((i) => i.symbol)
        .join(', ');
      throw new Error(
        `source.simulator.symbols: unknown simulated symbol "${name}" — fix: use names such as ${examples}, or a count`,
      );
    }
    return found;
  });
}

/** Asset class and calendar of each Polygon cluster. */
const POLYGON_CLUSTER_INSTRUMENT: Readonly<Record<PolygonCluster, Omit<Instrument, 'symbol'>>> = {
  stocks: { assetClass: 'stock', calendar: 'nyse', tickSize: 0.01 },
  options: { assetClass: 'option', calendar: 'nyse', tickSize: 0.01 },
  indices: { assetClass: 'index', calendar: 'nyse', tickSize: 0.01 },
  crypto: { assetClass: 'crypto', calendar: '24x7', tickSize: 1e-8 },
  // Forex trades Sunday 17:00 to Friday 17:00 New York. Futures have per-exchange sessions that
  // no calendar models yet; 24x7 never leaves their trades out of a daily bar.
  forex: { assetClass: 'forex', calendar: 'forex', tickSize: 1e-5 },
  futures: { assetClass: 'future', calendar: '24x7', tickSize: 0.01 },
};

const CRYPTO: Omit<Instrument, 'symbol'> = { assetClass: 'crypto', calendar: '24x7', tickSize: 1e-8 };
const US_STOCK: Omit<Instrument, 'symbol'> = { assetClass: 'stock', calendar: 'nyse', tickSize: 0.01 };

/**
 * The instruments of the enabled live sources, named as each provider's events name them, with
 * the calendar that drives their daily bars: crypto 24x7, US stocks (and options, indices) NYSE.
 */
export function liveInstruments(source: SourceConfig): Instrument[] {
  const instruments: Instrument[] = [];
  // Stocks trade pre- and post-market; options and indices keep the regular session.
  const usStock: Omit<Instrument, 'symbol'> =
    source.usEquitySession === 'extended' ? { ...US_STOCK, calendar: 'nyse-extended' } : US_STOCK;
  for (const name of LIVE_SOURCE_NAMES) {
    if (!source[name].enabled) continue;
    if (name === 'polygon') {
      for (const asset of source.polygon.assets)
        for (const symbol of asset.symbols) {
          const facts = asset.cluster === 'stocks' ? usStock : POLYGON_CLUSTER_INSTRUMENT[asset.cluster];
          instruments.push({ symbol, ...facts });
        }
      continue;
    }
    const facts = name === 'alpaca' && source.alpaca.kind === 'stocks' ? usStock : CRYPTO;
    for (const symbol of liveSymbols(source, name)) instruments.push({ symbol, ...facts });
  }
  return instruments;
}
