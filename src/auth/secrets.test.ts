import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateApiKey, generatePassword, isApiKeyShaped, maskApiKey, safeEqual, sha256Hex } from './secrets.js';

describe('secrets', () => {
  it('API keys are tw_ + 43 base64url characters, unique, and masked as tw_abcd…wxyz', () => {
    const keys = new Set(Array.from({ length: 100 }, generateApiKey));
    expect(keys.size).toBe(100);
    for (const key of keys) {
      expect(isApiKeyShaped(key)).toBe(true);
      expect(maskApiKey(key)).toBe(`tw_${key.slice(3, 7)}…${key.slice(-4)}`);
    }
    expect(isApiKeyShaped('tw_short')).toBe(false);
    expect(isApiKeyShaped(`xx_${'a'.repeat(43)}`)).toBe(false);
  });

  it('sha256Hex matches the known SHA-256 of "abc" (FIPS 180-2 test vector)', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('tw_x')).toBe(createHash('sha256').update('tw_x').digest('hex'));
  });

  it('safeEqual compares contents and lengths', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
  });

  it('generated passwords are 20 characters without look-alikes and pass the policy', () => {
    const passwords = Array.from({ length: 200 }, () => generatePassword());
    for (const password of passwords) {
      expect(password).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{20}$/);
    }
    expect(new Set(passwords).size).toBe(200);
    // Every alphabet character shows up in 4,000 draws from a 56-letter alphabet.
    expect(new Set(passwords.join('')).size).toBe(56);
  });
});
