import type { Command } from 'commander';
import { stringify } from 'yaml';
import { withMaskedKeys } from '../../config/source-schema.js';
import { loadCommandConfig, withCommonOptions, type CommonOptions } from '../options.js';

export function register(program: Command): void {
  const config = program.command('config').description('inspect the configuration');
  withCommonOptions(config.command('check'))
    .description(
      'validate the configuration (file, TICKWATCH_ environment overrides and defaults) and print the result',
    )
    .option('--quiet', 'print nothing when valid')
    .action((options: CommonOptions & { quiet?: boolean }) => {
      const { config: loaded, file } = loadCommandConfig(options);
      if (options.quiet) return;
      process.stdout.write(`# configuration is valid (${file ?? 'no file: defaults'}); effective values:\n`);
      // Keys in the file are shown masked: this output ends up in terminals, tickets and chats.
      process.stdout.write(stringify(withMaskedKeys(loaded)));
    });
}
