/**
 * A recording of a live run holds the provider bars that entered its pipeline (`bar.provider`
 * lines: warm-up history, gap-fill minutes). Replay feeds them as the live run did — in a batch,
 * no timer in between — so the wider bars and indicators built from them come out the same.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ReplayClock } from '../core/clock.js';
import type { Bar, Instrument, PipelineEvent, Trade } from '../core/events.js';
import { MICROS_PER_MINUTE, microsFromIso } from '../core/time.js';
import { selectIndicator } from '../indicators/catalog.js';
import { Pipeline, type PipelineOptions } from '../pipeline/pipeline.js';
import { CLOCK_INPUT, type ClockInput } from '../pipeline/clock-input.js';
import { PROVIDER_BAR_INPUT, type ProviderBarInput } from '../pipeline/provider-bar.js';
import { RecordingWriter } from './recording.js';
import { RECORDING_HEADER, replay } from './replay.js';

const dir = mkdtempSync(join(tmpdir(), 'tickwatch-replay-bars-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const instruments: Instrument[] = [{ symbol: 'BTCUSDT', assetClass: 'crypto', calendar: '24x7', tickSize: 0.01 }];
const OPTIONS: Omit<PipelineOptions, 'instruments'> = {
  timeframes: ['1m', '5m'],
  validation: {
    maxFutureSkew: 5_000_000,
    maxPastAge: 86_400_000_000,
    allowedLateness: 2_000_000,
    duplicateWindow: 100,
  },
  bars: { closeDelay: 1_000_000, partialInterval: null, fillGaps: false },
  detectors: [],
  indicators: () => [selectIndicator('sma', [3])],
};
const START = microsFromIso('2025-03-03T10:00:00Z');
const LIVE = START + 20 * MICROS_PER_MINUTE;

function historyBar(minute: number): Bar {
  const price = 100 + (minute % 7);
  return {
    type: 'bar',
    symbol: 'BTCUSDT',
    timeframe: '1m',
    start: START + minute * MICROS_PER_MINUTE,
    end: START + (minute + 1) * MICROS_PER_MINUTE,
    open: price,
    high: price + 1,
    low: price - 1,
    close: price + 0.5,
    volume: 2,
    vwap: price,
    trades: 4,
    buyVolume: 0,
    sellVolume: 0,
    revision: 0,
    tsEvent: START + (minute + 1) * MICROS_PER_MINUTE - 1,
    tsRecv: LIVE + 100_000,
  };
}

function trade(i: number): Trade {
  const ts = LIVE + 200_000 + i * 3_000_000;
  return {
    type: 'trade',
    symbol: 'BTCUSDT',
    price: 105 + (i % 5) / 10,
    size: 0.1,
    side: 'buy',
    tradeId: String(i),
    source: 'binance',
    tsEvent: ts,
    tsRecv: ts + 500,
  };
}

describe('replay of provider bars', () => {
  it('builds the history’s 5m bars and indicators as the live run did, and replays identically', async () => {
    const history = Array.from({ length: 20 }, (_, minute) => historyBar(minute));
    const trades = Array.from({ length: 60 }, (_, i) => trade(i));
    const file = join(dir, 'live.ndjson.gz');
    const writer = new RecordingWriter(file);
    writer.write({ type: RECORDING_HEADER, version: 1, instruments, createdBy: 'test' });
    for (const bar of history)
      writer.write({ type: PROVIDER_BAR_INPUT, tsRecv: LIVE + 100_000, bar } satisfies ProviderBarInput);
    for (const t of trades) writer.write(t);
    await writer.close();

    // What the live run's pipeline does: the warm-up batch, then its loop's timer.
    const clock = new ReplayClock();
    clock.advanceTo(LIVE + 100_000);
    const live = new Pipeline({ ...OPTIONS, instruments }, clock);
    const liveOut: PipelineEvent[] = [];
    for (const bar of history) expect(live.ingestBar(bar, (e) => liveOut.push(e))).toBe('ingested');
    // The last minute (and 5m window) closes once its close delay has passed, before the first trade.
    clock.advanceTo(LIVE + 1_100_000);
    live.onTime(clock.now(), (e) => liveOut.push(e));

    const run = async (): Promise<PipelineEvent[]> => {
      const out: PipelineEvent[] = [];
      await replay({ files: [file], pipeline: OPTIONS, speed: 'max', onEvent: (e) => out.push(e) });
      return out;
    };
    const first = await run();
    const historyEvents = (events: readonly PipelineEvent[]) =>
      events.filter((e) => (e.type === 'bar' || e.type === 'indicators') && e.start < LIVE);
    expect(historyEvents(first)).toEqual(historyEvents(liveOut));
    const fiveMinutes = first.filter((e): e is Bar => e.type === 'bar' && e.timeframe === '5m' && e.start < LIVE);
    // Five minutes of 2 lots and 4 trades each.
    expect(fiveMinutes.map((bar) => [bar.volume, bar.trades])).toEqual(Array.from({ length: 4 }, () => [10, 20]));
    expect(first.filter((e) => e.type === 'bar.correction')).toEqual([]);
    expect(JSON.stringify(await run())).toBe(JSON.stringify(first));
  });
});

describe('replay of a recording that ends with the run’s clock line', () => {
  it('closes the windows the stopping run closed after its last trade, and only those', async () => {
    const trade = (seconds: number, id: string): Trade => ({
      type: 'trade',
      symbol: 'BTCUSDT',
      tsEvent: LIVE + seconds * 1_000_000,
      tsRecv: LIVE + seconds * 1_000_000 + 500,
      price: 100,
      size: 1,
      side: 'buy',
      tradeId: id,
      source: 'test',
    });
    const barsOf = async (lines: readonly unknown[]): Promise<Bar[]> => {
      const file = join(dir, `clock-${lines.length}.ndjson`);
      const writer = new RecordingWriter(file);
      writer.write({ type: RECORDING_HEADER, version: 1, instruments, createdBy: 'test' });
      for (const line of lines) writer.write(line);
      await writer.close();
      const out: PipelineEvent[] = [];
      await replay({ files: [file], pipeline: OPTIONS, speed: 'max', onEvent: (e) => out.push(e) });
      // A clock line is not an input: nothing is quarantined.
      expect(out.filter((e) => e.type === 'quarantine')).toEqual([]);
      return out.filter((e): e is Bar => e.type === 'bar');
    };
    const trades = [trade(10, 'a'), trade(70, 'b')]; // minutes 0 and 1 after LIVE
    // Without it the replay stops at the last trade: minute 1 stays open.
    expect((await barsOf(trades)).map((b) => (b.start - LIVE) / MICROS_PER_MINUTE)).toEqual([0]);
    // The run stopped at +2 min 1.5 s: minute 1 had closed (1 s close delay), minute 2 had no trade.
    const stopped = { type: CLOCK_INPUT, tsRecv: LIVE + 121_500_000 } satisfies ClockInput;
    const bars = await barsOf([...trades, stopped]);
    expect(bars.filter((b) => b.timeframe === '1m').map((b) => (b.start - LIVE) / MICROS_PER_MINUTE)).toEqual([0, 1]);
  });
});
