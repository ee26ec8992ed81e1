/** The `tickwatch` command line. Each command lives in its own file under commands/. */
import { Command } from 'commander';
import { registerCommands } from './commands/index.js';

const program = new Command();
program
  .name('tickwatch')
  .description(
    'Real-time market surveillance: bars, indicators, anomalies and signals from live or replayed market data.',
  )
  .showHelpAfterError();

registerCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  console.error(`tickwatch: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
