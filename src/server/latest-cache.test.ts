import { describe, expect, it } from 'vitest';
import { makeBar, makeQuote, makeTrade } from '../../test/contract/store-contract.js';
import type { Bar, BarCorrection, PartialBar } from '../core/events.js';
import { LatestCache } from './latest-cache.js';

const MINUTE = 60_000_000;
const partial = (bar: Bar, fields: Partial<PartialBar> = {}): PartialBar => ({
  ...bar,
  type: 'bar.partial',
  ...fields,
});
const correction = (bar: Bar, close: number): BarCorrection => ({ ...bar, type: 'bar.correction', revision: 1, close });

describe('LatestCache', () => {
  it('keeps the newest trade and quote per symbol by event time (late events do not roll back)', () => {
    const cache = new LatestCache();
    cache.observe(makeTrade('AAPL', 5));
    cache.observe(makeTrade('AAPL', 3));
    cache.observe(makeQuote('AAPL', 2));
    cache.observe(makeTrade('MSFT', 1));
    expect(cache.get('AAPL')?.trade?.tradeId).toBe('AAPL-5');
    expect(cache.get('AAPL')?.quote?.bidSize).toBe(302);
    expect(cache.symbols()).toEqual(['AAPL', 'MSFT']);
    cache.observe(makeTrade('AAPL', 6));
    expect(cache.get('AAPL')?.trade?.tradeId).toBe('AAPL-6');
  });

  it('tracks the forming bar until its closed bar arrives, per timeframe', () => {
    const cache = new LatestCache();
    const bar0 = makeBar('AAPL', '1m', 0);
    const bar1 = makeBar('AAPL', '1m', 1);
    cache.observe(partial(bar0, { close: 1 }));
    cache.observe(partial(bar0, { close: 2 }));
    expect(cache.get('AAPL')?.forming.get('1m')?.close).toBe(2);
    cache.observe(bar0);
    expect(cache.get('AAPL')?.forming.has('1m')).toBe(false);
    expect(cache.get('AAPL')?.bars.get('1m')).toBe(bar0);
    // A stale partial of the closed window is ignored; the next window's partial is kept.
    cache.observe(partial(bar0, { close: 3 }));
    expect(cache.get('AAPL')?.forming.has('1m')).toBe(false);
    cache.observe(partial(bar1));
    expect(cache.get('AAPL')?.forming.get('1m')?.start).toBe(bar0.start + MINUTE);
    cache.observe(makeBar('AAPL', '5m', 0));
    expect([...cache.get('AAPL')!.bars.keys()]).toEqual(['1m', '5m']);
  });

  it('applies a correction of the latest closed bar but not of an older one', () => {
    const cache = new LatestCache();
    const bar0 = makeBar('AAPL', '1m', 0);
    const bar1 = makeBar('AAPL', '1m', 1);
    cache.observe(bar0);
    cache.observe(correction(bar0, 7));
    expect(cache.get('AAPL')?.bars.get('1m')?.close).toBe(7);
    cache.observe(bar1);
    cache.observe(correction(bar0, 8));
    expect(cache.get('AAPL')?.bars.get('1m')).toBe(bar1);
  });

  it('keeps the newest indicator values per timeframe and ignores other events', () => {
    const cache = new LatestCache();
    const set = (ts: number, rsi: number) =>
      ({ type: 'indicators', symbol: 'AAPL', timeframe: '1m', ts, values: { rsi_14: rsi } }) as const;
    cache.observe(set(2, 60));
    cache.observe(set(1, 40));
    expect(cache.get('AAPL')?.indicators.get('1m')?.values).toEqual({ rsi_14: 60 });
    cache.observe({
      type: 'quarantine',
      reason: 'bad_price',
      detail: 'x',
      symbol: 'ZZZ',
      ts: 0,
      payload: null,
    });
    expect(cache.symbols()).toEqual(['AAPL']);
  });
});
