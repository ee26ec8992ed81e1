import { describe, expect, it } from 'vitest';
import type { Micros } from '../../core/events.js';
import { MICROS_PER_MINUTE } from '../../core/time.js';
import type { GapReport } from '../../sources/common/gap-detector.js';
import type { SourceBar } from '../../sources/common/source.js';
import { silentLogger } from '../../sources/common/source.js';
import type { GapFetch, LiveProvider } from './live-sources.js';
import { fetchWarmup } from './live-warmup.js';

const NOW: Micros = Math.floor(1_750_000_000_000_000 / MICROS_PER_MINUTE) * MICROS_PER_MINUTE + 30_000_000; // 30 s into a minute
const MINUTE_START = NOW - 30_000_000;

function sourceBar(symbol: string, start: Micros, close = 10): SourceBar {
  return {
    type: 'source.bar',
    source: 'test',
    symbol,
    timeframe: '1m',
    start,
    end: start + MICROS_PER_MINUTE,
    open: close,
    high: close + 1,
    low: close - 1,
    close,
    volume: 3,
    vwap: Number.NaN,
    trades: Number.NaN,
    revision: 'final',
    tsRecv: NOW,
  };
}

/** A provider whose history returns `minutes` bars per symbol up to and including the forming minute. */
function provider(name: 'binance' | 'polygon', symbols: { symbol: string; stream?: string }[], history: GapFetch) {
  return { provider: name, sources: [], gapFetch: null, history, symbols, barSources: new Set() } as LiveProvider;
}

const minutesOf = (gap: GapReport): SourceBar[] => {
  const bars: SourceBar[] = [];
  for (let start = gap.from; start <= MINUTE_START; start += MICROS_PER_MINUTE) bars.push(sourceBar(gap.symbol, start));
  return bars;
};

describe('fetchWarmup', () => {
  it('returns closed minutes of every symbol in time order, then in the run’s symbol order', async () => {
    const requests: GapReport[] = [];
    const fetch: GapFetch = async function* (gap) {
      requests.push(gap);
      const bars = minutesOf(gap);
      yield bars.slice(0, 2);
      yield bars.slice(1); // a repeated minute across pages is kept once
    };
    const result = await fetchWarmup(
      [
        provider('polygon', [{ symbol: 'AAPL', stream: 'stocks' }], fetch),
        provider('binance', [{ symbol: 'BTCUSDT' }], fetch),
      ],
      {
        from: NOW - 3 * MICROS_PER_MINUTE,
        to: NOW,
        signal: new AbortController().signal,
        logger: silentLogger,
        symbols: ['BTCUSDT', 'AAPL'],
      },
    );
    // From the minute floor of `from`; the forming minute (ending after `to`) is left out.
    const first = MINUTE_START - 3 * MICROS_PER_MINUTE;
    expect(requests.map((r) => [r.symbol, r.stream, r.from, r.to])).toEqual([
      ['AAPL', 'stocks', first, NOW],
      ['BTCUSDT', undefined, first, NOW],
    ]);
    expect(result.bars.map((bar) => [bar.symbol, (bar.start - first) / MICROS_PER_MINUTE])).toEqual([
      ['BTCUSDT', 0],
      ['AAPL', 0],
      ['BTCUSDT', 1],
      ['AAPL', 1],
      ['BTCUSDT', 2],
      ['AAPL', 2],
    ]);
    // As stored bars: no VWAP from the provider → typical price; unknown trade count → 0.
    expect(result.bars[0]).toMatchObject({
      type: 'bar',
      vwap: 10,
      trades: 0,
      revision: 0,
      tsEvent: first + MICROS_PER_MINUTE - 1,
    });
    expect([result.symbols, result.failures]).toEqual([2, []]);
  });

  it('reports a failing provider and keeps the others; stops fetching at the time limit', async () => {
    const failing: GapFetch = async function* () {
      yield* [];
      throw new Error('HTTP 404 from /candles');
    };
    const working: GapFetch = async function* (gap) {
      yield minutesOf(gap);
    };
    const controller = new AbortController();
    const slow: GapFetch = async function* (gap, signal) {
      controller.abort(new Error('warm-up time limit of 1000 ms'));
      signal.throwIfAborted();
      yield minutesOf(gap);
    };
    const result = await fetchWarmup(
      [provider('binance', [{ symbol: 'BTCUSDT' }], working), provider('polygon', [{ symbol: 'AAPL' }], failing)],
      {
        from: NOW - 2 * MICROS_PER_MINUTE,
        to: NOW,
        signal: new AbortController().signal,
        logger: silentLogger,
        symbols: ['BTCUSDT', 'AAPL'],
      },
    );
    expect(result.symbols).toBe(1);
    expect(result.bars.every((bar) => bar.symbol === 'BTCUSDT')).toBe(true);
    expect(result.failures).toEqual(['polygon: AAPL: HTTP 404 from /candles']);

    const limited = await fetchWarmup([provider('binance', [{ symbol: 'BTCUSDT' }, { symbol: 'ETHUSDT' }], slow)], {
      from: NOW - 2 * MICROS_PER_MINUTE,
      to: NOW,
      signal: controller.signal,
      logger: silentLogger,
      symbols: ['BTCUSDT', 'ETHUSDT'],
    });
    expect(limited.bars).toEqual([]);
    expect(limited.failures).toEqual([
      'binance: BTCUSDT: warm-up time limit of 1000 ms',
      'binance: ETHUSDT: not fetched before the time limit',
    ]);
  });
});
