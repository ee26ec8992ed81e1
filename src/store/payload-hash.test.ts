import { describe, expect, it } from 'vitest';
import { payloadHash, payloadJson } from './payload-hash.js';

describe('payloadHash', () => {
  it('is the SHA-256 of the canonical JSON (reference digests from coreutils sha256sum)', () => {
    // printf '%s' '{"a":1,"b":{"c":[1,"x",null],"d":true}}' | sha256sum
    expect(payloadHash({ b: { d: true, c: [1, 'x', null] }, a: 1 })).toBe(
      '996eb7edbc8f09677095e22daa973db02e887af1e93abe2770b93bb8405fe4fb',
    );
    // printf '%s' 'null' | sha256sum
    expect(payloadHash(null)).toBe('74234e98afe7498fb5daf1f36ac2d78acc339464f950703b8c019892f982b90b');
  });

  it('ignores key order at every level but not array order or values', () => {
    const a = { x: 1, y: { p: [1, 2], q: 'z' } };
    expect(payloadHash({ y: { q: 'z', p: [1, 2] }, x: 1 })).toBe(payloadHash(a));
    expect(payloadHash({ x: 1, y: { p: [2, 1], q: 'z' } })).not.toBe(payloadHash(a));
    expect(payloadHash({ x: 1, y: { p: [1, 2], q: 'Z' } })).not.toBe(payloadHash(a));
    expect(payloadHash('1')).not.toBe(payloadHash(1));
  });

  it('accepts what JSON cannot represent directly: undefined becomes null, bigint a string', () => {
    expect(payloadHash(undefined)).toBe(payloadHash(null));
    expect(payloadJson(undefined)).toBe('null');
    expect(payloadJson({ n: 12345678901234567890n })).toBe('{"n":"12345678901234567890"}');
    expect(payloadHash({ n: 1n })).toBe(payloadHash({ n: '1' }));
  });

  it('stores the payload in its original key order', () => {
    expect(payloadJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"b":1,"a":[{"d":2,"c":3}]}');
  });
});
