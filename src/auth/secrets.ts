/**
 * Random secrets and their storage form. Session tokens and API keys are 256-bit random values;
 * the database keeps only their SHA-256, so a copy of the database does not let anyone in.
 * (A fast hash is right here: the inputs are high-entropy, so there is nothing to brute-force.)
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const API_KEY_PREFIX = 'tw_';

/** 32 random bytes, base64url (43 characters). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Constant-time equality of two strings (false when lengths differ). */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** A new API key: `tw_` + 43 base64url characters. */
export function generateApiKey(): string {
  return `${API_KEY_PREFIX}${randomToken(32)}`;
}

/** Looks like a key we issued (checked before hashing, so junk is rejected cheaply). */
export function isApiKeyShaped(text: string): boolean {
  return /^tw_[A-Za-z0-9_-]{43}$/.test(text);
}

/** How a key is shown after creation: `tw_abcd…wxyz`. */
export function maskApiKey(key: string): string {
  const body = key.slice(API_KEY_PREFIX.length);
  return `${API_KEY_PREFIX}${body.slice(0, 4)}…${body.slice(-4)}`;
}

/**
 * A readable generated password: 20 characters from an alphabet without look-alikes
 * (about 115 bits). Rejection sampling keeps every character equally likely.
 */
export function generatePassword(length = 20): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const limit = 256 - (256 % alphabet.length);
  let password = '';
  while (password.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit && password.length < length) password += alphabet[byte % alphabet.length];
    }
  }
  return password;
}
