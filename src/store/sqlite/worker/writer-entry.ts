/**
 * Where the writer thread's code is. From the compiled build (dist/) it is the `.js` beside this
 * file. From TypeScript sources (vitest, tsx) it is the `.ts`, started by a small bootstrap that
 * registers tsx in the worker first: on Node 20 a loader inherited from the parent (`tsx x.ts`)
 * or passed in the worker's execArgv (`--import tsx`) does not apply to the worker's own entry.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The first argument of `new Worker(...)` and whether it is code (`eval`) rather than a file. */
export interface WriterThreadEntry {
  readonly filename: URL | string;
  readonly eval: boolean;
}

export function writerThreadEntry(): WriterThreadEntry {
  const compiled = new URL('./writer-thread.js', import.meta.url);
  if (existsSync(fileURLToPath(compiled))) return { filename: compiled, eval: false };
  const source = new URL('./writer-thread.ts', import.meta.url);
  if (!existsSync(fileURLToPath(source))) {
    throw new Error(`the SQLite writer thread's code is missing: neither ${compiled.href} nor ${source.href} exists`);
  }
  let tsxApi: string;
  try {
    tsxApi = tsxEsmApiUrl();
  } catch (error) {
    throw new Error(
      `the SQLite writer thread runs from TypeScript sources here (${source.href}) and needs tsx, which is not ` +
        `installed: run the compiled build (npm run build) or install the dev dependencies`,
      { cause: error },
    );
  }
  const bootstrap =
    `import(${JSON.stringify(tsxApi)})` +
    `.then((tsx) => { tsx.register(); return import(${JSON.stringify(source.href)}); })`;
  return { filename: bootstrap, eval: true };
}

/** tsx's ESM API (`tsx/esm/api`, import condition), found through its package exports. */
function tsxEsmApiUrl(): string {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve('tsx/package.json');
  const manifest = require('tsx/package.json') as { exports: Record<string, { import?: { default?: string } }> };
  const entry = manifest.exports['./esm/api']?.import?.default;
  if (entry === undefined) throw new Error('this tsx version does not export "tsx/esm/api"');
  return new URL(entry, pathToFileURL(packageJson)).href;
}
