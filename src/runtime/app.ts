/**
 * `tickwatch run`: source → pipeline → store in one process, with the live view in the
 * terminal, periodic checkpoints and a clean shutdown.
 *
 * With live providers configured (source.binance, …) the run is live-run.ts. Otherwise the
 * source is the built-in simulator: it drives a ReplayClock with the simulated time,
 * so the pipeline code is the same as in a replay or backtest. On first start it simulates
 * `warmupDays` of history as fast as possible, then continues in real time (or N× / max).
 * A restart restores the last checkpoint and catches up the time the process was down.
 */
import { ReplayClock } from '../core/clock.js';
import type { PipelineEvent } from '../core/events.js';
import { MICROS_PER_DAY, MICROS_PER_MINUTE, isoFromMicros } from '../core/time.js';
import type { PipelineState } from '../pipeline/pipeline.js';
import { CLOCK_INPUT, type ClockInput } from '../pipeline/clock-input.js';
import { MarketSimulator, type SimulatorState } from '../sources/simulator/index.js';
import type { TickwatchConfig } from '../config/schema.js';
import { runsSimulator } from '../config/source-schema.js';
import { loadCheckpoint, shapeHash } from './checkpoint.js';
import { simulatedInstruments } from './instruments.js';
import { LiveClock } from './live-clock.js';
import { formatCount } from './live-view.js';
import type { Logger } from './logger.js';
import { startLiveRun } from './live-run.js';
import { RunUpkeep } from './run-upkeep.js';
import {
  closeQuietly,
  openRun,
  seedView,
  sleep,
  yieldToEventLoop,
  type RunningApp,
  type Terminal,
} from './run-context.js';
import { warmupStart } from './warmup.js';

export type { RunningApp, Terminal };

const CHECKPOINT_KEY = 'run.simulator';
/** Event time simulated per loop turn while catching up, so the loop stays responsive to signals. */
const CATCH_UP_STEP = 30 * MICROS_PER_MINUTE;
/** Extra catch-up rounds up to the wall clock's now, after the history up to the start time. */
const CATCH_UP_ROUNDS = 3;
/** Pause between loop turns when paced (real time or N×). */
const LOOP_PAUSE_MS = 20;

/**
 * Starts the run. `stopSignal` (e.g. from SIGINT) may fire at any time, also during the
 * catch-up: the run then stops at the next step boundary, flushes, checkpoints and closes.
 */
export async function startTickwatch(
  config: TickwatchConfig,
  terminal: Terminal,
  stopSignal?: AbortSignal,
): Promise<RunningApp> {
  if (!runsSimulator(config.source)) return startLiveRun(config, terminal, stopSignal);
  const simulatorConfig = config.source.simulator;
  const instruments = simulatedInstruments(simulatorConfig.symbols, simulatorConfig.activity);
  const shape = shapeHash({
    instruments,
    timeframes: config.pipeline.timeframes,
    detectors: config.pipeline.detectors,
    indicators: config.pipeline.indicators,
    features: config.pipeline.features,
    seed: simulatorConfig.seed,
  });

  const clock = new ReplayClock();
  const run = await openRun(config, terminal, instruments, clock);
  const { logger, logFile, store, storePath, pipeline, server, writer, view, recorder, counts, sink } = run;
  server.setSource({ name: 'simulator', status: 'up', detail: `${instruments.length} symbols` });

  let stopping = stopSignal?.aborted ?? false;
  stopSignal?.addEventListener('abort', () => {
    stopping = true;
  });

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
    const wallClock = new LiveClock();
    let end = wallNow;
    for (let t = catchUpFrom, rounds = 0; t < end && !stopping;) {
      t = Math.min(end, t + CATCH_UP_STEP);
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
      // Simulating the history took wall time: simulate that too (a few ever shorter rounds), or
      // the live loop would trail the wall clock by the whole catch-up for good (ticks, bars and
      // the latency figures seconds late).
      if (t >= end && rounds++ < CATCH_UP_ROUNDS) end = wallClock.now();
    }
    await writer.flush();
    if (terminal.color) terminal.write('\r');
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuStarted);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    terminal.write(
      `History ready in ${seconds.toFixed(1)} s (${cpuSeconds.toFixed(1)} s CPU): ${formatCount(counts.trades)} trades, ${counts.anomalies} anomalies, ${formatCount(writer.stats.rowsWritten)} rows stored.\n`,
    );
    view.setQuiet(false);
    pipeline.emitPartials = true;
    writer.skipQuotes = false;
    logger.info({ seconds, trades: counts.trades, anomalies: counts.anomalies }, 'catch-up done');
  }
  await seedView(run, instruments, terminal);
  server.setReady(true);
  server.goLive();
  if (!stopping) terminal.write(`Live. Store: ${storePath} · logs: ${logFile} · Ctrl-C stops cleanly.\n`);

  // The live loop.
  const loopStartWall = performance.now();
  const loopStartSource = Math.max(simulator.now(), clock.now());
  const upkeep = new RunUpkeep<SimulatorState>(run, config, {
    checkpointKey: CHECKPOINT_KEY,
    checkpointState: () => ({
      version: 1,
      shape,
      sourceTime: simulator.now(),
      savedAt: new Date().toISOString(),
      pipeline: pipeline.snapshot(),
      source: simulator.snapshot(),
    }),
  });

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
      await upkeep.turn(now, clock.now());
      await (simulatorConfig.speed === 'max' ? yieldToEventLoop() : sleep(LOOP_PAUSE_MS));
    }
  };

  const done = loop()
    .then(async () => {
      await upkeep.checkpoint();
      // The loop's last timer ran at this time: a replay of the recording closes the same windows.
      recorder?.write({ type: CLOCK_INPUT, tsRecv: clock.now() } satisfies ClockInput);
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

export type { Logger };
