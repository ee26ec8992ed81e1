import { describe, expect, it } from 'vitest';
import { BINANCE_MAX_STREAMS, BinanceSource, normaliseStreamName } from './binance-source.js';
import { createBinanceRuntime } from './from-config.js';

describe('createBinanceRuntime', () => {
  it('builds one stream per symbol and channel (trade + kline_1m by default), lowercase symbols', () => {
    const runtime = createBinanceRuntime({ symbols: ['BTCUSDT', 'ETHUSDT'] });
    expect(runtime.source.streams).toEqual(['btcusdt@trade', 'btcusdt@kline_1m', 'ethusdt@trade', 'ethusdt@kline_1m']);
    const custom = createBinanceRuntime({ symbols: ['SOLUSDT'], channels: ['aggTrade', 'bookTicker', 'kline_1M'] });
    expect(custom.source.streams).toEqual(['solusdt@aggTrade', 'solusdt@bookTicker', 'solusdt@kline_1M']);
    expect(custom.source.status()).toMatchObject({ name: 'binance', state: 'stopped' });
  });

  it('keeps the case of the stream type and refuses more streams than one connection carries', () => {
    expect(normaliseStreamName('BTCUSDT@aggTrade')).toBe('btcusdt@aggTrade');
    const streams = Array.from({ length: BINANCE_MAX_STREAMS }, (_, i) => `s${i}usdt@trade`);
    const source = new BinanceSource({ streams });
    expect(() => source.subscribe(['extra@trade'])).toThrow(/at most 1024/);
    expect(() => new BinanceSource({ streams: [...streams, 'x@trade'] })).toThrow(/1025 streams/);
  });
});
