/**
 * Structured logs (pino, JSON lines) go to a file under the data directory; the terminal is
 * kept for the live view. `TICKWATCH_LOG_STDERR=1` sends logs to stderr instead (debugging).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(options: { dataDir: string; level: string; name?: string }): {
  logger: Logger;
  file: string;
} {
  const dir = join(options.dataDir, 'logs');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'tickwatch.log');
  const destination =
    process.env['TICKWATCH_LOG_STDERR'] === '1'
      ? pino.destination(2)
      : pino.destination({ dest: file, sync: false, mkdir: true });
  const logger = pino(
    { level: options.level, name: options.name ?? 'tickwatch', base: { pid: process.pid } },
    destination,
  );
  return { logger, file };
}
