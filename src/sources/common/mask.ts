/**
 * API keys never reach a log line or an error message in clear: they are shown as `abcd…wxyz`
 * (first and last four characters), or `****` when the key is too short to show any of it safely.
 */

/** `abcd…wxyz` for keys of 12+ characters, else `****`. */
export function maskSecret(secret: string): string {
  if (secret.length < 12) return '****';
  return `${secret.slice(0, 4)}…${secret.slice(-4)}`;
}

/** Replaces every known secret (and any `apiKey=` / `apikey=` / `token=` query value) in text. */
export class SecretRedactor {
  private readonly secrets: string[];

  constructor(secrets: readonly (string | undefined | null)[] = []) {
    this.secrets = secrets.filter((s): s is string => typeof s === 'string' && s.length > 0);
    // Longest first, so a key that contains another key is masked whole.
    this.secrets.sort((a, b) => b.length - a.length);
  }

  /** Adds a secret learned later (e.g. a key read from the environment). */
  add(secret: string | undefined | null): void {
    if (typeof secret === 'string' && secret.length > 0 && !this.secrets.includes(secret)) {
      this.secrets.push(secret);
      this.secrets.sort((a, b) => b.length - a.length);
    }
  }

  redact(text: string): string {
    let result = text;
    for (const secret of this.secrets) {
      if (result.includes(secret)) result = result.split(secret).join(maskSecret(secret));
    }
    return result.replace(
      /([?&](?:apiKey|apikey|api_key|token)=)([^&#\s"']+)/g,
      (_match, prefix: string, value: string) =>
        value.includes('…') || value === '****' ? `${prefix}${value}` : `${prefix}${maskSecret(decodeSafe(value))}`,
    );
  }

  /** An Error whose message (and cause chain message) is redacted. */
  redactError(error: unknown): Error {
    const message = error instanceof Error ? error.message : String(error);
    const redacted = new Error(this.redact(message));
    redacted.name = error instanceof Error ? error.name : 'Error';
    return redacted;
  }
}

function decodeSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
