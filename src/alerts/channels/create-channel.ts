/** Builds the channel a configuration entry describes. */
import type { AlertChannelConfig } from '../config.js';
import type { RateLimit } from '../token-bucket.js';
import type { AlertChannel } from './channel.js';
import { ConsoleChannel } from './console-channel.js';
import { EmailChannel } from './email-channel.js';
import { SlackChannel } from './slack-channel.js';
import { TelegramChannel } from './telegram-channel.js';
import { WebhookChannel } from './webhook-channel.js';

export interface ChannelDependencies {
  /** Where the console channel writes; default stdout. */
  readonly consoleWrite?: (text: string) => void;
}

function limitOf(limit: { messages: number; perSeconds: number } | undefined): RateLimit | null {
  return limit === undefined ? null : { messages: limit.messages, periodMs: limit.perSeconds * 1000 };
}

export function createChannel(
  name: string,
  config: AlertChannelConfig,
  dependencies: ChannelDependencies = {},
): AlertChannel {
  switch (config.type) {
    case 'console':
      return new ConsoleChannel(name, dependencies.consoleWrite, limitOf(config.rateLimit));
    case 'webhook':
      return new WebhookChannel(name, { ...config, rateLimit: limitOf(config.rateLimit) });
    case 'slack':
      return new SlackChannel(name, { ...config, rateLimit: limitOf(config.rateLimit) });
    case 'telegram':
      return new TelegramChannel(name, { ...config, rateLimit: limitOf(config.rateLimit) });
    case 'email':
      return new EmailChannel(name, { ...config, rateLimit: limitOf(config.rateLimit) });
  }
}
