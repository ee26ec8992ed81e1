import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { validateConfig } from './load.js';

describe('config/tickwatch.example.yaml', () => {
  it('is valid and equals the built-in defaults, so the documented values are true', () => {
    const example = parse(
      readFileSync(new URL('../../config/tickwatch.example.yaml', import.meta.url), 'utf8'),
    ) as unknown;
    expect(validateConfig(example, 'example')).toEqual(validateConfig({}, 'defaults'));
  });
});
