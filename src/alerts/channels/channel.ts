/**
 * An alert channel: somewhere alerts are delivered (console, webhook, Slack, Telegram, email).
 * Channels only send; retries, backoff, rate limits and exactly-once bookkeeping are the
 * outbox's (src/alerts/outbox/).
 */
import type { Alert } from '../alert.js';
import type { RateLimit } from '../token-bucket.js';

export type ChannelType = 'console' | 'webhook' | 'slack' | 'telegram' | 'email';

export interface DeliveryContext {
  /** Stable across retries: `<alert id>/<channel name>`; receivers can deduplicate on it. */
  readonly deliveryId: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
}

export interface AlertChannel {
  /** The name given in the configuration, e.g. `ops-slack`. */
  readonly name: string;
  readonly type: ChannelType;
  /** Messages the channel accepts; null for no limit. */
  readonly rateLimit: RateLimit | null;
  /** Delivers the alert or throws (a DeliveryError says whether to retry). */
  send(alert: Alert, context: DeliveryContext): Promise<void>;
  /** Releases connections (email transports). */
  close?(): void;
}

/** A failed delivery. `permanent` failures (bad configuration, rejected payload) are not retried. */
export class DeliveryError extends Error {
  readonly permanent: boolean;
  /** The receiver asked to wait this long before retrying (HTTP 429 Retry-After, Telegram retry_after). */
  readonly retryAfterMs: number | null;
  /** The receiver's HTTP status and body, when it answered. */
  readonly status: number | null;
  readonly responseBody: string | null;

  constructor(
    message: string,
    options: {
      permanent?: boolean;
      retryAfterMs?: number | null;
      status?: number;
      responseBody?: string;
      cause?: unknown;
    } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'DeliveryError';
    this.permanent = options.permanent ?? false;
    this.retryAfterMs = options.retryAfterMs ?? null;
    this.status = options.status ?? null;
    this.responseBody = options.responseBody ?? null;
  }
}
