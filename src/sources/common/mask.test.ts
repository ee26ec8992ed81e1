import { describe, expect, it } from 'vitest';
import { maskSecret, SecretRedactor } from './mask.js';

describe('secret masking', () => {
  it('shows only the first and last four characters', () => {
    expect(maskSecret('abcdEFGHijklMNOPwxyz')).toBe('abcd…wxyz');
    expect(maskSecret('short')).toBe('****');
  });

  it('redacts known secrets and apiKey query values in any text', () => {
    const key = 'PKTESTKEY1234567890';
    const redactor = new SecretRedactor([key, undefined]);
    const text = `GET https://api.massive.com/v2/aggs?apiKey=${key}&limit=5 failed for ${key}`;
    const out = redactor.redact(text);
    expect(out).not.toContain(key);
    expect(out).toContain('PKTE…7890');
    expect(redactor.redact('https://x/?token=zzzzzzzzzzzzzzzz')).toBe('https://x/?token=zzzz…zzzz');
    expect(redactor.redactError(new Error(`bad key ${key}`)).message).toBe('bad key PKTE…7890');
  });
});
