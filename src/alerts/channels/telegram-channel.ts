/**
 * Telegram bot (https://core.telegram.org/bots/api#sendmessage): one message per alert to a
 * chat, in HTML parse mode. Telegram allows about 20 messages per minute in a group and
 * answers 429 with `parameters.retry_after` (seconds) beyond that. The API base URL is
 * configurable (a local Bot API server, or a test server).
 */
import type { Alert } from '../alert.js';
import { alertLines, escapeHtml, truncate } from '../format.js';
import type { RateLimit } from '../token-bucket.js';
import { DeliveryError, type AlertChannel, type DeliveryContext } from './channel.js';
import { postJson } from './http.js';

export interface TelegramChannelOptions {
  readonly botToken: string;
  readonly chatId: string | number;
  /** Default https://api.telegram.org */
  readonly apiBaseUrl: string;
  readonly timeoutMs: number;
  readonly rateLimit: RateLimit | null;
}

export function telegramPayload(alert: Alert, chatId: string | number): Record<string, unknown> {
  const text = `<b>${escapeHtml(alert.title)}</b>\n${alertLines(alert).map(escapeHtml).join('\n')}`;
  return { chat_id: chatId, text: truncate(text, 4096), parse_mode: 'HTML', disable_web_page_preview: true };
}

export class TelegramChannel implements AlertChannel {
  readonly type = 'telegram';
  readonly rateLimit: RateLimit | null;

  constructor(
    readonly name: string,
    private readonly options: TelegramChannelOptions,
  ) {
    this.rateLimit = options.rateLimit;
  }

  async send(alert: Alert, _context?: DeliveryContext): Promise<void> {
    const base = this.options.apiBaseUrl.replace(/\/+$/, '');
    const url = `${base}/bot${this.options.botToken}/sendMessage`;
    try {
      await postJson(url, JSON.stringify(telegramPayload(alert, this.options.chatId)), {
        timeoutMs: this.options.timeoutMs,
        redact: () => `${base}/bot<token>/sendMessage`,
      });
    } catch (error) {
      throw withTelegramDetails(error);
    }
  }
}

/** Reads Telegram's error body: its description and, on 429, retry_after. */
function withTelegramDetails(error: unknown): unknown {
  if (!(error instanceof DeliveryError) || error.responseBody === null) return error;
  let body: { description?: unknown; parameters?: { retry_after?: unknown } };
  try {
    body = JSON.parse(error.responseBody) as typeof body;
  } catch {
    return error;
  }
  const retryAfter = body.parameters?.retry_after;
  const description = typeof body.description === 'string' ? body.description : 'no description';
  return new DeliveryError(`Telegram answered ${error.status}: ${description}`, {
    permanent: error.permanent,
    retryAfterMs: typeof retryAfter === 'number' ? retryAfter * 1000 : error.retryAfterMs,
    status: error.status ?? undefined,
    responseBody: error.responseBody,
    cause: error,
  });
}
