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
