/**
 * Alert settings as the Alerts page edits them: the API's shapes (GET /api/v1/alerts/settings),
 * the form fields of each channel type, and the request bodies built from a form, checked first
 * so the common mistakes get a message before a round trip. Secrets come back from the API masked;
 * an edit that leaves a secret field blank sends the masked value back, which keeps the stored one.
 */
export type ChannelType = 'console' | 'webhook' | 'slack' | 'telegram' | 'email';
export const CHANNEL_TYPES: readonly ChannelType[] = ['console', 'webhook', 'slack', 'telegram', 'email'];
export const SEVERITIES = ['info', 'warning', 'critical'] as const;

export interface ChannelSettings {
  readonly name: string;
  readonly type: string;
  readonly source: 'config' | 'runtime';
  readonly settings: Record<string, unknown> | null;
  readonly updatedAt: number | null;
  readonly updatedBy: string | null;
  readonly problem: string | null;
}

export interface RouteSettings {
  readonly id: number | null;
  readonly source: 'config' | 'runtime';
  readonly channels: readonly string[];
  readonly minSeverity?: string;
  readonly kinds?: readonly string[];
  readonly symbols?: readonly string[];
  readonly updatedBy: string | null;
  readonly problem: string | null;
}

export interface AlertSettingsResponse {
  readonly channels: readonly ChannelSettings[];
  readonly routes: readonly RouteSettings[];
}

export interface FieldSpec {
  readonly key: string;
  readonly label: string;
  readonly kind: 'text' | 'secret' | 'number' | 'list' | 'boolean' | 'chat';
  readonly required?: boolean;
  readonly hint?: string;
}

export const CHANNEL_FIELDS: Readonly<Record<ChannelType, readonly FieldSpec[]>> = {
  console: [],
  webhook: [
    { key: 'url', label: 'URL', kind: 'secret', required: true, hint: 'http:// or https://' },
    { key: 'secret', label: 'Signing secret', kind: 'secret', hint: 'optional, at least 16 characters' },
    { key: 'timeoutMs', label: 'Timeout (ms)', kind: 'number', hint: 'default 10000' },
  ],
  slack: [
    { key: 'webhookUrl', label: 'Webhook URL', kind: 'secret', required: true, hint: 'https://hooks.slack.com/…' },
  ],
  telegram: [
    { key: 'botToken', label: 'Bot token', kind: 'secret', required: true, hint: '123456789:AAH… from @BotFather' },
    { key: 'chatId', label: 'Chat id', kind: 'chat', required: true, hint: '-1001234567890 or @channel' },
  ],
  email: [
    { key: 'host', label: 'SMTP host', kind: 'text', required: true },
    { key: 'port', label: 'Port', kind: 'number', hint: 'default 587' },
    { key: 'secure', label: 'TLS from the start (port 465)', kind: 'boolean' },
    { key: 'user', label: 'User', kind: 'text' },
    { key: 'password', label: 'Password', kind: 'secret' },
    { key: 'from', label: 'From', kind: 'text', required: true },
    { key: 'to', label: 'To', kind: 'list', required: true, hint: 'comma-separated addresses' },
  ],
};

/** What the form holds: text for every field (booleans as 'true' / ''). */
export interface ChannelForm {
  readonly name: string;
  readonly type: ChannelType;
  readonly values: Readonly<Record<string, string>>;
}

export function isChannelType(value: string): value is ChannelType {
  return (CHANNEL_TYPES as readonly string[]).includes(value);
}

/** The form for editing a channel: its non-secret settings filled in, secrets blank (kept unless typed). */
export function formOf(channel: ChannelSettings): ChannelForm {
  const type = isChannelType(channel.type) ? channel.type : 'webhook';
  const values: Record<string, string> = {};
  for (const field of CHANNEL_FIELDS[type]) {
    const value = channel.settings?.[field.key];
    if (field.kind === 'secret' || value === undefined || value === null) continue;
    if (field.kind === 'list' && Array.isArray(value)) values[field.key] = value.join(', ');
    else if (field.kind === 'boolean') values[field.key] = value === true ? 'true' : '';
    else values[field.key] = String(value);
  }
  return { name: channel.name, type, values };
}

function listOf(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/**
 * The channel settings to send, or the first problem found. `existing`: the masked settings of
 * the channel being edited (same type), whose other fields (rate limits, headers) are kept.
 */
export function channelBody(
  form: ChannelForm,
  existing: Record<string, unknown> | null,
): { body: Record<string, unknown> } | { problem: string } {
  const base = existing !== null && existing['type'] === form.type ? { ...existing } : {};
  const body: Record<string, unknown> = { ...base, type: form.type };
  for (const field of CHANNEL_FIELDS[form.type]) {
    const text = (form.values[field.key] ?? '').trim();
    if (field.kind === 'boolean') {
      body[field.key] = text === 'true';
      continue;
    }
    if (text === '') {
      // A blank secret of an existing channel keeps its stored value (sent back masked).
      if (field.kind === 'secret' && field.key in base) continue;
      if (field.required) return { problem: `${field.label} is required` };
      delete body[field.key];
      continue;
    }
    if (field.kind === 'number') {
      const number = Number(text);
      if (!Number.isInteger(number) || number < 0) return { problem: `${field.label} must be a whole number` };
      body[field.key] = number;
    } else if (field.kind === 'list') {
      body[field.key] = listOf(text);
    } else if (field.kind === 'chat') {
      body[field.key] = /^-?\d+$/.test(text) ? Number(text) : text;
    } else {
      body[field.key] = text;
    }
  }
  return { body };
}

export interface RouteForm {
  /** Channel names, or ['*']. */
  readonly channels: readonly string[];
  readonly minSeverity: string;
  readonly kinds: string;
  readonly symbols: string;
}

export const EMPTY_ROUTE: RouteForm = { channels: [], minSeverity: '', kinds: '', symbols: '' };

export function routeFormOf(route: RouteSettings): RouteForm {
  return {
    channels: [...route.channels],
    minSeverity: route.minSeverity ?? '',
    kinds: (route.kinds ?? []).join(', '),
    symbols: (route.symbols ?? []).join(', '),
  };
}

export function routeBody(form: RouteForm): { body: Record<string, unknown> } | { problem: string } {
  if (form.channels.length === 0) return { problem: 'Choose at least one channel' };
  const kinds = listOf(form.kinds);
  const symbols = listOf(form.symbols);
  return {
    body: {
      channels: form.channels.includes('*') ? ['*'] : [...form.channels],
      ...(form.minSeverity === '' ? {} : { minSeverity: form.minSeverity }),
      ...(kinds.length === 0 ? {} : { kinds }),
      ...(symbols.length === 0 ? {} : { symbols }),
    },
  };
}

/** One line for a route: "AAPL, BTC-* · volume_* · warning and above". */
export function describeRoute(route: RouteSettings): string {
  const parts = [
    route.symbols?.length ? `symbols ${route.symbols.join(', ')}` : 'every symbol',
    route.kinds?.length ? `kinds ${route.kinds.join(', ')}` : 'every kind',
    route.minSeverity ? `${route.minSeverity} and above` : 'every severity',
  ];
  return parts.join(' · ');
}
