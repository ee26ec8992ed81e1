/**
 * The `alerts` section of the configuration, validated with zod at start-up. Every field has a
 * default: with no section at all, alerts of severity warning and above go to the console.
 *
 *   alerts:
 *     channels:
 *       ops-webhook: { type: webhook, url: https://example.com/hook, secret: "…at least 16 characters…" }
 *       desk-slack: { type: slack, webhookUrl: https://hooks.slack.com/services/… }
 *       phone: { type: telegram, botToken: "123456:ABC…", chatId: -1001234567890 }
 *       mail: { type: email, host: smtp.example.com, from: tw@example.com, to: [desk@example.com] }
 *     routes:
 *       - { channels: [desk-slack], minSeverity: warning }
 *       - { channels: [phone], minSeverity: critical, symbols: [BTC-*, ETH-*] }
 *     cooldownMs: 300000
 */
import { z } from 'zod';

const severity = z.enum(['info', 'warning', 'critical']).describe('info, warning or critical');

const httpUrl = z
  .string()
  .url()
  .refine((url) => /^https?:\/\//.test(url), { message: 'must start with http:// or https://' })
  .describe('an http:// or https:// URL');

const millis = (fallback: number, hint: string) => z.number().int().min(0).default(fallback).describe(hint);

const rateLimit = z
  .strictObject({
    messages: z.number().int().min(1).describe('messages allowed per period, e.g. 20'),
    perSeconds: z.number().positive().describe('length of the period in seconds, e.g. 60'),
  })
  .describe('a rate limit such as { messages: 20, perSeconds: 60 }');

const timeoutMs = millis(10_000, 'milliseconds to wait for the receiver, e.g. 10000');

const pattern = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._:/^=@$#&+*-]+$/, { message: 'letters, digits, symbol punctuation and * as the wildcard' })
  .describe('a name or a pattern with * wildcards, e.g. BTC-* or volume_*');

const consoleChannel = z.strictObject({
  type: z.literal('console'),
  rateLimit: rateLimit.optional(),
});

const webhookChannel = z.strictObject({
  type: z.literal('webhook'),
  url: httpUrl,
  secret: z
    .string()
    .min(16)
    .optional()
    .describe('at least 16 characters; signs each body (X-Tickwatch-Signature: sha256=<HMAC-SHA256 hex>)'),
  headers: z
    .record(z.string(), z.string())
    .default({})
    .describe('extra HTTP headers, e.g. { authorization: "Bearer …" }'),
  timeoutMs,
  rateLimit: rateLimit.optional(),
});

const slackChannel = z.strictObject({
  type: z.literal('slack'),
  webhookUrl: httpUrl.describe('the incoming webhook URL from Slack, https://hooks.slack.com/services/…'),
  timeoutMs,
  rateLimit: rateLimit.default({ messages: 1, perSeconds: 1 }),
});

const telegramChannel = z.strictObject({
  type: z.literal('telegram'),
  botToken: z
    .string()
    .regex(/^\d+:[A-Za-z0-9_-]+$/, { message: 'looks like 123456789:AAH…, as given by @BotFather' })
    .describe('the bot token from @BotFather'),
  chatId: z
    .union([z.number().int(), z.string().min(1)])
    .describe('the chat id (a negative number for groups) or @channelname'),
  apiBaseUrl: httpUrl.default('https://api.telegram.org'),
  timeoutMs,
  rateLimit: rateLimit
    .default({ messages: 20, perSeconds: 60 })
    .describe('Telegram allows about 20 messages a minute per group'),
});

const emailChannel = z.strictObject({
  type: z.literal('email'),
  host: z.string().min(1).describe('the SMTP server, e.g. smtp.example.com'),
  port: z.number().int().min(1).max(65_535).default(587),
  secure: z
    .boolean()
    .default(false)
    .describe('true for TLS from the start (port 465); false uses STARTTLS when offered'),
  requireTls: z.boolean().default(false).describe('true to refuse sending without STARTTLS'),
  user: z.string().min(1).optional(),
  password: z.string().optional(),
  from: z.string().min(3).describe('the sender address, e.g. "tickwatch <alerts@example.com>"'),
  to: z.array(z.string().min(3)).min(1).describe('recipient addresses, e.g. [desk@example.com]'),
  subjectPrefix: z.string().default('[tickwatch]'),
  timeoutMs,
  rateLimit: rateLimit.default({ messages: 30, perSeconds: 60 }),
});

export const alertChannelSchema = z.discriminatedUnion('type', [
  consoleChannel,
  webhookChannel,
  slackChannel,
  telegramChannel,
  emailChannel,
]);

export const alertRouteSchema = z.strictObject({
  channels: z.array(z.string().min(1)).min(1).describe('channel names from alerts.channels, or ["*"] for all'),
  minSeverity: severity.optional(),
  kinds: z.array(pattern).min(1).optional().describe('anomaly kinds, e.g. [volume_spike, price_*]'),
  symbols: z.array(pattern).min(1).optional().describe('symbols, e.g. [AAPL, BTC-*]'),
});

export const alertChannelNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'letters, digits, _ . - (at most 64)' })
  .describe('a channel name such as ops-slack');

export const alertsConfigSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('false turns alerting off'),
    minSeverity: severity.default('warning').describe('anomalies below this severity never alert'),
    cooldownMs: millis(300_000, 'milliseconds an alert of a symbol and kind stays quiet after it fired, e.g. 300000'),
    cooldownByKindMs: z
      .record(z.string().min(1), z.number().int().min(0))
      .default({})
      .describe('cooldowns for particular kinds, e.g. { price_spike: 60000 }'),
    groupWindowMs: millis(2_000, 'milliseconds related anomalies of one symbol are gathered into one alert, e.g. 2000'),
    channels: z
      .record(alertChannelNameSchema, alertChannelSchema)
      .default({ console: { type: 'console' } })
      .describe('named channels, e.g. { ops: { type: webhook, url: … } }'),
    routes: z
      .array(alertRouteSchema)
      .default([{ channels: ['*'] }])
      .describe('which channels get which alerts; every matching route applies'),
    delivery: z
      .strictObject({
        maxAttempts: z
          .number()
          .int()
          .min(1)
          .max(1_000)
          .default(50)
          .describe('attempts before a delivery is marked failed'),
        initialBackoffMs: millis(1_000, 'milliseconds before the first retry, doubled each time, e.g. 1000'),
        maxBackoffMs: millis(600_000, 'longest wait between retries in milliseconds, e.g. 600000'),
        pollIntervalMs: millis(1_000, 'milliseconds between outbox checks, e.g. 1000'),
        retentionDays: z.number().min(0).default(30).describe('days delivered rows are kept; 0 keeps them forever'),
      })
      .prefault({}),
  })
  .superRefine((config, context) => {
    const names = Object.keys(config.channels);
    config.routes.forEach((r, index) => {
      for (const name of r.channels) {
        if (name !== '*' && !names.includes(name)) {
          context.addIssue({
            code: 'custom',
            path: ['routes', index, 'channels'],
            message: `channel "${name}" is not defined under alerts.channels (defined: ${names.join(', ') || 'none'})`,
          });
        }
      }
    });
  })
  .prefault({});

export type AlertsConfig = z.infer<typeof alertsConfigSchema>;
export type AlertChannelConfig = z.infer<typeof alertChannelSchema>;
export type AlertRouteConfig = z.infer<typeof alertRouteSchema>;
