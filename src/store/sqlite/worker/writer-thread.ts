/**
 * The writer thread: owns the store's only writing connection (a SqliteStore, which migrates the
 * file and writes each batch through BatchWriter in one transaction) and answers requests one at
 * a time, in the order they were posted.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteStore, type SqliteStore } from '../sqlite-store.js';
import { decodeBatch, toWriterError, type WriterOptions, type WriterReply, type WriterRequest } from './protocol.js';

async function handle(store: SqliteStore, request: WriterRequest): Promise<boolean | number | null> {
  switch (request.kind) {
    case 'write':
      await store.write(decodeBatch(request.batch));
      return null;
    case 'upsertLabel':
      await store.upsertLabel(request.label);
      return null;
    case 'deleteLabel':
      return store.deleteLabel(request.labelId);
    case 'pruneTicks':
      return store.pruneTicks(request.olderThan);
    case 'putCheckpoint':
      await store.putCheckpoint(request.key, request.value);
      return null;
    case 'close':
      await store.close();
      return null;
  }
}

async function main(): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error('the SQLite writer must run in a worker thread (see worker-store.ts)');
  const reply = (message: WriterReply): void => port.postMessage(message);
  const options = workerData as WriterOptions;
  let store: SqliteStore;
  try {
    store = await openSqliteStore({ path: options.path, busyTimeoutMs: options.busyTimeoutMs });
  } catch (error) {
    reply({ kind: 'openFailed', error: toWriterError(error) });
    return;
  }
  // Requests are handled strictly one after another: each waits for the one before.
  let previous: Promise<void> = Promise.resolve();
  port.on('message', (request: WriterRequest) => {
    previous = previous.then(async () => {
      try {
        reply({ kind: 'done', id: request.id, value: await handle(store, request) });
      } catch (error) {
        reply({ kind: 'failed', id: request.id, error: toWriterError(error) });
      }
      if (request.kind === 'close') port.close();
    });
  });
  reply({ kind: 'ready' });
}

await main();
