/**
 * Slack incoming webhook (https://api.slack.com/messaging/webhooks): `text` as the
 * notification fallback and Block Kit blocks for the message. Slack accepts about one message
 * per second per webhook and answers 429 with Retry-After beyond that.
 */
import type { Alert } from '../alert.js';
import { alertLines, truncate } from '../format.js';
import type { RateLimit } from '../token-bucket.js';
import type { AlertChannel, DeliveryContext } from './channel.js';
import { postJson } from './http.js';

export interface SlackChannelOptions {
  readonly webhookUrl: string;
  readonly timeoutMs: number;
  readonly rateLimit: RateLimit | null;
}

const SEVERITY_EMOJI = { info: ':information_source:', warning: ':warning:', critical: ':rotating_light:' } as const;

/** Slack's mrkdwn needs &, < and > escaped. */
function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function slackPayload(alert: Alert): { text: string; blocks: unknown[] } {
  const title = `${SEVERITY_EMOJI[alert.severity]} ${alert.title}`;
  return {
    text: truncate(title, 3000),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: truncate(alert.title, 150), emoji: true } },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: truncate(
            alertLines(alert)
              .map((line) => `• ${slackEscape(line)}`)
              .join('\n'),
            3000,
          ),
        },
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `tickwatch · ${slackEscape(alert.id)}` }] },
    ],
  };
}

export class SlackChannel implements AlertChannel {
  readonly type = 'slack';
  readonly rateLimit: RateLimit | null;

  constructor(
    readonly name: string,
    private readonly options: SlackChannelOptions,
  ) {
    this.rateLimit = options.rateLimit;
  }

  async send(alert: Alert, _context?: DeliveryContext): Promise<void> {
    await postJson(this.options.webhookUrl, JSON.stringify(slackPayload(alert)), {
      timeoutMs: this.options.timeoutMs,
      redact: () => 'the Slack webhook',
    });
  }
}
