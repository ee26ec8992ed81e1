/**
 * `tickwatch run` with live providers (source.polygon, alpaca, binance, coinbase). Time is the
 * wall clock (LiveClock): events flow source → pipeline → store as they arrive, and the loop
 * only closes the windows of quiet feeds, flushes, renders and checkpoints.
 *
 * Each source starts and fails on its own: a rejected key or an unreachable host shows in the
 * log, the live view, /health/ready and the metrics, and the other sources keep running. Gaps a
 * source reports (a reconnect, skipped sequence numbers) are filled from the provider's REST
 * minute bars: stored, and fed to the pipeline (Pipeline.ingestBar) so the minutes it never saw
 * trades for reach the indicators and the wider bars. Before the streams start, a warm-up feeds
 * the recent minute bars of every symbol from REST the same way (source.warmup), so indicators
 * and detectors do not start cold. Provider bars that enter the pipeline are recorded with the
 * inputs, so a replay of the recording sees them too. The simulator never joins a live run: it
 * replays its own clock.
 */
import type { Bar, Micros } from '../core/events.js';
import { MICROS_PER_MILLI, MICROS_PER_MINUTE, isoFromMicros } from '../core/time.js';
import type { PipelineState, ProviderBarOutcome } from '../pipeline/pipeline.js';
import { CLOCK_INPUT, type ClockInput } from '../pipeline/clock-input.js';
import { PROVIDER_BAR_INPUT, type ProviderBarInput } from '../pipeline/provider-bar.js';
import type { TickwatchConfig } from '../config/schema.js';
import { GapFiller } from '../sources/common/gap-filler.js';
import type { Source, SourceBar, SourceLogger, SourceSink } from '../sources/common/source.js';
import { toStoredBar } from '../sources/rest/backfill.js';
import { loadCheckpoint, shapeHash } from './checkpoint.js';
import { liveInstruments } from './instruments.js';
import { LiveClock } from './live-clock.js';
import { formatCount } from './live-view.js';
import { RunUpkeep } from './run-upkeep.js';
import { closeQuietly, openRun, seedView, sleep, type RunningApp, type Terminal } from './run-context.js';
import { createLiveSources, type LiveProvider } from './sources/live-sources.js';
import { fetchWarmup } from './sources/live-warmup.js';
import { SourceMonitor } from './sources/source-monitor.js';

const CHECKPOINT_KEY = 'run.live';
/** Loop pace: quiet windows close within this of their deadline. */
const LOOP_PAUSE_MS = 50;
/** How often sources' statuses are re-read (a failing source turns from degraded to down). */
const STATUS_INTERVAL_MS = 1_000;

export async function startLiveRun(
  config: TickwatchConfig,
  terminal: Terminal,
  stopSignal?: AbortSignal,
): Promise<RunningApp> {
  const instruments = liveInstruments(config.source);
  const shape = shapeHash({
    mode: 'live',
    instruments,
    timeframes: config.pipeline.timeframes,
    detectors: config.pipeline.detectors,
    indicators: config.pipeline.indicators,
    features: config.pipeline.features,
  });
  const clock = new LiveClock();
  const run = await openRun(config, terminal, instruments, clock);
  const { logger, logFile, store, storePath, pipeline, server, writer, recorder, sink } = run;
  let stopping = stopSignal?.aborted ?? false;
  stopSignal?.addEventListener('abort', () => {
    stopping = true;
  });

  const monitor = new SourceMonitor({ target: server, logger, write: terminal.write });
  const setup = createLiveSources(config.source, { logger });
  for (const failure of setup.failures) monitor.failed(failure.provider, failure.error);
  if (setup.providers.length === 0) {
    await server.close().catch(() => undefined);
    await closeQuietly(store);
    throw new Error(
      `no live source could start: ${setup.failures.map((f) => (f.error.startsWith(`${f.provider}:`) ? f.error : `${f.provider}: ${f.error}`)).join('; ')}`,
    );
  }

  // A restart keeps the indicators' and detectors' state, unless the checkpoint is too old to matter.
  const saved = await loadCheckpoint<PipelineState, null>(store, CHECKPOINT_KEY, shape);
  const maxAge = config.pipeline.validation.maxPastAgeMs * MICROS_PER_MILLI;
  let restoredAt: Micros | null = null;
  if (saved !== null && saved !== 'mismatch' && saved.sourceTime >= clock.now() - maxAge) {
    pipeline.restore(saved.pipeline);
    pipeline.resumeWatching(clock.now()); // the feeds were not watched while the process was down
    restoredAt = saved.sourceTime;
    terminal.write(`Resuming from the checkpoint of ${saved.savedAt} (pipeline state restored).\n`);
    logger.info({ savedAt: saved.savedAt }, 'resumed from checkpoint');
  } else if (saved === 'mismatch') {
    terminal.write('The configuration changed since the last checkpoint: starting with a fresh pipeline.\n');
  }
  await seedView(run, instruments, terminal);

  /** A provider bar into the pipeline, recorded first so a replay feeds it at the same point. */
  const ingest = (bar: Bar): ProviderBarOutcome => {
    recorder?.write({ type: PROVIDER_BAR_INPUT, tsRecv: clock.now(), bar } satisfies ProviderBarInput);
    return pipeline.ingestBar(bar, sink);
  };
  await warmUp({
    config,
    providers: setup.providers,
    instruments: instruments.map((i) => i.symbol),
    restoredAt,
    now: () => clock.now(),
    ingest,
    closeDue: () => pipeline.onTime(clock.now(), sink),
    setPartials: (on) => (pipeline.emitPartials = on),
    stopSignal,
    logger,
    write: terminal.write,
  });

  let providerBars = 0;
  const storeBars = (bars: readonly SourceBar[]): void => {
    // Only closed windows: a bar still forming would change after it is stored.
    const now = clock.now();
    for (const bar of bars) {
      if (bar.end > now) continue;
      writer.add(toStoredBar(bar));
      providerBars++;
    }
  };
  let pipelineFailure: Error | null = null;
  let gapMinutesIngested = 0;
  /** Closed provider minute bars into the pipeline (those whose minutes it has trades for stay out); how many entered. */
  const ingestClosed = (bars: readonly SourceBar[]): number => {
    const now = clock.now();
    let entered = 0;
    for (const bar of bars) {
      if (stopping) break;
      if (bar.end > now || bar.timeframe !== '1m') continue;
      try {
        if (ingest(toStoredBar(bar)) === 'ingested') entered++;
      } catch (error) {
        // As for trades: a broken invariant in the pipeline stops the run.
        pipelineFailure ??= error instanceof Error ? error : new Error(String(error));
        stopping = true;
      }
    }
    return entered;
  };
  /** A gap's bars: stored, and the minutes the pipeline has no trades for enter it. */
  const onGapBars = (bars: readonly SourceBar[]): void => {
    storeBars(bars);
    gapMinutesIngested += ingestClosed(bars);
  };
  const fillers: GapFiller[] = [];
  const sources: Source[] = [];
  const startProvider = (provider: LiveProvider): void => {
    const filler =
      provider.gapFetch === null ? null : new GapFiller({ fetch: provider.gapFetch, onBars: onGapBars, logger });
    if (filler !== null) fillers.push(filler);
    for (const source of provider.sources) {
      const storesBars = provider.barSources.has(source);
      const sourceSink: SourceSink = {
        event: (event) => {
          if (stopping) return;
          monitor.eventReceived(source.name, event.tsRecv);
          recorder?.write(event);
          try {
            pipeline.next(event, sink);
          } catch (error) {
            // A broken invariant in the pipeline is a bug, not a source failure: stop the run
            // (without a checkpoint of a state that may be corrupt) instead of letting the
            // socket's hook guard log it frame after frame.
            pipelineFailure ??= error instanceof Error ? error : new Error(String(error));
            stopping = true;
          }
        },
        bar: (bar) => {
          if (storesBars && bar.revision === 'final' && !stopping) {
            monitor.eventReceived(source.name, bar.tsRecv);
            storeBars([bar]);
            // REST-polled symbols have no trades: their minute bars are the pipeline's input.
            ingestClosed([bar]);
          }
        },
        gap: (gap) => {
          logger.info({ source: source.name, symbol: gap.symbol, from: gap.from, to: gap.to }, 'gap reported');
          filler?.enqueue(gap);
        },
        status: (status) => monitor.update(status),
      };
      try {
        source.start(sourceSink);
        sources.push(source);
        monitor.update(source.status());
      } catch (error) {
        monitor.failed(source.name, error instanceof Error ? error.message : String(error));
      }
    }
  };
  for (const provider of setup.providers) startProvider(provider);

  server.setReady(true);
  server.goLive();
  terminal.write(
    `Live from ${setup.providers.map((p) => p.provider).join(', ')} (${instruments.length} symbols). Store: ${storePath} · logs: ${logFile} · Ctrl-C stops cleanly.\n`,
  );

  let lastStatus = performance.now();
  const upkeep = new RunUpkeep<null>(run, config, {
    checkpointKey: CHECKPOINT_KEY,
    checkpointState: () => ({
      version: 1,
      shape,
      sourceTime: clock.now(),
      savedAt: new Date().toISOString(),
      pipeline: pipeline.snapshot(),
      source: null,
    }),
    sourceHealth: () => monitor.health,
  });

  const loop = async (): Promise<void> => {
    while (!stopping) {
      const now = performance.now();
      const time: Micros = clock.now();
      pipeline.onTime(time, sink);
      server.onTime(time);
      if (now - lastStatus >= STATUS_INTERVAL_MS) {
        lastStatus = now;
        for (const source of sources) monitor.update(source.status());
      }
      await upkeep.turn(now, time);
      await sleep(LOOP_PAUSE_MS);
    }
  };

  const stopSources = async (): Promise<void> => {
    await Promise.allSettled([...sources.map((s) => s.stop()), ...fillers.map((f) => f.stop())]);
  };

  const done = loop()
    .then(async () => {
      if (pipelineFailure !== null) throw pipelineFailure;
      await stopSources();
      const finalTime = clock.now();
      pipeline.onTime(finalTime, sink);
      await upkeep.checkpoint();
      // A replay of the recording then closes the windows this last timer closed.
      recorder?.write({ type: CLOCK_INPUT, tsRecv: finalTime } satisfies ClockInput);
      await recorder?.close();
      await server.close();
      await store.close();
      const filled = fillers.reduce((total, f) => total + f.stats.filled, 0);
      terminal.write(
        `Stopped cleanly at ${isoFromMicros(clock.now()).slice(0, 19)}Z: ${formatCount(writer.stats.rowsWritten)} rows stored (${providerBars} provider bars, ${filled} gaps filled, ${gapMinutesIngested} gap minutes into the pipeline), checkpoint saved.\n`,
      );
      logger.info({ rows: writer.stats.rowsWritten, providerBars, gapsFilled: filled, gapMinutesIngested }, 'stopped');
      logger.flush();
    })
    .catch(async (error: unknown) => {
      logger.fatal({ err: error }, 'run failed');
      logger.flush();
      await stopSources();
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

interface WarmupContext {
  readonly config: TickwatchConfig;
  readonly providers: readonly LiveProvider[];
  readonly instruments: readonly string[];
  /** Source time of the restored checkpoint, or null on a fresh start. */
  readonly restoredAt: Micros | null;
  readonly now: () => Micros;
  readonly ingest: (bar: Bar) => ProviderBarOutcome;
  /** Closes the windows that are due (the last warm-up minute). */
  readonly closeDue: () => void;
  readonly setPartials: (on: boolean) => void;
  readonly stopSignal: AbortSignal | undefined;
  readonly logger: SourceLogger;
  readonly write: (text: string) => void;
}

/**
 * Feeds the last `source.warmup.minutes` of 1-minute REST history (or, after a restart, the
 * minutes since the checkpoint, within that bound) to the pipeline before any trade: indicators
 * and detectors start warm and the wider bars are built from the history. It runs before the
 * server goes live, so anomalies found in the history are stored but alert no one.
 */
async function warmUp(context: WarmupContext): Promise<void> {
  const { minutes, timeoutMs } = context.config.source.warmup;
  if (minutes === 0 || context.stopSignal?.aborted) return;
  const now = context.now();
  const earliest = now - minutes * MICROS_PER_MINUTE;
  const from = context.restoredAt === null ? earliest : Math.max(earliest, context.restoredAt);
  if (now - from < MICROS_PER_MINUTE) return;
  const fetching = new AbortController();
  const timer = setTimeout(() => fetching.abort(new Error(`warm-up time limit of ${timeoutMs} ms`)), timeoutMs);
  const stop = (): void => fetching.abort(new Error('run stopped'));
  context.stopSignal?.addEventListener('abort', stop);
  const started = performance.now();
  context.write(
    `Warm-up: fetching ${Math.round((now - from) / MICROS_PER_MINUTE)} minutes of 1-minute history per symbol from ${context.providers.map((p) => p.provider).join(', ')}…\n`,
  );
  let result;
  try {
    result = await fetchWarmup(context.providers, {
      from,
      to: now,
      signal: fetching.signal,
      logger: context.logger,
      symbols: context.instruments,
    });
  } finally {
    clearTimeout(timer);
    context.stopSignal?.removeEventListener('abort', stop);
  }
  // No one watches forming bars of history: only closed bars and state matter.
  context.setPartials(false);
  const outcomes: Partial<Record<ProviderBarOutcome, number>> = {};
  try {
    for (const bar of result.bars) {
      const outcome = context.ingest(bar);
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }
    context.closeDue();
  } finally {
    context.setPartials(true);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const skipped = (outcomes['has-trades'] ?? 0) + (outcomes['too-late'] ?? 0);
  context.write(
    `Warm-up: ${outcomes.ingested ?? 0} minute bars of ${result.symbols} of ${context.instruments.length} symbols in ${seconds} s` +
      (skipped > 0 ? ` (${skipped} already in the restored state)` : '') +
      (outcomes.rejected ? ` (${outcomes.rejected} malformed, quarantined)` : '') +
      (result.failures.length > 0 ? `; not fetched: ${result.failures.slice(0, 3).join('; ')}` : '') +
      '.\n',
  );
  context.logger.info({ outcomes, symbols: result.symbols, failures: result.failures, seconds }, 'warm-up done');
}
