/**
 * The SQLite store with its writes on a worker thread, so the pipeline's thread never waits for
 * SQLite: `write(batch)` encodes the batch (ticks as columns, see tick-columns.ts), posts it to
 * the writer thread and resolves once that thread has committed it. Reads run in the calling
 * thread on a read-only connection; WAL makes every committed write visible to it.
 *
 * Requests reach the writer in call order and are committed in that order. At most
 * `maxBatchesInFlight` are posted at a time; later ones wait here (already encoded, so the
 * caller may reuse its arrays as soon as `write` returns its promise).
 */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type {
  Anomaly,
  Bar,
  FeatureSet,
  IndicatorSet,
  Label,
  Micros,
  Quote,
  Signal,
  Trade,
} from '../../../core/events.js';
import type {
  AnomalyQuery,
  BarQuery,
  LabelQuery,
  QuarantineQuery,
  QuarantineRow,
  SignalQuery,
  Store,
  StoreBatch,
  TimeRangeQuery,
} from '../../store.js';
import { MEMORY_PATH } from '../open-database.js';
import { openSqliteStore, type SqliteStore } from '../sqlite-store.js';
import { encodeBatch, fromWriterError, type WriterOptions, type WriterReply, type WriterRequest } from './protocol.js';
import { writerThreadEntry } from './writer-entry.js';

export interface SqliteWorkerStoreOptions {
  /** Database file (its directory is created if missing). ':memory:' cannot be shared between threads. */
  readonly path: string;
  /** How long a statement waits for another connection's lock; default 5000 ms. */
  readonly busyTimeoutMs?: number;
  /** Requests posted to the writer thread and not yet answered; a write beyond this waits. Default 2. */
  readonly maxBatchesInFlight?: number;
}

type RequestBody = WriterRequest extends infer R ? (R extends WriterRequest ? Omit<R, 'id'> : never) : never;

interface PendingRequest {
  readonly request: WriterRequest;
  readonly transfer: ArrayBuffer[];
  readonly resolve: (value: boolean | number | null) => void;
  readonly reject: (error: Error) => void;
}

export class SqliteWorkerStore implements Store {
  private nextId = 1;
  /** Encoded, not yet posted (the in-flight limit was reached). */
  private readonly waiting: PendingRequest[] = [];
  /** Posted and not yet answered, by id. */
  private readonly inFlight = new Map<number, PendingRequest>();
  private closed = false;
  private closing: Promise<void> | null = null;
  /** Set when the writer thread died: every later request fails with it. */
  private failure: Error | null = null;
  private readonly exited: Promise<unknown>;

  /** Use `openSqliteWorkerStore`, which starts the writer thread and waits until it has migrated the file. */
  constructor(
    private readonly worker: Worker,
    private readonly reader: SqliteStore,
    readonly path: string,
    private readonly maxBatchesInFlight: number,
  ) {
    this.exited = once(worker, 'exit');
    worker.on('message', (reply: WriterReply) => this.settle(reply));
    worker.on('error', (error: Error) => this.fail(`failed: ${error.message}`));
    worker.on('exit', (code: number) => this.fail(`stopped (exit code ${code})`));
    worker.unref(); // an idle store does not keep the process alive, like a database handle
  }

  async write(batch: StoreBatch): Promise<void> {
    this.assertOpen();
    const { batch: encoded, transfer } = encodeBatch(batch);
    await this.request({ kind: 'write', batch: encoded }, transfer);
  }

  async upsertLabel(label: Label): Promise<void> {
    this.assertOpen();
    await this.request({ kind: 'upsertLabel', label });
  }

  async deleteLabel(id: string): Promise<boolean> {
    this.assertOpen();
    return (await this.request({ kind: 'deleteLabel', labelId: id })) as boolean;
  }

  async pruneTicks(olderThan: Micros): Promise<number> {
    this.assertOpen();
    return (await this.request({ kind: 'pruneTicks', olderThan })) as number;
  }

  async putCheckpoint(key: string, value: string): Promise<void> {
    this.assertOpen();
    await this.request({ kind: 'putCheckpoint', key, value });
  }

  async trades(query: TimeRangeQuery): Promise<Trade[]> {
    return this.readable().trades(query);
  }

  async quotes(query: TimeRangeQuery): Promise<Quote[]> {
    return this.readable().quotes(query);
  }

  async bars(query: BarQuery): Promise<Bar[]> {
    return this.readable().bars(query);
  }

  async latestBar(symbol: string, timeframe: string): Promise<Bar | null> {
    return this.readable().latestBar(symbol, timeframe);
  }

  async indicators(query: BarQuery): Promise<IndicatorSet[]> {
    return this.readable().indicators(query);
  }

  async features(query: BarQuery): Promise<FeatureSet[]> {
    return this.readable().features(query);
  }

  async anomalies(query: AnomalyQuery): Promise<Anomaly[]> {
    return this.readable().anomalies(query);
  }

  async signals(query: SignalQuery): Promise<Signal[]> {
    return this.readable().signals(query);
  }

  async labels(query: LabelQuery): Promise<Label[]> {
    return this.readable().labels(query);
  }

  async quarantine(query: QuarantineQuery): Promise<QuarantineRow[]> {
    return this.readable().quarantine(query);
  }

  async quarantineCounts(): Promise<Record<string, number>> {
    return this.readable().quarantineCounts();
  }

  async symbols(): Promise<string[]> {
    return this.readable().symbols();
  }

  async getCheckpoint(key: string): Promise<string | null> {
    return this.readable().getCheckpoint(key);
  }

  /** Waits for every write already requested, then checkpoints the WAL and stops the writer thread. */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    this.closed = true;
    try {
      await this.reader.close();
      // Queued behind every earlier request, so it drains them; the writer checkpoints on close.
      if (this.failure === null) await this.request({ kind: 'close' });
    } finally {
      this.worker.ref(); // let the thread finish before the process may exit
      if (this.failure === null) await this.exited;
      else await this.worker.terminate();
    }
  }

  private request(body: RequestBody, transfer: ArrayBuffer[] = []): Promise<boolean | number | null> {
    if (this.failure !== null) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const request = { ...body, id: this.nextId++ } as WriterRequest;
      this.waiting.push({ request, transfer, resolve, reject });
      this.pump();
    });
  }

  /** Posts waiting requests, oldest first, while fewer than the limit are in flight. */
  private pump(): void {
    while (this.inFlight.size < this.maxBatchesInFlight && this.failure === null) {
      const pending = this.waiting.shift();
      if (pending === undefined) break;
      try {
        this.worker.postMessage(pending.request, pending.transfer);
      } catch (error) {
        // Not cloneable (e.g. a function inside a payload): this request fails, the rest go on.
        pending.reject(error instanceof Error ? error : new Error(String(error)));
        continue;
      }
      if (this.inFlight.size === 0) this.worker.ref();
      this.inFlight.set(pending.request.id, pending);
    }
  }

  private settle(reply: WriterReply): void {
    if (reply.kind !== 'done' && reply.kind !== 'failed') return;
    const pending = this.inFlight.get(reply.id);
    if (pending === undefined) return;
    this.inFlight.delete(reply.id);
    if (reply.kind === 'done') pending.resolve(reply.value);
    else pending.reject(fromWriterError(reply.error));
    if (this.inFlight.size === 0 && !this.closed) this.worker.unref();
    this.pump();
  }

  /** The writer thread is gone: fail everything it still owed (a no-op after a clean close). */
  private fail(reason: string): void {
    if (this.failure !== null) return;
    const unanswered = [...this.inFlight.values(), ...this.waiting];
    if (this.closed && unanswered.length === 0) return;
    this.failure = new Error(`the SQLite writer thread of the tickwatch store "${this.path}" ${reason}`);
    this.inFlight.clear();
    this.waiting.length = 0;
    for (const pending of unanswered) pending.reject(this.failure);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error(`the tickwatch store "${this.path}" is closed`);
  }

  private readable(): SqliteStore {
    this.assertOpen();
    return this.reader;
  }
}

/** Starts the writer thread (which opens and migrates the file), then opens the read connection. */
export async function openSqliteWorkerStore(options: SqliteWorkerStoreOptions): Promise<SqliteWorkerStore> {
  if (options.path === MEMORY_PATH) {
    throw new Error(
      'openSqliteWorkerStore needs a database file: an in-memory database cannot be shared between the writer ' +
        'thread and the reader. Use openSqliteStore({ path: ":memory:" }) instead.',
    );
  }
  const maxBatchesInFlight = options.maxBatchesInFlight ?? 2;
  if (!Number.isInteger(maxBatchesInFlight) || maxBatchesInFlight < 1) {
    throw new Error(`maxBatchesInFlight must be an integer ≥ 1, got ${maxBatchesInFlight}`);
  }
  const entry = writerThreadEntry();
  const workerData: WriterOptions = {
    path: options.path,
    ...(options.busyTimeoutMs !== undefined ? { busyTimeoutMs: options.busyTimeoutMs } : {}),
  };
  const worker = new Worker(entry.filename, { workerData, eval: entry.eval });
  try {
    await writerReady(worker);
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  let reader: SqliteStore;
  try {
    reader = await openSqliteStore({ path: options.path, readonly: true, busyTimeoutMs: options.busyTimeoutMs });
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  return new SqliteWorkerStore(worker, reader, options.path, maxBatchesInFlight);
}

/** Resolves when the writer has opened and migrated the file; rejects with its open error. */
function writerReady(worker: Worker): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanUp = (): void => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (reply: WriterReply): void => {
      cleanUp();
      if (reply.kind === 'ready') resolve();
      else if (reply.kind === 'openFailed') reject(fromWriterError(reply.error));
      else reject(new Error(`the SQLite writer thread sent "${reply.kind}" before it was ready`));
    };
    const onError = (error: Error): void => {
      cleanUp();
      reject(new Error(`the SQLite writer thread failed to start: ${error.message}`, { cause: error }));
    };
    const onExit = (code: number): void => {
      cleanUp();
      reject(new Error(`the SQLite writer thread exited (code ${code}) before it was ready`));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}
