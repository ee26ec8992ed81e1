/**
 * Symbol and kind patterns with `*` wildcards: `*` (everything), `BTC-*` (a prefix), `*-USD`,
 * `A*L`. `*` matches any run of characters, including none; every other character matches
 * itself (case-sensitive: symbols are). Shared by alert routing and WebSocket subscriptions.
 *
 * Patterns are compiled once; matching a symbol is then a comparison or a prefix check in the
 * common cases and a regular expression only for the rare inner wildcard.
 */

export interface WildcardPattern {
  /** The pattern as written. */
  readonly text: string;
  matches(value: string): boolean;
}

/** Longest pattern accepted, so a pattern can never be used to make matching expensive. */
export const MAX_PATTERN_LENGTH = 64;

const PATTERN_CHARACTERS = /^[A-Za-z0-9._:/^=@$#&+*-]+$/;

/** Why `text` is not a usable pattern, or null if it is. */
export function patternProblem(text: string): string | null {
  if (text.length === 0) return 'a pattern cannot be empty';
  if (text.length > MAX_PATTERN_LENGTH) return `a pattern is at most ${MAX_PATTERN_LENGTH} characters`;
  if (!PATTERN_CHARACTERS.test(text)) {
    return 'a pattern holds letters, digits, the symbol punctuation . _ : / ^ = @ $ # & + - and * as the wildcard';
  }
  return null;
}

/** Compiles a pattern; throws with the reason if it is not valid (see `patternProblem`). */
export function compileWildcard(text: string): WildcardPattern {
  const problem = patternProblem(text);
  if (problem !== null) throw new Error(`invalid pattern "${text}": ${problem}`);
  const star = text.indexOf('*');
  if (star === -1) return { text, matches: (value) => value === text };
  if (/^\*+$/.test(text)) return { text, matches: () => true };
  if (star === text.length - 1) {
    const prefix = text.slice(0, -1);
    return { text, matches: (value) => value.startsWith(prefix) };
  }
  if (star === 0 && text.indexOf('*', 1) === -1) {
    const suffix = text.slice(1);
    return { text, matches: (value) => value.endsWith(suffix) };
  }
  const source = text
    .split('*')
    .map((part) => part.replace(/[.^$+?()[\]{}|\\/]/g, '\\$&'))
    .join('.*');
  const regex = new RegExp(`^${source}$`);
  return { text, matches: (value) => regex.test(value) };
}

/** True if any of the patterns matches; an empty list matches nothing. */
export function matchesAny(patterns: readonly WildcardPattern[], value: string): boolean {
  for (const pattern of patterns) if (pattern.matches(value)) return true;
  return false;
}
