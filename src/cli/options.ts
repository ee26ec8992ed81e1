/** Options shared by every command: where the data lives and which config file to read. */
import type { Command } from 'commander';
import { loadConfig, type LoadedConfig } from '../config/load.js';

export interface CommonOptions {
  config?: string;
  dataDir?: string;
}

export function withCommonOptions(command: Command): Command {
  return command
    .option('--config <file>', 'configuration file (default: ./tickwatch.yaml if it exists)')
    .option('--data-dir <dir>', 'directory for the database, logs and recordings (default: ./data)');
}

export function loadCommandConfig(options: CommonOptions, overrides: Record<string, unknown> = {}): LoadedConfig {
  return loadConfig({ file: options.config, overrides: { dataDir: options.dataDir, ...overrides } });
}
