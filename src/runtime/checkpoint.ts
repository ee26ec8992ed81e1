/**
 * Checkpoints make a restart resume where the last run stopped: the pipeline's and the
 * source's state, saved in the store right after a flush so that state and stored rows agree.
 */
import { createHash } from 'node:crypto';
import type { Store } from '../store/store.js';

export interface Checkpoint<P, S> {
  readonly version: 1;
  /** Hash of the configuration that shapes the state; a different one means start fresh. */
  readonly shape: string;
  /** Source time (event time) reached. */
  readonly sourceTime: number;
  readonly savedAt: string;
  readonly pipeline: P;
  readonly source: S;
}

export function shapeHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
}

export async function loadCheckpoint<P, S>(
  store: Store,
  key: string,
  shape: string,
): Promise<Checkpoint<P, S> | 'mismatch' | null> {
  const text = await store.getCheckpoint(key);
  if (text === null) return null;
  const checkpoint = JSON.parse(text) as Checkpoint<P, S>;
  if (checkpoint.version !== 1 || checkpoint.shape !== shape) return 'mismatch';
  return checkpoint;
}

export async function saveCheckpoint<P, S>(store: Store, key: string, checkpoint: Checkpoint<P, S>): Promise<void> {
  await store.putCheckpoint(key, JSON.stringify(checkpoint));
}
