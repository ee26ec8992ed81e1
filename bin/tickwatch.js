#!/usr/bin/env node
// Entry point of the `tickwatch` command. The TypeScript sources are compiled to dist/ by
// `npm ci` (the `prepare` script) and by `npm start`/`npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
if (!existsSync(main)) {
  console.error('tickwatch is not built yet: run `npm run build` (npm ci does it for you) and try again.');
  process.exit(1);
}
await import(main);
