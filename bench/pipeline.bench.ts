/**
 * Pipeline throughput and latency on pre-parsed simulator trades:
 * validation + bars at 3 timeframes (1m, 5m, 1h; forming bars every 250 ms) + the two detectors
 * + the stale-feed monitor (on by default; BENCH_STALE_FEED=0 leaves it out).
 *
 * Figures: ticks/s without the store; ticks/s with batched SQLite writes (trades, bars,
 * anomalies stored), in the pipeline's thread and on a writer thread (openSqliteWorkerStore); p50/p99 of the time from a tick entering the pipeline to its anomaly
 * event; resident memory per symbol.
 *
 *   npx tsx bench/pipeline.bench.ts            (or: npm run bench -- pipeline)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReplayClock } from '../src/core/clock.js';
import type { PipelineEvent, Trade } from '../src/core/events.js';
import { MICROS_PER_DAY, MICROS_PER_SECOND, microsFromIso } from '../src/core/time.js';
import { Pipeline, type PipelineOptions } from '../src/pipeline/pipeline.js';
import { PriceSpikeDetector, VolumeSpikeDetector } from '../src/detectors/index.js';
import { MarketSimulator, defaultUniverse } from '../src/sources/simulator/index.js';
import { openSqliteStore, openSqliteWorkerStore } from '../src/store/sqlite/index.js';
import { StoreWriter } from '../src/runtime/store-writer.js';
import { defaultSet } from '../src/indicators/catalog.js';
import { validateConfig } from '../src/config/load.js';
import { pipelineOptions } from '../src/runtime/pipeline-options.js';
import { median, report } from './lib/report.js';

const BENCH = 'pipeline';
const SYMBOLS = 20;
const TIMEFRAMES = ['1m', '5m', '1h'];

function options(symbols: number, withAnalytics = false): PipelineOptions {
  return {
    ...(withAnalytics
      ? {
          indicators: () => defaultSet(),
          features: { timeframes: TIMEFRAMES, correlationWindow: 60 },
        }
      : {}),
    instruments: defaultUniverse(symbols),
    timeframes: TIMEFRAMES,
    validation: {
      maxFutureSkew: 5_000_000,
      maxPastAge: 7 * MICROS_PER_DAY,
      allowedLateness: 2_000_000,
      duplicateWindow: 10_000,
    },
    bars: { closeDelay: 1_000_000, partialInterval: 250_000, fillGaps: false },
    detectors: [
      { timeframe: '1m', create: () => new VolumeSpikeDetector() },
      { timeframe: '1m', create: () => new PriceSpikeDetector() },
    ],
    // On by default in the configuration; BENCH_STALE_FEED=0 measures without it.
    ...(process.env['BENCH_STALE_FEED'] === '0'
      ? {}
      : { staleFeed: { maxSilence: 60 * MICROS_PER_SECOND, criticalSilence: 300 * MICROS_PER_SECOND } }),
  };
}

function generateTrades(symbols: number, days: number): Trade[] {
  const simulator = new MarketSimulator({
    seed: 7,
    start: microsFromIso('2025-01-06'),
    instruments: defaultUniverse(symbols),
    anomaliesPerSymbolDay: 6,
    meanLatency: 2_000,
  });
  const trades: Trade[] = [];
  simulator.advance(microsFromIso('2025-01-06') + days * MICROS_PER_DAY, (event) => {
    if (event.type === 'trade') trades.push(event);
  });
  return trades;
}

/** Feeds trades the way replay does: clock at tsRecv, quiet-feed timers on 100 ms boundaries. */
function drive(
  pipeline: Pipeline,
  clock: ReplayClock,
  trades: readonly Trade[],
  emit: (e: PipelineEvent) => void,
): void {
  let nextTimer = 0;
  for (let i = 0; i < trades.length; i++) {
    const trade = trades[i] as Trade;
    clock.advanceTo(trade.tsRecv);
    if (trade.tsRecv >= nextTimer) {
      pipeline.onTime(trade.tsRecv, emit);
      nextTimer = trade.tsRecv - (trade.tsRecv % 100_000) + 100_000;
    }
    pipeline.next(trade, emit);
  }
}

const trades = generateTrades(SYMBOLS, 1);
process.stderr.write(
  `# ${trades.length} pre-generated trades for ${SYMBOLS} symbols over 1 day; load average ${loadavg()[0]?.toFixed(1)}\n`,
);

/**
 * Runs `fn` and returns ticks per second of wall time and of this process's CPU time. On a
 * shared machine the CPU figure is the fairer one (wall time includes waiting for a core).
 */
async function measure(fn: () => Promise<void> | void): Promise<{ wall: number; cpu: number }> {
  const cpuStart = process.cpuUsage();
  const started = process.hrtime.bigint();
  await fn();
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  return { wall: trades.length / wallSeconds, cpu: trades.length / ((cpu.user + cpu.system) / 1e6) };
}

// 1. Throughput without the store.
for (const [label, withAnalytics] of [
  ['', false],
  ['_with_indicators_features', true],
] as const) {
  const wall: number[] = [];
  const cpu: number[] = [];
  let outputs = 0;
  for (let run = 0; run < 3; run++) {
    const clock = new ReplayClock();
    const pipeline = new Pipeline(options(SYMBOLS, withAnalytics), clock);
    let count = 0;
    const rate = await measure(() =>
      drive(pipeline, clock, trades, () => {
        count++;
      }),
    );
    wall.push(rate.wall);
    cpu.push(rate.cpu);
    outputs = count;
  }
  const extra = { symbols: SYMBOLS, timeframes: TIMEFRAMES.length, outputs };
  report(BENCH, `throughput_no_store${label}`, median(wall), 'ticks/s', extra);
  report(BENCH, `throughput_no_store${label}_cpu`, median(cpu), 'ticks/cpu-s', extra);
}

// 2. Throughput with batched SQLite writes (trades, bars, anomalies, quarantine stored).
{
  const dir = mkdtempSync(join(tmpdir(), 'tickwatch-bench-'));
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let run = 0; run < 3; run++) {
    const store = await openSqliteStore({ path: join(dir, `bench-${run}.db`) });
    const writer = new StoreWriter(store, { batchSize: 10_000, storeTrades: true, storeQuotes: true });
    const clock = new ReplayClock();
    const pipeline = new Pipeline(options(SYMBOLS, false), clock);
    const chunk = 10_000;
    const rate = await measure(async () => {
      for (let i = 0; i < trades.length; i += chunk) {
        drive(pipeline, clock, trades.slice(i, i + chunk), (event) => writer.add(event));
        if (writer.full) await writer.flush();
      }
      await writer.flush();
    });
    wall.push(rate.wall);
    cpu.push(rate.cpu);
    await store.close();
  }
  rmSync(dir, { recursive: true, force: true });
  const extra = { symbols: SYMBOLS, timeframes: TIMEFRAMES.length, batchSize: 10_000 };
  report(BENCH, 'throughput_sqlite', median(wall), 'ticks/s', extra);
  report(BENCH, 'throughput_sqlite_cpu', median(cpu), 'ticks/cpu-s', extra);
}

// 2b. The same with the writes on a worker thread: the pipeline fills the next batch while the
// writer commits the previous one (at most one batch waiting, as a replay loop would do it).
// 2c. The same again with the detectors of the default configuration (the ensemble and its
// members, the spike rules, the stale-feed monitor, processing latency per trade) as `run` builds
// them, on the same 3 timeframes (trades only: the spread blow-out, which reads quotes, idles).
async function workerStoreThroughput(metric: string, makeOptions: () => PipelineOptions): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tickwatch-bench-'));
  const wall: number[] = [];
  const cpu: number[] = [];
  let anomalies = 0;
  for (let run = 0; run < 3; run++) {
    const store = await openSqliteWorkerStore({ path: join(dir, `bench-${run}.db`) });
    const writer = new StoreWriter(store, { batchSize: 10_000, storeTrades: true, storeQuotes: true });
    const clock = new ReplayClock();
    const pipeline = new Pipeline(makeOptions(), clock);
    const chunk = 10_000;
    anomalies = 0;
    const add = (event: PipelineEvent): void => {
      if (event.type === 'anomaly') anomalies++;
      writer.add(event);
    };
    const rate = await measure(async () => {
      let writing: Promise<void> = Promise.resolve();
      for (let i = 0; i < trades.length; i += chunk) {
        drive(pipeline, clock, trades.slice(i, i + chunk), add);
        if (writer.full) {
          await writing;
          writing = writer.flush(); // encoded and posted now; committed while the next chunk runs
        }
      }
      await writing;
      await writer.flush();
    });
    wall.push(rate.wall);
    cpu.push(rate.cpu); // this thread's and the writer thread's CPU: process.cpuUsage counts every thread
    await store.close();
  }
  rmSync(dir, { recursive: true, force: true });
  const extra = { symbols: SYMBOLS, timeframes: TIMEFRAMES.length, batchSize: 10_000, anomalies };
  report(BENCH, metric, median(wall), 'ticks/s', extra);
  report(BENCH, `${metric}_cpu`, median(cpu), 'ticks/cpu-s', extra);
}
await workerStoreThroughput('throughput_sqlite_worker', () => options(SYMBOLS, false));
await workerStoreThroughput('throughput_sqlite_worker_default_detectors', () =>
  pipelineOptions(
    validateConfig(
      { pipeline: { timeframes: TIMEFRAMES, indicators: { set: 'none' }, features: { timeframes: [] } } },
      'bench',
    ),
    defaultUniverse(SYMBOLS),
  ),
);

// 3. Latency from a tick entering the pipeline to its anomaly event.
{
  const clock = new ReplayClock();
  const pipeline = new Pipeline(options(SYMBOLS), clock);
  const latencies: number[] = [];
  const all: number[] = [];
  let entered = 0n;
  let nextTimer = 0;
  const emit = (event: PipelineEvent): void => {
    if (event.type === 'anomaly') latencies.push(Number(process.hrtime.bigint() - entered));
  };
  for (const trade of trades) {
    entered = process.hrtime.bigint();
    clock.advanceTo(trade.tsRecv);
    if (trade.tsRecv >= nextTimer) {
      pipeline.onTime(trade.tsRecv, emit);
      nextTimer = trade.tsRecv - (trade.tsRecv % 100_000) + 100_000;
    }
    pipeline.next(trade, emit);
    all.push(Number(process.hrtime.bigint() - entered));
  }
  const percentile = (values: number[], p: number): number => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
  };
  report(BENCH, 'tick_to_anomaly_p50', percentile(latencies, 0.5) / 1000, 'µs', { anomalies: latencies.length });
  report(BENCH, 'tick_to_anomaly_p99', percentile(latencies, 0.99) / 1000, 'µs', { anomalies: latencies.length });
  report(BENCH, 'tick_processing_p99', percentile(all, 0.99) / 1000, 'µs', { ticks: all.length });
  report(BENCH, 'tick_processing_p999', percentile(all, 0.999) / 1000, 'µs', { ticks: all.length });
}

// 4. Resident memory per symbol: 1,000 symbols with warm state (every builder and detector filled,
//    first with the foundation's pipeline, then with the default indicators and features).
for (const withAnalytics of [false, true]) {
  const symbols = 1_000;
  // Thin markets: state, not event volume, is what is measured (a few trades per minute per symbol).
  const instruments = defaultUniverse(symbols).map((i) => ({ ...i, tradesPerSecond: 0.05 }));
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage();
  const clock = new ReplayClock();
  // The cross-asset matrix is O(symbols²) and refused above 200 symbols: per-symbol state only here.
  const base = options(symbols, withAnalytics);
  const pipeline = new Pipeline(
    { ...base, instruments, ...(base.features ? { features: { ...base.features, correlationWindow: 0 } } : {}) },
    clock,
  );
  const start = microsFromIso('2025-01-06T14:30:00Z');
  const simulator = new MarketSimulator({ seed: 3, start, instruments, anomaliesPerSymbolDay: 0, meanLatency: 2_000 });
  simulator.advance(start + 2 * 3_600_000_000, (event) => {
    if (event.type === 'label') return;
    clock.advanceTo(event.tsRecv);
    pipeline.next(event, () => undefined);
  });
  gc?.();
  const after = process.memoryUsage();
  const extra = { symbols, timeframes: TIMEFRAMES.length, indicatorsAndFeatures: withAnalytics };
  report(BENCH, 'heap_per_symbol', (after.heapUsed - before.heapUsed) / symbols / 1024, 'KiB', extra);
  report(BENCH, 'rss_per_symbol', (after.rss - before.rss) / symbols / 1024, 'KiB', extra);
  if (pipeline.instruments.length !== symbols) throw new Error('unexpected symbol count');
}
