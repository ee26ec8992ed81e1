/** Each channel against a local HTTP or SMTP server started by the test. */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  startHttpServer,
  startSmtpServer,
  type LocalHttpServer,
  type LocalSmtpServer,
} from '../../../test/alerts/local-servers.js';
import { anomaly } from '../../../test/server/market-events.js';
import { alertAnomalyOf, type Alert } from '../alert.js';
import { DeliveryError } from './channel.js';
import { ConsoleChannel } from './console-channel.js';
import { EmailChannel } from './email-channel.js';
import { retryAfterMs } from './http.js';
import { SlackChannel } from './slack-channel.js';
import { TelegramChannel } from './telegram-channel.js';
import { WebhookChannel } from './webhook-channel.js';

const ALERT: Alert = {
  id: 'alert:volume_spike:AAPL:1m:3',
  symbol: 'AAPL',
  severity: 'critical',
  kinds: ['volume_spike'],
  title: '[CRITICAL] AAPL: volume_spike',
  ts: anomaly('AAPL', 3).ts,
  raisedAt: anomaly('AAPL', 3).ts + 2_000_000,
  anomalies: [alertAnomalyOf(anomaly('AAPL', 3, { severity: 'critical', message: 'volume <4.2×> & rising' }))],
  suppressed: 2,
  test: false,
};
const CONTEXT = { deliveryId: `${ALERT.id}/ops`, attempt: 1 };

const servers: (LocalHttpServer | LocalSmtpServer)[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
});

async function http(...args: Parameters<typeof startHttpServer>): Promise<LocalHttpServer> {
  const server = await startHttpServer(...args);
  servers.push(server);
  return server;
}

describe('WebhookChannel', () => {
  it('posts the alert as JSON with an HMAC-SHA256 signature the receiver can verify', async () => {
    const secret = 'a-webhook-secret-of-32-characters';
    // The receiver verifies the signature itself, the way a webhook consumer would.
    const server = await http((request) => {
      const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(request.body).digest('hex')}`);
      const given = Buffer.from(String(request.headers['x-tickwatch-signature']));
      const valid = given.length === expected.length && timingSafeEqual(given, expected);
      return valid ? { status: 204 } : { status: 401, body: 'bad signature' };
    });
    const channel = new WebhookChannel('ops', {
      url: `${server.url}/hook`,
      secret,
      timeoutMs: 2_000,
      rateLimit: null,
      headers: { 'x-team': 'desk' },
    });
    await channel.send(ALERT, CONTEXT);
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/hook');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['x-tickwatch-delivery']).toBe(CONTEXT.deliveryId);
    expect(request?.headers['x-team']).toBe('desk');
    expect(JSON.parse(request?.body ?? '')).toEqual({
      type: 'tickwatch.alert',
      version: 1,
      deliveryId: CONTEXT.deliveryId,
      alert: ALERT,
    });
  });

  it('fails verification with the wrong secret (the test server does check)', async () => {
    const server = await http((request) => {
      const expected = `sha256=${createHmac('sha256', 'the-receivers-secret-value').update(request.body).digest('hex')}`;
      return request.headers['x-tickwatch-signature'] === expected
        ? { status: 200 }
        : { status: 401, body: 'bad signature' };
    });
    const channel = new WebhookChannel('ops', {
      url: server.url,
      secret: 'some-other-secret-value',
      timeoutMs: 2_000,
      rateLimit: null,
    });
    const error = await channel.send(ALERT, CONTEXT).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).permanent).toBe(true);
    expect((error as DeliveryError).message).toMatch(/answered 401: bad signature/);
  });

  it('sorts failures: 500 and 429 are retryable (with Retry-After), 404 permanent, connection refused retryable', async () => {
    const answers = [
      { status: 500, body: 'boom' },
      { status: 429, headers: { 'retry-after': '7' } },
      { status: 404, body: 'no such hook' },
    ];
    const server = await http(() => answers.shift() ?? { status: 200 });
    const channel = new WebhookChannel('ops', { url: server.url, timeoutMs: 2_000, rateLimit: null });
    const failures = [];
    for (let i = 0; i < 3; i++)
      failures.push((await channel.send(ALERT, CONTEXT).catch((e: unknown) => e)) as DeliveryError);
    expect(failures.map((f) => [f.permanent, f.status, f.retryAfterMs])).toEqual([
      [false, 500, null],
      [false, 429, 7_000],
      [true, 404, null],
    ]);
    await server.stop();
    // The first attempt may meet the pooled keep-alive socket the server just closed.
    const dropped = (await channel.send(ALERT, CONTEXT).catch((e: unknown) => e)) as DeliveryError;
    expect(dropped.permanent).toBe(false);
    const refused = (await channel.send(ALERT, CONTEXT).catch((e: unknown) => e)) as DeliveryError;
    expect(refused.permanent).toBe(false);
    expect(refused.message).toMatch(/ECONNREFUSED/);
    servers.splice(servers.indexOf(server), 1);
  });

  it('gives up on a receiver that does not answer within the timeout (retryable)', async () => {
    const { createServer } = await import('node:net');
    const silent = createServer(() => undefined); // accepts and never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    const channel = new WebhookChannel('ops', { url: `http://127.0.0.1:${port}/`, timeoutMs: 200, rateLimit: null });
    const error = (await channel.send(ALERT, CONTEXT).catch((e: unknown) => e)) as DeliveryError;
    expect(error.permanent).toBe(false);
    expect(error.message).toMatch(/no answer within 200 ms/);
    silent.close();
  });
});

describe('SlackChannel', () => {
  it('posts text plus Block Kit blocks to the incoming webhook, with mrkdwn escaped', async () => {
    const server = await http(() => ({ status: 200, body: 'ok' }));
    await new SlackChannel('desk', {
      webhookUrl: `${server.url}/services/T000/B000/XXX`,
      timeoutMs: 2_000,
      rateLimit: null,
    }).send(ALERT, CONTEXT);
    const [request] = server.requests;
    expect(request?.url).toBe('/services/T000/B000/XXX');
    const payload = JSON.parse(request?.body ?? '') as {
      text: string;
      blocks: { type: string; text?: { type: string; text: string } }[];
    };
    expect(payload.text).toBe(':rotating_light: [CRITICAL] AAPL: volume_spike');
    expect(payload.blocks.map((b) => b.type)).toEqual(['header', 'section', 'context']);
    expect(payload.blocks[0]?.text).toEqual({ type: 'plain_text', text: '[CRITICAL] AAPL: volume_spike', emoji: true });
    expect(payload.blocks[1]?.text?.type).toBe('mrkdwn');
    expect(payload.blocks[1]?.text?.text).toContain('volume &lt;4.2×&gt; &amp; rising');
    expect(payload.blocks[1]?.text?.text).toContain('+2 similar anomalies');
  });

  it('does not leak the webhook URL (a secret) in errors', async () => {
    const server = await http(() => ({ status: 404, body: 'no_service' }));
    const error = (await new SlackChannel('desk', {
      webhookUrl: `${server.url}/services/SECRET`,
      timeoutMs: 2_000,
      rateLimit: null,
    })
      .send(ALERT, CONTEXT)
      .catch((e: unknown) => e)) as DeliveryError;
    expect(error.message).toBe('POST the Slack webhook answered 404: no_service');
  });
});

describe('TelegramChannel', () => {
  it('calls sendMessage with chat_id and HTML text on the configured API base URL', async () => {
    const server = await http(() => ({ status: 200, body: '{"ok":true,"result":{}}' }));
    const channel = new TelegramChannel('phone', {
      botToken: '123456:ABC-def_1',
      chatId: -100123,
      apiBaseUrl: `${server.url}/`,
      timeoutMs: 2_000,
      rateLimit: null,
    });
    await channel.send(ALERT, CONTEXT);
    const [request] = server.requests;
    expect(request?.url).toBe('/bot123456:ABC-def_1/sendMessage');
    const payload = JSON.parse(request?.body ?? '') as Record<string, unknown>;
    expect(payload).toMatchObject({ chat_id: -100123, parse_mode: 'HTML', disable_web_page_preview: true });
    expect(payload['text']).toMatch(/^<b>\[CRITICAL\] AAPL: volume_spike<\/b>\n/);
    expect(payload['text']).toContain('volume &lt;4.2×&gt; &amp; rising');
  });

  it("reads Telegram's 429 retry_after and description, and hides the token", async () => {
    const server = await http(() => ({
      status: 429,
      body: JSON.stringify({
        ok: false,
        error_code: 429,
        description: 'Too Many Requests: retry after 13',
        parameters: { retry_after: 13 },
      }),
    }));
    const channel = new TelegramChannel('phone', {
      botToken: '123456:SECRET',
      chatId: '@desk',
      apiBaseUrl: server.url,
      timeoutMs: 2_000,
      rateLimit: null,
    });
    const error = (await channel.send(ALERT, CONTEXT).catch((e: unknown) => e)) as DeliveryError;
    expect(error.message).toBe('Telegram answered 429: Too Many Requests: retry after 13');
    expect(error.retryAfterMs).toBe(13_000);
    expect(error.permanent).toBe(false);
    expect(JSON.stringify(error.message)).not.toContain('SECRET');
  });

  it('treats "chat not found" (400) as permanent', async () => {
    const server = await http(() => ({
      status: 400,
      body: '{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}',
    }));
    const channel = new TelegramChannel('phone', {
      botToken: '1:x',
      chatId: 1,
      apiBaseUrl: server.url,
      timeoutMs: 2_000,
      rateLimit: null,
    });
    const error = (await channel.send(ALERT, CONTEXT).catch((e: unknown) => e)) as DeliveryError;
    expect([error.permanent, error.message]).toEqual([true, 'Telegram answered 400: Bad Request: chat not found']);
  });
});

describe('EmailChannel', () => {
  const options = (port: number) => ({
    host: '127.0.0.1',
    port,
    secure: false,
    requireTls: false,
    from: 'tickwatch <alerts@example.test>',
    to: ['desk@example.test', 'risk@example.test'],
    subjectPrefix: '[tickwatch]',
    timeoutMs: 2_000,
    rateLimit: null,
  });

  it('sends a mail with subject, text and HTML parts over SMTP', async () => {
    const smtp = await startSmtpServer();
    servers.push(smtp);
    const channel = new EmailChannel('mail', options(smtp.port));
    await channel.send(ALERT, CONTEXT);
    channel.close();
    expect(smtp.messages).toHaveLength(1);
    const [mail] = smtp.messages;
    expect(mail?.from).toBe('alerts@example.test');
    expect(mail?.to).toEqual(['desk@example.test', 'risk@example.test']);
    expect(mail?.data).toMatch(/^Subject: \[tickwatch\] \[CRITICAL\] AAPL: volume_spike$/m);
    expect(mail?.data).toMatch(/^X-Tickwatch-Alert: alert:volume_spike:AAPL:1m:3$/m);
    expect(mail?.data).toContain('Content-Type: text/plain');
    expect(mail?.data).toContain('Content-Type: text/html');
  });

  it('sorts SMTP failures: 451 retryable, 550 permanent, no server retryable', async () => {
    const smtp = await startSmtpServer();
    servers.push(smtp);
    const channel = new EmailChannel('mail', options(smtp.port));
    smtp.rejectRecipientsWith = 451;
    const temporary = (await channel.send(ALERT, CONTEXT).catch((e: unknown) => e)) as DeliveryError;
    smtp.rejectRecipientsWith = 550;
    const permanent = (await channel.send(ALERT, CONTEXT).catch((e: unknown) => e)) as DeliveryError;
    channel.close();
    expect([temporary.permanent, permanent.permanent]).toEqual([false, true]);
    await smtp.stop();
    servers.splice(servers.indexOf(smtp), 1);
    const down = new EmailChannel('mail', options(smtp.port));
    const refused = (await down.send(ALERT, CONTEXT).catch((e: unknown) => e)) as DeliveryError;
    down.close();
    expect(refused.permanent).toBe(false);
    expect(refused.message).toMatch(/ECONNREFUSED/);
  });
});

describe('ConsoleChannel', () => {
  it('writes the title and one line per anomaly', async () => {
    const lines: string[] = [];
    await new ConsoleChannel('console', (text) => lines.push(text)).send(ALERT);
    expect(lines.join('')).toMatch(
      /^\[CRITICAL\] AAPL: volume_spike\n\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ volume_spike \[1m\] critical, score 0\.90: volume <4\.2×> & rising\n/,
    );
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterMs('3')).toBe(3_000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(retryAfterMs('soon')).toBeNull();
    expect(retryAfterMs(null)).toBeNull();
  });
});
