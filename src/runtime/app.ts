/**
 * `tickwatch run`: source → pipeline → store in one process, with the live view in the
 * terminal, periodic checkpoints and a clean shutdown.
 *
 * The source today is the built-in simulator. It drives a ReplayClock with the simulated time,
 * so the pipeline code is the same as in a replay or backtest. On first start it simulates
 * `warmupDays` of history as fast as possible, then continues in real time (or N× / max).
 * A restart restores the last checkpoint and catches up the time the process was down.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ReplayClock } from '../core/clock.js';
import type { PipelineEvent } from '../core/events.js';
import { MICROS_PER_DAY, MICROS_PER_MINUTE, isoFromMicros } from '../core/time.js';
import { Pipeline, type PipelineState } from '../pipeline/pipeline.js';
import { MarketSimulator, type SimulatorState } from '../sources/simulator/index.js';
import type { TickwatchConfig } from '../config/schema.js';
import { openSqliteWorkerStore } from '../store/sqlite/index.js';
import type { Store } from '../store/store.js';
import { loadCheckpoint, saveCheckpoint, shapeHash, type Checkpoint } from './checkpoint.js';
import { simulatedInstruments } from './instruments.js';
import { LiveClock } from './live-clock.js';
import { LiveView, formatCount } from './live-view.js';
import { createLogger, type Logger } from './logger.js';
import { pipelineOptions } from './pipeline-options.js';
import { warmupStart } from './warmup.js';
import { RecordingWriter } from './recording.js';
import { RECORDING_HEADER } from './replay.js';
import { StoreWriter } from './store-writer.js';
import { startServerRuntime } from './server-runtime.js';
import { VERSION } from './version.js';

const CHECKPOINT_KEY = 'run.simulator';
/** Event time simulated per loop turn while catching up, so the loop stays responsive to signals. */
const CATCH_UP_STEP = 30 * MICROS_PER_MINUTE;
/** Pause between loop turns when paced (real time or N×). */
const LOOP_PAUSE_MS = 20;

export interface Terminal {
  write(text: string): void;
  readonly color: boolean;
}

export interface RunningApp {
  /** Requests a clean stop: flush, checkpoint, close. Resolves when done. */
  stop(): Promise<void>;
  /** Resolves when the run has stopped. */
  readonly done: Promise<void>;
  readonly storePath: string;
}

/**
 * Starts the run. `stopSignal` (e.g. from SIGINT) may fire at any time, also during the
 * catch-up: the run then stops at the next step boundary, flushes, checkpoints and closes.
 */
export async function startTickwatch(
  config: TickwatchConfig,
  terminal: Terminal,
  stopSignal?: AbortSignal,
): Promise<RunningApp> {
  mkdirSync(config.dataDir, { recursive: true });
  const { logger, file: logFile } = createLogger({ dataDir: config.dataDir, level: config.logLevel });
  const storePath = config.store.path ?? join(config.dataDir, 'tickwatch.db');
  // Writes run on a worker thread, so a busy pipeline and the disk use both cores.
  const store = await openSqliteWorkerStore({ path: storePath });
  const simulatorConfig = config.source.simulator;
  const instruments = simulatedInstruments(simulatorConfig.symbols, simulatorConfig.activity);
  const options = pipelineOptions(config, instruments);
  const shape = shapeHash({
    instruments,
    timeframes: options.timeframes,
    detectors: config.pipeline.detectors,
    indicators: config.pipeline.indicators,
    features: config.pipeline.features,
    seed: simulatorConfig.seed,
  });

  const clock = new ReplayClock();
  const pipeline = new Pipeline(options, clock);
  let service;
  try {
    service = await startServerRuntime({
      config,
      store,
      storePath,
      clock,
      pipeline,
      logger,
      write: terminal.write,
      version: VERSION,
    });
  } catch (error) {
    await closeQuietly(store);
    throw error;
  }
  const server = service;
  server.setSource({ name: 'simulator', status: 'up', detail: `${instruments.length} symbols` });

  const writer = new StoreWriter(store, config.store, logger, (seconds, rows) => server.storeWrite(seconds, rows));
  let stopping = stopSignal?.aborted ?? false;
  stopSignal?.addEventListener('abort', () => {
    stopping = true;
  });
  const view = new LiveView({
    write: terminal.write,
    symbols: instruments.map((i) => i.symbol),
    color: terminal.color,
  });
  const recorder = config.record.enabled
    ? new RecordingWriter(
        join(
          config.record.dir ?? join(config.dataDir, 'recordings'),
          `${new Date().toISOString().replaceAll(':', '-')}.ndjson.gz`,
        ),
      )
    : null;
  // A recording names its instruments first, so a replay needs no configuration.
  recorder?.write({ type: RECORDING_HEADER, version: 1, instruments, createdBy: `tickwatch run ${VERSION}` });
  if (recorder) terminal.write(`Recording inputs to ${recorder.path}\n`);

  let trades = 0;
  let anomalies = 0;
  const sink = (event: PipelineEvent): void => {
    writer.add(event);
    view.observe(event);
    server.observe(event);
    if (event.type === 'trade') trades++;
    else if (event.type === 'anomaly') anomalies++;
    else if (event.type === 'quarantine')
      logger.warn({ reason: event.reason, detail: event.detail, symbol: event.symbol }, 'quarantined');
  };
  const onSourceEvent = (event: PipelineEvent | unknown): void => {
    const typed = event as PipelineEvent;
    if (typed.type === 'label') {
      sink(typed);
      return;
    }
    recorder?.write(event);
    clock.advanceTo((typed as { tsRecv: number }).tsRecv);
    pipeline.next(event, sink);
  };

  // Start fresh with a warm-up, or resume from the last checkpoint.
  const wallNow = new LiveClock().now();
  const maxCatchUp = Math.max(4, simulatorConfig.warmupDays + 2) * MICROS_PER_DAY;
  const saved = await loadCheckpoint<PipelineState, SimulatorState>(store, CHECKPOINT_KEY, shape);
  let simulator: MarketSimulator;
  const freshStart = warmupStart(wallNow, simulatorConfig.warmupDays, instruments);
  const simulatorSetup = {
    seed: simulatorConfig.seed,
    start: freshStart,
    instruments,
    anomaliesPerSymbolDay: simulatorConfig.anomaliesPerSymbolDay,
    meanLatency: 2_000,
  };
  if (saved !== null && saved !== 'mismatch' && saved.sourceTime >= wallNow - maxCatchUp) {
    simulator = new MarketSimulator(simulatorSetup);
    simulator.restore(saved.source);
    pipeline.restore(saved.pipeline);
    clock.advanceTo(saved.sourceTime);
    terminal.write(
      `Resuming from the checkpoint of ${saved.savedAt} (source time ${isoFromMicros(saved.sourceTime)}).\n`,
    );
    logger.info({ savedAt: saved.savedAt, sourceTime: saved.sourceTime }, 'resumed from checkpoint');
  } else {
    if (saved === 'mismatch')
      terminal.write('The configuration changed since the last checkpoint: starting a fresh simulation.\n');
    else if (saved !== null)
      terminal.write('The last checkpoint is older than the catch-up limit: starting a fresh simulation.\n');
    simulator = new MarketSimulator(simulatorSetup);
    clock.advanceTo(freshStart);
  }

  // Catch up (warm-up or downtime) as fast as possible, quietly.
  const catchUpFrom = simulator.now();
  if (catchUpFrom < wallNow && simulatorConfig.speed !== 'max' && !stopping) {
    // Nobody watches forming bars of the past, and history's quotes are not worth the disk:
    // both are skipped while catching up (trades, bars and anomalies are stored as usual).
    view.setQuiet(true);
    server.setReady(false, 'simulating warm-up history');
    pipeline.emitPartials = false;
    writer.skipQuotes = true;
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const span = wallNow - catchUpFrom;
    terminal.write(
      `Simulating ${(span / MICROS_PER_DAY).toFixed(1)} days of history for ${instruments.length} symbols…\n`,
    );
    let lastProgress = performance.now();
    for (let t = catchUpFrom; t < wallNow && !stopping;) {
      t = Math.min(wallNow, t + CATCH_UP_STEP);
      simulator.advance(t, onSourceEvent);
      clock.advanceTo(t);
      pipeline.onTime(t, sink);
      if (writer.full) await writer.flushOverlapped();
      if (performance.now() - lastProgress > (terminal.color ? 250 : 2000)) {
        lastProgress = performance.now();
        const percent = Math.round(((t - catchUpFrom) / span) * 100);
        terminal.write(terminal.color ? `\r  … ${percent}%` : `  … ${percent}%\n`);
      }
      await yieldToEventLoop();
    }
    await writer.flush();
    if (terminal.color) terminal.write('\r');
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuStarted);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    terminal.write(
      `History ready in ${seconds.toFixed(1)} s (${cpuSeconds.toFixed(1)} s CPU): ${formatCount(trades)} trades, ${anomalies} anomalies, ${formatCount(writer.stats.rowsWritten)} rows stored.\n`,
    );
    view.setQuiet(false);
    pipeline.emitPartials = true;
    writer.skipQuotes = false;
    logger.info({ seconds, trades, anomalies }, 'catch-up done');
  }
  for (const { symbol } of instruments) {
    const [lastTrade] = await store.trades({ symbol, order: 'desc', limit: 1 });
    const day = await store.latestBar(symbol, '1d');
    view.seed(symbol, lastTrade?.price ?? day?.close ?? null, day?.close ?? null);
  }
  const recent = await store.anomalies({ limit: 5, order: 'desc' });
  if (recent.length > 0) {
    terminal.write('Recent anomalies:\n');
    for (const anomaly of recent.reverse()) view.printAnomaly(anomaly);
  }
  server.setReady(true);
  server.goLive();
  if (!stopping) terminal.write(`Live. Store: ${storePath} · logs: ${logFile} · Ctrl-C stops cleanly.\n`);

  // The live loop.
  let lastFlush = performance.now();
  let lastCheckpoint = performance.now();
  let lastRender = 0;
  let lastRetention = 0;
  let tradesAtRender = trades;
  const loopStartWall = performance.now();
  const loopStartSource = Math.max(simulator.now(), clock.now());

  const checkpoint = async (): Promise<void> => {
    await writer.flush();
    await recorder?.flush();
    const state: Checkpoint<PipelineState, SimulatorState> = {
      version: 1,
      shape,
      sourceTime: simulator.now(),
      savedAt: new Date().toISOString(),
      pipeline: pipeline.snapshot(),
      source: simulator.snapshot(),
    };
    await saveCheckpoint(store, CHECKPOINT_KEY, state);
    lastCheckpoint = performance.now();
  };

  const loop = async (): Promise<void> => {
    while (!stopping) {
      const now = performance.now();
      const target =
        simulatorConfig.speed === 'max'
          ? simulator.now() + CATCH_UP_STEP
          : loopStartSource + Math.round((now - loopStartWall) * 1000 * simulatorConfig.speed);
      // Never simulate more than one catch-up step per turn, even after a stall.
      simulator.advance(Math.min(target, simulator.now() + CATCH_UP_STEP), onSourceEvent);
      clock.advanceTo(simulator.now());
      pipeline.onTime(clock.now(), sink);
      server.onTime(clock.now());
      if (writer.full || now - lastFlush >= config.store.flushIntervalMs) {
        await writer.flushOverlapped();
        lastFlush = performance.now();
      }
      if (config.liveView.enabled && now - lastRender >= config.liveView.intervalMs) {
        const elapsed = lastRender === 0 ? 1 : (now - lastRender) / 1000;
        view.render(clock.now(), {
          ticksPerSecond: lastRender === 0 ? 0 : (trades - tradesAtRender) / elapsed,
          quarantined: Object.values(pipeline.quarantineCounts()).reduce((a, b) => a + b, 0),
          storeRows: writer.stats.rowsWritten,
        });
        tradesAtRender = trades;
        lastRender = now;
      }
      if (now - lastCheckpoint >= config.store.checkpointIntervalMs) await checkpoint();
      if (config.store.tickRetentionDays > 0 && now - lastRetention >= 3_600_000) {
        lastRetention = now;
        const deleted = await store.pruneTicks(clock.now() - config.store.tickRetentionDays * MICROS_PER_DAY);
        if (deleted > 0) logger.info({ deleted }, 'tick retention pruned old ticks and quotes');
      }
      await (simulatorConfig.speed === 'max' ? yieldToEventLoop() : sleep(LOOP_PAUSE_MS));
    }
  };

  const done = loop()
    .then(async () => {
      await checkpoint();
      await recorder?.close();
      await server.close();
      await store.close();
      terminal.write(`Stopped cleanly: ${formatCount(writer.stats.rowsWritten)} rows stored, checkpoint saved.\n`);
      logger.info({ rows: writer.stats.rowsWritten }, 'stopped');
      logger.flush();
    })
    .catch(async (error: unknown) => {
      logger.fatal({ err: error }, 'run failed');
      logger.flush();
      await server.close().catch(() => undefined);
      await closeQuietly(store);
      throw error;
    });

  return {
    storePath,
    done,
    stop: async () => {
      stopping = true;
      await done;
    },
  };
}

async function closeQuietly(store: Store): Promise<void> {
  try {
    await store.close();
  } catch {
    // already failing: the original error is the one to report
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export type { Logger };
