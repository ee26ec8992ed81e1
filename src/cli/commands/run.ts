import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { runsSimulator } from '../../config/source-schema.js';
import { startTickwatch } from '../../runtime/app.js';
import { loadCommandConfig, withCommonOptions, type CommonOptions } from '../options.js';

interface RunOptions extends CommonOptions {
  port?: number;
  host?: string;
  server?: boolean;
  speed?: string;
  symbols?: number;
  seed?: string;
}

export function register(program: Command): void {
  withCommonOptions(program.command('run'))
    .description(
      'start source → pipeline → store with the live view (the simulator by default, or the live sources in source.*)',
    )
    .option('--speed <speed>', 'simulator pace: 1 (real time), N (N× real time) or max')
    .option('--symbols <count>', 'number of simulated symbols', parsePositiveInteger)
    .option('--seed <seed>', 'simulator seed')
    .option('--port <port>', 'port of the dashboard and API (default 8080; 0 picks a free one)', parsePort)
    .option('--host <address>', 'address to bind (default 127.0.0.1)')
    .option('--no-server', 'run without the dashboard and API')
    .action(async (options: RunOptions) => {
      const simulator: Record<string, unknown> = {};
      if (options.speed !== undefined) simulator['speed'] = options.speed === 'max' ? 'max' : Number(options.speed);
      if (options.symbols !== undefined) simulator['symbols'] = options.symbols;
      if (options.seed !== undefined)
        simulator['seed'] = /^-?\d+$/.test(options.seed) ? Number(options.seed) : options.seed;
      const server: Record<string, unknown> = {};
      if (options.port !== undefined) server['port'] = options.port;
      if (options.host !== undefined) server['host'] = options.host;
      if (options.server === false) server['enabled'] = false;
      const { config, file } = loadCommandConfig(options, {
        ...(Object.keys(simulator).length > 0 ? { source: { simulator } } : {}),
        ...(Object.keys(server).length > 0 ? { server } : {}),
      });
      if (Object.keys(simulator).length > 0 && !runsSimulator(config.source)) {
        throw new Error(
          '--speed, --symbols and --seed set the simulator, which does not run beside live sources — fix: drop them, or disable the live sources (source.<provider>.enabled: false)',
        );
      }
      const terminal = { write: (text: string) => process.stdout.write(text), color: process.stdout.isTTY === true };
      terminal.write(
        `tickwatch ${file ? `(config ${file})` : '(default configuration)'} — data in ${config.dataDir}\n`,
      );
      const stop = new AbortController();
      let signals = 0;
      const onSignal = (signal: NodeJS.Signals): void => {
        signals++;
        if (signals > 1) {
          terminal.write(`\n${signal} again: exiting without waiting for the flush.\n`);
          process.exit(130);
        }
        terminal.write(`\n${signal}: stopping — flushing the store and saving a checkpoint…\n`);
        stop.abort();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      const app = await startTickwatch(config, terminal, stop.signal);
      await app.done;
    });
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new InvalidArgumentError(`expected a port 0–65535, got "${value}"`);
  return port;
}

export function parsePositiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1)
    throw new InvalidArgumentError(`expected a positive integer, got "${value}"`);
  return parsed;
}
