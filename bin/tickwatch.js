#!/usr/bin/env node
// Entry point of the `tickwatch` command. The TypeScript sources are compiled to dist/ by
// `npm ci` (the `prepare` script) and by `npm run build`; this script never builds, so start-up
// stays fast, but it says so when the sources are newer than the build.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const main = join(root, 'dist', 'cli', 'main.js');
if (!existsSync(main)) {
  console.error('tickwatch is not built yet: run `npm run build` (npm ci does it for you) and try again.');
  process.exit(1);
}

/** Newest modification time of the .ts files under `dir` (0 if it does not exist). */
function newestSource(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

// The build info is rewritten by every build that saw a changed source (dist files may not be).
const buildInfo = join(root, '.tsbuild', 'build.tsbuildinfo');
const built = statSync(existsSync(buildInfo) ? buildInfo : main).mtimeMs;
if (newestSource(join(root, 'src')) > built) {
  console.error(
    'tickwatch: the sources changed since the last build — run `npm run build` to use them (starting the previous build).',
  );
}
await import(main);
