import { describe, expect, it } from 'vitest';
import type { GapReport } from './gap-detector.js';
import { GapFiller } from './gap-filler.js';
import type { SourceBar } from './source.js';

const MINUTE = 60_000_000;

function bar(symbol: string, start: number): SourceBar {
  return {
    type: 'source.bar',
    source: 'test',
    symbol,
    timeframe: '1m',
    start,
    end: start + MINUTE,
    open: 1,
    high: 1,
    low: 1,
    close: 1,
    volume: 1,
    vwap: 1,
    trades: 1,
    revision: 'final',
    tsRecv: 0,
  };
}

const gap = (symbol: string, from: number, to: number): GapReport => ({
  source: 'test',
  symbol,
  from,
  to,
  reason: 'reconnect',
});

describe('GapFiller', () => {
  it('fetches one gap at a time, merges overlapping queued gaps, keeps bars inside the gap', async () => {
    const fetched: GapReport[] = [];
    const delivered: SourceBar[] = [];
    let release: () => void = () => {};
    const blocker = new Promise<void>((resolve) => (release = resolve));
    const filler = new GapFiller({
      fetch: async function* (g) {
        fetched.push(g);
        if (fetched.length === 1) await blocker;
        // One minute bar per minute of [floor(from), to), plus one outside the gap.
        const bars: SourceBar[] = [];
        for (let t = Math.floor(g.from / MINUTE) * MINUTE; t < g.to; t += MINUTE) bars.push(bar(g.symbol, t));
        bars.push(bar(g.symbol, g.to + 10 * MINUTE));
        yield bars;
      },
      onBars: (bars) => delivered.push(...bars),
    });
    filler.enqueue(gap('AAPL', 0, 2 * MINUTE)); // in flight
    filler.enqueue(gap('MSFT', 0, MINUTE));
    filler.enqueue(gap('MSFT', MINUTE, 3 * MINUTE)); // touches the queued MSFT gap: merged
    filler.enqueue(gap('*', 0, MINUTE)); // no history to fetch
    expect(filler.pending).toBe(1);
    release();
    await filler.idle();
    expect(fetched.map((g) => [g.symbol, g.from, g.to])).toEqual([
      ['AAPL', 0, 2 * MINUTE],
      ['MSFT', 0, 3 * MINUTE],
    ]);
    expect(delivered.map((b) => `${b.symbol}@${b.start / MINUTE}`)).toEqual([
      'AAPL@0',
      'AAPL@1',
      'MSFT@0',
      'MSFT@1',
      'MSFT@2',
    ]);
    expect(filler.stats).toEqual({ requested: 3, merged: 1, filled: 2, failed: 0, bars: 5 });
  });

  it('counts and reports failures and carries on', async () => {
    const errors: string[] = [];
    let calls = 0;
    const filler = new GapFiller({
      fetch: async function* (g) {
        calls++;
        if (g.symbol === 'BAD') throw new Error('HTTP 500');
        yield [bar(g.symbol, g.from)];
      },
      onBars: () => {},
      onError: (error, g) => errors.push(`${g.symbol}: ${error.message}`),
    });
    filler.enqueue(gap('BAD', 0, MINUTE));
    filler.enqueue(gap('GOOD', 0, MINUTE));
    await filler.idle();
    expect(errors).toEqual(['BAD: HTTP 500']);
    expect(filler.stats).toMatchObject({ filled: 1, failed: 1, bars: 1 });
    expect(calls).toBe(2);
    await filler.stop();
    filler.enqueue(gap('LATE', 0, MINUTE));
    expect(filler.pending).toBe(0);
  });
});
