/** Runs the store contract suite against SQLite in memory and on a file. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe } from 'vitest';
import { storeContract } from '../../../test/contract/store-contract.js';
import { openSqliteStore } from './sqlite-store.js';

describe('SqliteStore', () => {
  const directory = mkdtempSync(join(tmpdir(), 'tickwatch-store-contract-'));
  let files = 0;
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  storeContract('sqlite :memory:', () => openSqliteStore({ path: ':memory:' }));
  storeContract('sqlite file (WAL)', () => openSqliteStore({ path: join(directory, `store-${files++}.db`) }));
});
