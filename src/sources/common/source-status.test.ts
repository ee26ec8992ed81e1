import { describe, expect, it } from 'vitest';
import { buildStatus, combineStates } from './source-status.js';
import { emptyCounters } from './source.js';

describe('combineStates', () => {
  it('is connected only when every connection is, degraded when some are down', () => {
    expect(combineStates(['connected', 'connected'])).toBe('connected');
    expect(combineStates(['connected', 'stopped'])).toBe('degraded'); // one cluster failed fatally
    expect(combineStates(['connected', 'degraded'])).toBe('degraded');
    expect(combineStates(['connecting', 'connected'])).toBe('connecting');
    expect(combineStates(['stopped', 'stopped'])).toBe('stopped');
    expect(combineStates([])).toBe('stopped');
  });

  it('buildStatus reports the first error and copies the counters', () => {
    const counters = emptyCounters();
    counters.events = 3;
    const status = buildStatus(
      'polygon',
      [
        { name: 'stocks', state: 'connected', lastError: null },
        { name: 'crypto', state: 'stopped', lastError: 'auth failed' },
      ],
      counters,
      1,
      false,
    );
    expect(status).toMatchObject({ name: 'polygon', state: 'degraded', lastError: 'auth failed', since: 1 });
    counters.events = 4;
    expect(status.counters.events).toBe(3);
    expect(buildStatus('x', [{ name: 'a', state: 'connected', lastError: null }], counters, 0, true).state).toBe(
      'stopped',
    );
  });
});
