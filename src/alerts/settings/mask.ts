/**
 * Channel settings as the API shows them: everything that could let someone send as tickwatch or
 * read a private chat (webhook URLs' paths, signing secrets, header values, bot tokens, SMTP
 * passwords) is replaced by MASK. A URL keeps its scheme and host, so an admin can tell hooks apart.
 */
import type { AlertChannelConfig } from '../config.js';

export const MASK = '••••••';

/** `https://hooks.slack.com/••••••`: scheme and host only (user info dropped). */
export function maskUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const hasMore = parsed.pathname.length > 1 || parsed.search !== '' || parsed.hash !== '';
    return `${parsed.protocol}//${parsed.host}${hasMore ? `/${MASK}` : ''}`;
  } catch {
    return MASK;
  }
}

export function maskChannel(config: AlertChannelConfig): Record<string, unknown> {
  switch (config.type) {
    case 'console':
      return { ...config };
    case 'webhook':
      return {
        ...config,
        url: maskUrl(config.url),
        ...(config.secret === undefined ? {} : { secret: MASK }),
        headers: Object.fromEntries(Object.keys(config.headers).map((name) => [name, MASK])),
      };
    case 'slack':
      return { ...config, webhookUrl: maskUrl(config.webhookUrl) };
    case 'telegram':
      return { ...config, botToken: MASK };
    case 'email':
      return { ...config, ...(config.password === undefined ? {} : { password: MASK }) };
  }
}

/** The fields `maskChannel` hides, by channel type: an update that leaves them out keeps the stored value. */
export const SECRET_FIELDS: Readonly<Record<AlertChannelConfig['type'], readonly string[]>> = {
  console: [],
  webhook: ['url', 'secret', 'headers'],
  slack: ['webhookUrl'],
  telegram: ['botToken'],
  email: ['password'],
};
