import { describe, expect, it } from 'vitest';
import { MICROS_PER_MINUTE } from '../../core/time.js';
import { DEFAULT_MARKET_VOLATILITY, validateSimulatorConfig } from './config.js';
import { MarketSimulator } from './market-simulator.js';
import { defaultUniverse, NAMED_INSTRUMENT_COUNT } from './universe.js';

describe('defaultUniverse', () => {
  it('starts with the big names and a 24/7 symbol, and is deterministic', () => {
    expect(defaultUniverse(12).map((instrument) => instrument.symbol)).toEqual([
      'AAPL',
      'BTC-USD',
      'MSFT',
      'NVDA',
      'ETH-USD',
      'AMZN',
      'GOOGL',
      'JPM',
      'XOM',
      'SPY',
      'SOL-USD',
      'META',
    ]);
    expect(defaultUniverse(2).map((instrument) => instrument.calendar)).toEqual(['nyse', '24x7']);
    expect(defaultUniverse(80)).toEqual(defaultUniverse(80));
  });

  it('scales past the named instruments with synthetic stocks, all valid and unique', () => {
    const universe = defaultUniverse(120);
    expect(NAMED_INSTRUMENT_COUNT).toBe(50);
    expect(universe).toHaveLength(120);
    expect(new Set(universe.map((instrument) => instrument.symbol)).size).toBe(120);
    expect(universe.slice(50, 52).map((instrument) => instrument.symbol)).toEqual(['SYN051', 'SYN052']);
    for (const instrument of universe) {
      expect(Math.abs(instrument.marketBeta) * DEFAULT_MARKET_VOLATILITY).toBeLessThanOrEqual(
        instrument.annualVolatility,
      );
      if (instrument.calendar === '24x7') expect(instrument.assetClass).toBe('crypto');
      else expect(instrument.assetClass).toBe('stock');
    }
    expect(() =>
      validateSimulatorConfig({
        seed: 1,
        start: 0,
        instruments: universe,
        anomaliesPerSymbolDay: 1,
        meanLatency: 1_000,
      }),
    ).not.toThrow();
  });

  it('returns copies: changing one does not change the next call', () => {
    const first = defaultUniverse(3);
    (first[0] as { startPrice: number }).startPrice = 1;
    expect(defaultUniverse(3)[0]!.startPrice).toBe(190);
  });

  it('rejects a count below 1', () => {
    expect(() => defaultUniverse(0)).toThrow(/positive integer/);
  });

  it('drives the simulator: every symbol trades in a New York morning', () => {
    const start = Date.UTC(2024, 5, 4, 13, 30) * 1000; // Tuesday 09:30 New York
    const universe = defaultUniverse(60);
    const traded = new Set<string>();
    new MarketSimulator({
      seed: 7,
      start,
      instruments: universe,
      anomaliesPerSymbolDay: 0,
      meanLatency: 1_000,
    }).advance(start + 5 * MICROS_PER_MINUTE, (event) => {
      if (event.type === 'trade') traded.add(event.symbol);
    });
    expect(traded.size).toBe(60);
  });
});
