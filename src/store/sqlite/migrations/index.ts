/** The SQLite schema, oldest first. Append new steps; never edit a released one. */
import { marketData } from './001-market-data.js';
import { detections } from './002-detections.js';
import { quarantineAndCheckpoints } from './003-quarantine-and-checkpoints.js';
import { indicatorValues } from './004-indicator-values.js';
import { featureValues } from './005-feature-values.js';
import { alertSettings } from './006-alert-settings.js';
import type { Migration } from './migration.js';

export type { Migration } from './migration.js';

export const MIGRATIONS: readonly Migration[] = [
  marketData,
  detections,
  quarantineAndCheckpoints,
  indicatorValues,
  featureValues,
  alertSettings,
];
