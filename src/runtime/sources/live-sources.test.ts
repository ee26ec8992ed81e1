import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../config/load.js';
import { PolygonAggregatesPoller } from '../../sources/polygon/aggregates-poller.js';
import { liveInstruments } from '../instruments.js';
import { createLiveSources } from './live-sources.js';

const noKeys = { POLYGON_API_KEY: undefined, MASSIVE_API_KEY: undefined };

describe('createLiveSources', () => {
  it('builds each enabled provider; one without a key fails alone', () => {
    const { source } = validateConfig(
      {
        source: {
          binance: { enabled: true, symbols: ['btcusdt'] },
          coinbase: { enabled: true, productIds: ['ETH-USD'], gapFill: false },
          polygon: { enabled: true, assets: [{ cluster: 'stocks', symbols: ['AAPL'], plan: 'starter' }] },
        },
      },
      't',
    );
    const setup = createLiveSources(source, { environment: noKeys });
    expect(setup.providers.map((p) => p.provider)).toEqual(['binance', 'coinbase']);
    expect(setup.providers.map((p) => p.sources.map((s) => s.name))).toEqual([['binance'], ['coinbase']]);
    expect(setup.providers[0]?.gapFetch).not.toBeNull();
    expect(setup.providers[1]?.gapFetch).toBeNull();
    expect(setup.failures).toEqual([
      {
        provider: 'polygon',
        error:
          'polygon: no API key; set POLYGON_API_KEY or MASSIVE_API_KEY in the environment, or the key in the config file',
      },
    ]);
  });

  it('Polygon on a basic plan polls REST, and the poller is the source whose bars are stored', () => {
    const { source } = validateConfig(
      {
        source: {
          polygon: {
            enabled: true,
            assets: [
              { cluster: 'stocks', symbols: ['AAPL'], plan: 'basic' },
              { cluster: 'crypto', symbols: ['BTC-USD'], plan: 'starter' },
            ],
          },
        },
      },
      't',
    );
    const setup = createLiveSources(source, { environment: { POLYGON_API_KEY: 'pk_test_0123456789abcdef' } });
    const [polygon] = setup.providers;
    expect(polygon?.sources.map((s) => s.name)).toEqual(['polygon', 'polygon-rest']);
    expect([...(polygon?.barSources ?? [])].every((s) => s instanceof PolygonAggregatesPoller)).toBe(true);
    expect(polygon?.barSources.size).toBe(1);
  });
});

describe('liveInstruments', () => {
  it('names symbols as the providers send them, with the calendar of their asset class', () => {
    const { source } = validateConfig(
      {
        source: {
          binance: { enabled: true, symbols: ['btcusdt'] },
          alpaca: { enabled: true, symbols: ['MSFT'], keyId: 'k', secretKey: 's' },
          polygon: {
            enabled: true,
            apiKey: 'k',
            assets: [
              { cluster: 'stocks', symbols: ['AAPL'] },
              { cluster: 'crypto', symbols: ['ETH-USD'] },
              { cluster: 'forex', symbols: ['EUR/USD'] },
            ],
          },
        },
      },
      't',
    );
    expect(liveInstruments(source).map((i) => [i.symbol, i.assetClass, i.calendar])).toEqual([
      ['AAPL', 'stock', 'nyse'],
      ['ETH-USD', 'crypto', '24x7'],
      ['EUR/USD', 'forex', 'forex'],
      ['MSFT', 'stock', 'nyse'],
      ['BTCUSDT', 'crypto', '24x7'],
    ]);
  });

  it('gives live US stocks the extended session (04:00–20:00 New York) when configured', () => {
    const { source } = validateConfig(
      {
        source: {
          usEquitySession: 'extended',
          alpaca: { enabled: true, symbols: ['MSFT'], keyId: 'k', secretKey: 's' },
          polygon: {
            enabled: true,
            apiKey: 'k',
            assets: [
              { cluster: 'stocks', symbols: ['AAPL'] },
              { cluster: 'indices', symbols: ['I:SPX'] },
            ],
          },
        },
      },
      't',
    );
    expect(liveInstruments(source).map((i) => [i.symbol, i.calendar])).toEqual([
      ['AAPL', 'nyse-extended'],
      ['I:SPX', 'nyse'],
      ['MSFT', 'nyse-extended'],
    ]);
  });
});
