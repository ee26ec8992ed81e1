/**
 * Email over SMTP with nodemailer. SMTP replies in 4xx are temporary (retried), 5xx permanent
 * (a rejected address or failed login stays failed until fixed); connection failures are
 * retried.
 */
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import type { Alert } from '../alert.js';
import { alertLines, escapeHtml, truncate } from '../format.js';
import type { RateLimit } from '../token-bucket.js';
import { DeliveryError, type AlertChannel, type DeliveryContext } from './channel.js';

export interface EmailChannelOptions {
  readonly host: string;
  readonly port: number;
  /** TLS from the start (port 465); otherwise STARTTLS when the server offers it. */
  readonly secure: boolean;
  /** Refuse to send unless STARTTLS succeeds. */
  readonly requireTls: boolean;
  readonly user?: string;
  readonly password?: string;
  readonly from: string;
  readonly to: readonly string[];
  readonly subjectPrefix: string;
  readonly timeoutMs: number;
  readonly rateLimit: RateLimit | null;
}

export function emailMessage(alert: Alert, options: Pick<EmailChannelOptions, 'from' | 'to' | 'subjectPrefix'>) {
  const lines = alertLines(alert);
  return {
    from: options.from,
    to: [...options.to],
    subject: truncate(`${options.subjectPrefix} ${alert.title}`.trim(), 200),
    text: `${alert.title}\n\n${lines.join('\n')}\n\n-- \ntickwatch · ${alert.id}\n`,
    html: `<h3>${escapeHtml(alert.title)}</h3><ul>${lines.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul><p style="color:#888">tickwatch · ${escapeHtml(alert.id)}</p>`,
    headers: { 'X-Tickwatch-Alert': alert.id },
  };
}

export class EmailChannel implements AlertChannel {
  readonly type = 'email';
  readonly rateLimit: RateLimit | null;
  private readonly transport: Transporter;

  constructor(
    readonly name: string,
    private readonly options: EmailChannelOptions,
  ) {
    this.rateLimit = options.rateLimit;
    this.transport = nodemailer.createTransport({
      host: options.host,
      port: options.port,
      secure: options.secure,
      requireTLS: options.requireTls,
      auth: options.user === undefined ? undefined : { user: options.user, pass: options.password ?? '' },
      connectionTimeout: options.timeoutMs,
      greetingTimeout: options.timeoutMs,
      socketTimeout: options.timeoutMs,
    });
  }

  async send(alert: Alert, _context?: DeliveryContext): Promise<void> {
    try {
      await this.transport.sendMail(emailMessage(alert, this.options));
    } catch (error) {
      const code = (error as { responseCode?: unknown }).responseCode;
      const reason = error instanceof Error ? error.message : String(error);
      const where = `SMTP ${this.options.host}:${this.options.port}`;
      throw new DeliveryError(`${where}: ${reason}`, {
        permanent: typeof code === 'number' && code >= 500,
        cause: error,
      });
    }
  }

  close(): void {
    this.transport.close();
  }
}
