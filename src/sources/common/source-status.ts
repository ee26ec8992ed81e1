/** Combines the states of a source's connections into one SourceStatus. */
import type { SourceCounters, SourceState, SourceStatus } from './source.js';

/**
 * All connected → connected; none running → stopped; some stopped or reconnecting while others
 * run → degraded; otherwise connecting.
 */
export function combineStates(states: readonly SourceState[]): SourceState {
  if (states.length === 0) return 'stopped';
  if (states.every((s) => s === 'connected')) return 'connected';
  if (states.every((s) => s === 'stopped')) return 'stopped';
  if (states.some((s) => s === 'degraded' || s === 'stopped')) return 'degraded';
  return 'connecting';
}

export function buildStatus(
  name: string,
  connections: readonly { readonly name: string; readonly state: SourceState; readonly lastError: string | null }[],
  counters: SourceCounters,
  since: number,
  stopped: boolean,
): SourceStatus {
  const state = stopped ? 'stopped' : combineStates(connections.map((c) => c.state));
  const lastError = connections.find((c) => c.lastError !== null)?.lastError ?? null;
  return {
    name,
    state,
    lastError,
    since,
    counters: { ...counters },
    connections: connections.map((c) => ({ name: c.name, state: c.state })),
  };
}
