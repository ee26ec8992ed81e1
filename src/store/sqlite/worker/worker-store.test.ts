/** Runs the store contract suite against the SQLite store whose writes run on a worker thread. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe } from 'vitest';
import { storeContract } from '../../../../test/contract/store-contract.js';
import { openSqliteWorkerStore } from './worker-store.js';

describe('SqliteWorkerStore', () => {
  const directory = mkdtempSync(join(tmpdir(), 'tickwatch-worker-store-contract-'));
  let files = 0;
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  storeContract('sqlite worker', () => openSqliteWorkerStore({ path: join(directory, `store-${files++}.db`) }));
});
