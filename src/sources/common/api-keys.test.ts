import { describe, expect, it } from 'vitest';
import { resolveApiKey } from './api-keys.js';

describe('resolveApiKey', () => {
  it('prefers the config value, then the environment names in order', () => {
    expect(resolveApiKey('p', 'fromConfig', ['A'], { A: 'fromEnv' })).toBe('fromConfig');
    expect(resolveApiKey('p', undefined, ['A', 'B'], { B: ' fromB ' })).toBe('fromB');
    expect(resolveApiKey('p', '', ['A', 'B'], { A: 'fromA', B: 'fromB' })).toBe('fromA');
  });

  it('says where to put a missing key', () => {
    expect(() => resolveApiKey('polygon', undefined, ['POLYGON_API_KEY'], {})).toThrow(
      'polygon: no API key; set POLYGON_API_KEY in the environment, or the key in the config file',
    );
  });
});
