/**
 * What every `tickwatch run` opens whatever its source (simulator or live providers): the log,
 * the store with its writer, the pipeline on the run's clock, the API server, the live view, the
 * optional input recording, and the sink pipeline events go through.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../core/clock.js';
import type { Instrument, PipelineEvent } from '../core/events.js';
import { Pipeline } from '../pipeline/pipeline.js';
import type { TickwatchConfig } from '../config/schema.js';
import { openSqliteWorkerStore } from '../store/sqlite/index.js';
import type { Store } from '../store/store.js';
import { LiveView } from './live-view.js';
import { createLogger, type Logger } from './logger.js';
import { loadPipelineOptions, modelReport } from './pipeline-options.js';
import { RecordingWriter } from './recording.js';
import { RECORDING_HEADER } from './replay.js';
import { startServerRuntime, type ServerRuntime } from './server-runtime.js';
import { StoreWriter } from './store-writer.js';
import { VERSION } from './version.js';

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

export interface RunContext {
  readonly logger: Logger;
  readonly logFile: string;
  readonly store: Store;
  readonly storePath: string;
  readonly pipeline: Pipeline;
  readonly server: ServerRuntime;
  readonly writer: StoreWriter;
  readonly view: LiveView;
  readonly recorder: RecordingWriter | null;
  /** Trades and anomalies seen by the sink. */
  readonly counts: { trades: number; anomalies: number };
  /** Every pipeline event goes here: store, live view, server. */
  readonly sink: (event: PipelineEvent) => void;
}

export async function openRun(
  config: TickwatchConfig,
  terminal: Terminal,
  instruments: readonly Instrument[],
  clock: Clock,
): Promise<RunContext> {
  mkdirSync(config.dataDir, { recursive: true });
  const { logger, file: logFile } = createLogger({ dataDir: config.dataDir, level: config.logLevel });
  const storePath = config.store.path ?? join(config.dataDir, 'tickwatch.db');
  // Writes run on a worker thread, so a busy pipeline and the disk use both cores.
  const store = await openSqliteWorkerStore({ path: storePath });
  let pipeline: Pipeline;
  let server: ServerRuntime;
  try {
    pipeline = new Pipeline(await loadPipelineOptions(config, instruments, modelReport(logger, terminal.write)), clock);
    server = await startServerRuntime({
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
  const writer = new StoreWriter(store, config.store, logger, (seconds, rows) => server.storeWrite(seconds, rows));
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

  const counts = { trades: 0, anomalies: 0 };
  const sink = (event: PipelineEvent): void => {
    writer.add(event);
    view.observe(event);
    server.observe(event);
    if (event.type === 'trade') counts.trades++;
    else if (event.type === 'anomaly') counts.anomalies++;
    else if (event.type === 'quarantine')
      logger.warn({ reason: event.reason, detail: event.detail, symbol: event.symbol }, 'quarantined');
  };
  return { logger, logFile, store, storePath, pipeline, server, writer, view, recorder, counts, sink };
}

/** Seeds the live view's lines from the store (a restart shows prices at once) and prints recent anomalies. */
export async function seedView(run: RunContext, instruments: readonly Instrument[], terminal: Terminal): Promise<void> {
  for (const { symbol } of instruments) {
    const [lastTrade] = await run.store.trades({ symbol, order: 'desc', limit: 1 });
    const day = await run.store.latestBar(symbol, '1d');
    run.view.seed(symbol, lastTrade?.price ?? day?.close ?? null, day?.close ?? null);
  }
  const recent = await run.store.anomalies({ limit: 5, order: 'desc' });
  if (recent.length > 0) {
    terminal.write('Recent anomalies:\n');
    for (const anomaly of recent.reverse()) run.view.printAnomaly(anomaly);
  }
}

export async function closeQuietly(store: Store): Promise<void> {
  try {
    await store.close();
  } catch {
    // already failing: the original error is the one to report
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
