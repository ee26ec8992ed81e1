import type { Command } from 'commander';
import { register as registerConfig } from './config.js';
import { register as registerReplay } from './replay.js';
import { register as registerRun } from './run.js';
import { register as registerSimulate } from './simulate.js';

/** Adds every command to the program. One line per command file. */
export function registerCommands(program: Command): void {
  registerRun(program);
  registerSimulate(program);
  registerReplay(program);
  registerConfig(program);
}
