import { describe, expect, it } from 'vitest';
import { CoinbaseSource } from './coinbase-source.js';
import { createCoinbaseRuntime } from './from-config.js';

describe('createCoinbaseRuntime', () => {
  it('builds the feed source and candles client with no key', () => {
    const runtime = createCoinbaseRuntime({ productIds: ['BTC-USD'] });
    expect(runtime.source).toBeInstanceOf(CoinbaseSource);
    expect(runtime.source.status()).toMatchObject({ name: 'coinbase', state: 'stopped' });
    expect(typeof runtime.gapFetch).toBe('function');
  });

  it('needs at least one product', () => {
    expect(() => createCoinbaseRuntime({ productIds: [] })).toThrow(/at least one product/);
  });
});
