import { describe, expect, it } from 'vitest';
import { alertsConfigSchema } from './config.js';

describe('alertsConfigSchema', () => {
  it('defaults to warnings and above on the console, with 5-minute cooldowns', () => {
    const config = alertsConfigSchema.parse(undefined);
    expect(config).toMatchObject({
      enabled: true,
      minSeverity: 'warning',
      cooldownMs: 300_000,
      groupWindowMs: 2_000,
      channels: { console: { type: 'console' } },
      routes: [{ channels: ['*'] }],
      delivery: {
        maxAttempts: 50,
        initialBackoffMs: 1_000,
        maxBackoffMs: 600_000,
        pollIntervalMs: 1_000,
        retentionDays: 30,
      },
    });
  });

  it('fills channel defaults: Telegram 20 a minute on api.telegram.org, Slack 1 a second, email on port 587', () => {
    const config = alertsConfigSchema.parse({
      channels: {
        phone: { type: 'telegram', botToken: '123456:AAH-abc_def', chatId: -1001 },
        desk: { type: 'slack', webhookUrl: 'https://hooks.slack.com/services/T/B/X' },
        mail: { type: 'email', host: 'smtp.example.com', from: 'a@example.com', to: ['b@example.com'] },
      },
    });
    expect(config.channels['phone']).toMatchObject({
      apiBaseUrl: 'https://api.telegram.org',
      rateLimit: { messages: 20, perSeconds: 60 },
    });
    expect(config.channels['desk']).toMatchObject({ rateLimit: { messages: 1, perSeconds: 1 }, timeoutMs: 10_000 });
    expect(config.channels['mail']).toMatchObject({ port: 587, secure: false, subjectPrefix: '[tickwatch]' });
  });

  it('names the field and the fix for bad values', () => {
    const result = alertsConfigSchema.safeParse({
      channels: {
        hook: { type: 'webhook', url: 'ftp://example.com', secret: 'short' },
        bot: { type: 'telegram', botToken: 'nonsense', chatId: 1 },
      },
      routes: [{ channels: ['hook', 'pager'] }],
    });
    expect(result.success).toBe(false);
    const issues = result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues).toContain('channels.hook.url: must start with http:// or https://');
    expect(issues.some((i) => i.startsWith('channels.hook.secret:'))).toBe(true);
    expect(issues).toContain('channels.bot.botToken: looks like 123456789:AAH…, as given by @BotFather');
  });

  it('refuses a route to a channel that is not defined', () => {
    const result = alertsConfigSchema.safeParse({ routes: [{ channels: ['pager'] }] });
    expect(result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'routes.0.channels: channel "pager" is not defined under alerts.channels (defined: console)',
    ]);
  });

  it('refuses unknown fields and unknown channel types', () => {
    expect(alertsConfigSchema.safeParse({ cooldown: 5 }).success).toBe(false);
    expect(alertsConfigSchema.safeParse({ channels: { x: { type: 'pager' } } }).success).toBe(false);
  });
});
