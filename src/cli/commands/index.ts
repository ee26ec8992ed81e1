import type { Command } from 'commander';
import { register as registerApiKeys } from './apikeys.js';
import { register as registerBackfill } from './backfill.js';
import { register as registerConfig } from './config.js';
import { register as registerDetect } from './detect.js';
import { register as registerEval } from './eval.js';
import { register as registerIndicators } from './indicators.js';
import { register as registerReplay } from './replay.js';
import { register as registerRun } from './run.js';
import { register as registerSimulate } from './simulate.js';
import { register as registerTrain } from './train.js';
import { register as registerUsers } from './users.js';

/** Adds every command to the program. One line per command file. */
export function registerCommands(program: Command): void {
  registerRun(program);
  registerSimulate(program);
  registerReplay(program);
  registerIndicators(program);
  registerEval(program);
  registerDetect(program);
  registerTrain(program);
  registerBackfill(program);
  registerUsers(program);
  registerApiKeys(program);
  registerConfig(program);
}
