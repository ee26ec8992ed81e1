/**
 * Generic webhook: the alert as a JSON body, signed with HMAC-SHA256 so the receiver can check
 * it came from this tickwatch: `X-Tickwatch-Signature: sha256=<hex of HMAC(secret, body)>`.
 * `X-Tickwatch-Delivery` is stable across retries, for receivers that deduplicate.
 */
import { createHmac } from 'node:crypto';
import type { Alert } from '../alert.js';
import type { RateLimit } from '../token-bucket.js';
import type { AlertChannel, DeliveryContext } from './channel.js';
import { postJson } from './http.js';

export interface WebhookChannelOptions {
  readonly url: string;
  /** Signs each body; without it no signature header is sent. */
  readonly secret?: string;
  /** Extra headers (e.g. an authorization token of the receiver). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly rateLimit: RateLimit | null;
}

/** The JSON body of a webhook delivery. */
export interface WebhookBody {
  readonly type: 'tickwatch.alert';
  readonly version: 1;
  readonly deliveryId: string;
  readonly alert: Alert;
}

export function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

export class WebhookChannel implements AlertChannel {
  readonly type = 'webhook';
  readonly rateLimit: RateLimit | null;

  constructor(
    readonly name: string,
    private readonly options: WebhookChannelOptions,
  ) {
    this.rateLimit = options.rateLimit;
  }

  async send(alert: Alert, context: DeliveryContext): Promise<void> {
    const payload: WebhookBody = { type: 'tickwatch.alert', version: 1, deliveryId: context.deliveryId, alert };
    const body = JSON.stringify(payload);
    const headers: Record<string, string> = {
      ...this.options.headers,
      'x-tickwatch-delivery': context.deliveryId,
      'x-tickwatch-attempt': String(context.attempt),
    };
    if (this.options.secret !== undefined)
      headers['x-tickwatch-signature'] = webhookSignature(this.options.secret, body);
    await postJson(this.options.url, body, { headers, timeoutMs: this.options.timeoutMs });
  }
}
