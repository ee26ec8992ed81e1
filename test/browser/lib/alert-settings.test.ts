/** Alert settings forms → API bodies (web/src/lib/alert-settings.ts): checks, secrets kept, lists and numbers. */
import { describe, expect, it } from 'vitest';
import {
  channelBody,
  formOf,
  routeBody,
  routeFormOf,
  type ChannelSettings,
} from '../../../web/src/lib/alert-settings.js';

const MASK = '••••••';
const stored: ChannelSettings = {
  name: 'ops',
  type: 'webhook',
  source: 'runtime',
  settings: {
    type: 'webhook',
    url: `https://example.com/${MASK}`,
    secret: MASK,
    headers: { authorization: MASK },
    timeoutMs: 10_000,
    rateLimit: { messages: 5, perSeconds: 60 },
  },
  updatedAt: 1,
  updatedBy: 'admin',
  problem: null,
};

describe('channel forms', () => {
  it('builds a new webhook body; a missing required field or a bad number is named', () => {
    const form = { name: 'ops', type: 'webhook' as const, values: { url: ' https://example.com/h ', timeoutMs: '' } };
    expect(channelBody(form, null)).toEqual({ body: { type: 'webhook', url: 'https://example.com/h' } });
    expect(channelBody({ ...form, values: {} }, null)).toEqual({ problem: 'URL is required' });
    expect(channelBody({ ...form, values: { url: 'https://x', timeoutMs: '1.5' } }, null)).toEqual({
      problem: 'Timeout (ms) must be a whole number',
    });
  });

  it('editing: secrets start blank and are sent back masked (kept); other settings survive', () => {
    const form = formOf(stored);
    expect(form.values).toEqual({ timeoutMs: '10000' });
    const result = channelBody({ ...form, values: { ...form.values, timeoutMs: '2000' } }, stored.settings);
    expect(result).toEqual({ body: { ...stored.settings, timeoutMs: 2000 } });
    const typed = channelBody({ ...form, values: { secret: 'a new secret of 16+ chars' } }, stored.settings);
    expect('body' in typed && typed.body['secret']).toBe('a new secret of 16+ chars');
  });

  it('email: lists split on commas, the TLS box is a boolean; telegram chat ids become numbers', () => {
    const email = channelBody(
      {
        name: 'mail',
        type: 'email',
        values: { host: 'smtp.example.com', port: '465', secure: 'true', from: 'a@b.c', to: 'x@y.z, w@v.u ,' },
      },
      null,
    );
    expect(email).toEqual({
      body: { type: 'email', host: 'smtp.example.com', port: 465, secure: true, from: 'a@b.c', to: ['x@y.z', 'w@v.u'] },
    });
    const telegram = channelBody({ name: 't', type: 'telegram', values: { botToken: '1:A', chatId: '-100' } }, null);
    expect(telegram).toEqual({ body: { type: 'telegram', botToken: '1:A', chatId: -100 } });
  });
});

describe('route forms', () => {
  it('needs a channel, collapses * and leaves out empty filters', () => {
    expect(routeBody({ channels: [], minSeverity: '', kinds: '', symbols: '' })).toEqual({
      problem: 'Choose at least one channel',
    });
    expect(routeBody({ channels: ['ops', '*'], minSeverity: 'warning', kinds: 'volume_*, ', symbols: '' })).toEqual({
      body: { channels: ['*'], minSeverity: 'warning', kinds: ['volume_*'] },
    });
    const form = routeFormOf({
      id: 3,
      source: 'runtime',
      channels: ['ops'],
      symbols: ['AAPL', 'BTC-*'],
      updatedBy: 'admin',
      problem: null,
    });
    expect(routeBody(form)).toEqual({ body: { channels: ['ops'], symbols: ['AAPL', 'BTC-*'] } });
  });
});
