import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from './password.js';

const FAST = { N: 1024, r: 8, p: 1 };

describe('password hashing', () => {
  it('verifies the right password and rejects a wrong one', async () => {
    const stored = await hashPassword('correct horse battery', FAST);
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterz', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('stores scrypt$N$r$p$salt$hash, reproducible with node:crypto scryptSync (the oracle)', async () => {
    const stored = await hashPassword('a long passphrase', FAST);
    const [scheme, N, r, p, salt, hash] = stored.split('$');
    expect([scheme, N, r, p]).toEqual(['scrypt', '1024', '8', '1']);
    const expected = scryptSync('a long passphrase', Buffer.from(salt ?? '', 'base64url'), 32, { N: 1024, r: 8, p: 1 });
    expect(hash).toBe(expected.toString('base64url'));
  });

  it('uses a fresh salt per hash', async () => {
    const a = await hashPassword('same password!', FAST);
    const b = await hashPassword('same password!', FAST);
    expect(a).not.toBe(b);
    expect(a.split('$')[4]).not.toBe(b.split('$')[4]);
  });

  it('the default cost hashes and verifies (N = 2^15, r = 8, p = 3)', async () => {
    const stored = await hashPassword('default cost works');
    expect(stored.startsWith('scrypt$32768$8$3$')).toBe(true);
    expect(await verifyPassword('default cost works', stored)).toBe(true);
  });

  it('returns false for malformed stored hashes instead of throwing', async () => {
    for (const stored of [
      '',
      'plain',
      'bcrypt$1$2$3$4$5',
      'scrypt$x$8$1$AAAA$BBBB',
      'scrypt$1024$8$1$AAAA$short',
      `scrypt$1000$8$1$AAAA$${'A'.repeat(43)}`,
    ]) {
      expect(await verifyPassword('whatever', stored)).toBe(false);
    }
  });

  it('treats NFC and NFD spellings of the same password alike', async () => {
    const stored = await hashPassword('caf\u00e9 au lait 2024', FAST);
    expect(await verifyPassword('cafe\u0301 au lait 2024', stored)).toBe(true);
  });

  it('explains weak passwords', () => {
    expect(passwordProblem('short')).toMatch(/at least 12/);
    expect(passwordProblem(' padded password ')).toMatch(/spaces/);
    expect(passwordProblem('x'.repeat(2000))).toMatch(/at most/);
    expect(passwordProblem('a fine passphrase')).toBeNull();
  });
});
