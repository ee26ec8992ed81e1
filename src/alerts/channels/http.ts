/**
 * POSTing JSON for the HTTP channels, with a timeout and failures sorted into retryable
 * (network errors, timeouts, 408, 425, 429, 5xx) and permanent (every other 4xx).
 */
import { DeliveryError } from './channel.js';

export interface PostResult {
  readonly status: number;
  readonly body: string;
}

/** Where the request went, without secrets in the path (Telegram puts the bot token there). */
export type RedactUrl = (url: string) => string;

export async function postJson(
  url: string,
  body: string,
  options: { headers?: Record<string, string>; timeoutMs: number; redact?: RedactUrl },
): Promise<PostResult> {
  const where = (options.redact ?? ((u: string) => u))(url);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'tickwatch', ...options.headers },
      body,
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    throw new DeliveryError(`POST ${where} failed: ${networkReason(error, options.timeoutMs)}`, { cause: error });
  }
  const text = await response.text().catch(() => '');
  if (response.ok) return { status: response.status, body: text };
  const retryable =
    response.status >= 500 || response.status === 408 || response.status === 425 || response.status === 429;
  throw new DeliveryError(`POST ${where} answered ${response.status}: ${text.slice(0, 300)}`, {
    permanent: !retryable,
    retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
    status: response.status,
    responseBody: text,
  });
}

function networkReason(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${timeoutMs} ms`;
  }
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  if (cause?.code !== undefined) return `${cause.code}${cause.message ? ` (${cause.message})` : ''}`;
  return error instanceof Error ? error.message : String(error);
}

/** Retry-After in seconds or as an HTTP date; null if absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (header === null) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
