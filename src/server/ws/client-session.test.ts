import { describe, expect, it } from 'vitest';
import type { PipelineEvent } from '../../core/events.js';
import { bar, partialBar, trade } from '../../../test/server/market-events.js';
import type { Channel } from './channels.js';
import { ClientSession, type SessionOptions } from './client-session.js';
import { EventHub } from './event-hub.js';
import type { ClientTransport } from './hub-client.js';

class RecordingTransport implements ClientTransport {
  readonly sent: string[] = [];
  readonly bufferedAmount = 0;
  closed: { code: number; reason: string } | null = null;
  send(data: Buffer): void {
    this.sent.push(data.toString());
  }
  cork(): void {}
  uncork(): void {}
  close(code: number, reason: string): void {
    this.closed = { code, reason };
  }
  messages(): Record<string, unknown>[] {
    return this.sent.map((text) => JSON.parse(text) as Record<string, unknown>);
  }
}

/** Latest values as the run loop's cache would hold them. */
const LATEST: Record<string, Partial<Record<Channel, PipelineEvent[]>>> = {
  AAPL: { ticks: [trade('AAPL', 9)], bars: [bar('AAPL', 1)], 'bars.partial': [partialBar('AAPL', 2)] },
  'BTC-USD': { ticks: [trade('BTC-USD', 5)] },
  'BTC-EUR': { ticks: [trade('BTC-EUR', 6)] },
  MSFT: { ticks: [trade('MSFT', 7)] },
};

function setup(overrides: Partial<SessionOptions> = {}) {
  let now = 0;
  const hub = new EventHub({ schedule: () => undefined });
  const transport = new RecordingTransport();
  const client = hub.connect(transport);
  const session = new ClientSession(hub, client, {
    snapshot: (symbol, channel) => LATEST[symbol]?.[channel],
    symbols: () => Object.keys(LATEST),
    maxSubscriptions: 100,
    maxMessageBytes: 1024,
    messageRate: { messages: 1000, periodMs: 1000 },
    maxStrikesPerMinute: 5,
    maxSnapshotSymbols: 100,
    now: () => now,
    ...overrides,
  });
  const send = (message: unknown) => {
    session.receive(Buffer.from(typeof message === 'string' ? message : JSON.stringify(message)), false);
    hub.flush();
  };
  return { hub, transport, client, session, send, advance: (ms: number) => (now += ms) };
}

describe('ClientSession', () => {
  it("accepts the seeds' form {type:'subscribe', symbols:['AAPL']} with the default channels", () => {
    const { hub, transport, send } = setup();
    send({ type: 'subscribe', symbols: ['AAPL'], snapshot: false });
    expect(transport.messages()[0]).toEqual({
      type: 'subscribed',
      channels: ['ticks', 'bars', 'bars.partial', 'indicators', 'anomalies', 'signals'],
      symbols: ['AAPL'],
      conflate: false,
      subscriptions: {
        ticks: ['AAPL'],
        bars: ['AAPL'],
        'bars.partial': ['AAPL'],
        indicators: ['AAPL'],
        anomalies: ['AAPL'],
        signals: ['AAPL'],
      },
    });
    hub.publish(trade('AAPL', 1));
    hub.publish(bar('AAPL', 1));
    hub.flush();
    expect(
      transport
        .messages()
        .slice(1)
        .map((m) => m['channel']),
    ).toEqual(['ticks', 'bars']);
  });

  it('sends a snapshot per subscribed symbol and channel, expanding wildcards over the known symbols', () => {
    const { transport, send } = setup();
    send({ type: 'subscribe', id: 7, channels: ['ticks', 'bars', 'bars.partial'], symbols: ['AAPL', 'BTC-*'] });
    const [reply, ...snapshots] = transport.messages();
    expect(reply).toMatchObject({ type: 'subscribed', id: 7 });
    expect(snapshots).toEqual([
      { type: 'snapshot', channel: 'ticks', symbol: 'AAPL', data: [trade('AAPL', 9)] },
      { type: 'snapshot', channel: 'ticks', symbol: 'BTC-USD', data: [trade('BTC-USD', 5)] },
      { type: 'snapshot', channel: 'ticks', symbol: 'BTC-EUR', data: [trade('BTC-EUR', 6)] },
      { type: 'snapshot', channel: 'bars', symbol: 'AAPL', data: [bar('AAPL', 1)] },
      { type: 'snapshot', channel: 'bars.partial', symbol: 'AAPL', data: [partialBar('AAPL', 2)] },
    ]);
  });

  it('answers bad messages with an error and a stable code, and stays connected', () => {
    const { transport, send, client } = setup({ maxStrikesPerMinute: 10 });
    send('not json');
    send('[1,2]');
    send({ type: 'dance' });
    send({ type: 'subscribe', channels: ['tickz'], symbols: ['AAPL'], id: 'a' });
    send({ type: 'subscribe', symbols: ['AA PL'] });
    send({ type: 'subscribe', symbols: [] });
    expect(transport.messages().map((m) => [m['type'], m['code']])).toEqual([
      ['error', 'invalid_json'],
      ['error', 'invalid_message'],
      ['error', 'unknown_type'],
      ['error', 'unknown_channel'],
      ['error', 'invalid_symbol'],
      ['error', 'invalid_message'],
    ]);
    expect(transport.messages()[3]).toMatchObject({
      id: 'a',
      message: expect.stringContaining('ticks, quotes') as unknown,
    });
    expect(transport.closed).toBeNull();
    expect(client.closed).toBe(false);
  });

  it('refuses oversized and binary messages', () => {
    const { transport, session } = setup();
    session.receive(Buffer.alloc(2048, 32), false);
    session.receive(Buffer.from('{"type":"ping"}'), true);
    expect(transport.messages().map((m) => m['code'])).toEqual(['message_too_large', 'binary_not_supported']);
  });

  it('closes the connection once bad messages exceed the per-minute allowance, and forgives after a minute', () => {
    const { transport, send, advance, hub } = setup();
    for (let i = 0; i < 5; i++) send('x');
    advance(60_000);
    for (let i = 0; i < 5; i++) send('x');
    expect(transport.closed).toBeNull();
    send('x');
    expect(transport.closed).toEqual({ code: 1008, reason: 'too many invalid messages' });
    expect(hub.stats().disconnects.abuse).toBe(1);
  });

  it('rate-limits messages', () => {
    const { transport, send, advance } = setup({
      messageRate: { messages: 3, periodMs: 1000 },
      maxStrikesPerMinute: 100,
    });
    for (let i = 0; i < 5; i++) send({ type: 'ping', id: i });
    expect(transport.messages().map((m) => m['type'])).toEqual(['pong', 'pong', 'pong', 'error', 'error']);
    advance(1000);
    send({ type: 'ping', id: 9 });
    expect(transport.messages().at(-1)).toMatchObject({ type: 'pong', id: 9 });
  });

  it('limits subscriptions per connection', () => {
    const { transport, send } = setup({ maxSubscriptions: 3 });
    send({ type: 'subscribe', channels: ['ticks'], symbols: ['A', 'B'], snapshot: false });
    send({ type: 'subscribe', channels: ['ticks'], symbols: ['B', 'C'], snapshot: false });
    send({ type: 'subscribe', channels: ['ticks'], symbols: ['D'], snapshot: false });
    expect(transport.messages().map((m) => m['code'] ?? m['type'])).toEqual([
      'subscribed',
      'subscribed',
      'too_many_subscriptions',
    ]);
  });

  it('unsubscribes by channel and symbol, or everything', () => {
    const { transport, send, hub } = setup();
    send({ type: 'subscribe', channels: ['ticks', 'bars'], symbols: ['AAPL', 'MSFT'], snapshot: false });
    send({ type: 'unsubscribe', channels: ['ticks'], symbols: ['AAPL'] });
    expect(transport.messages().at(-1)).toEqual({
      type: 'unsubscribed',
      subscriptions: { ticks: ['MSFT'], bars: ['AAPL', 'MSFT'] },
    });
    send({ type: 'unsubscribe' });
    expect(transport.messages().at(-1)).toEqual({ type: 'unsubscribed', subscriptions: {} });
    hub.publish(trade('MSFT', 1));
    hub.flush();
    expect(transport.messages().at(-1)?.['type']).toBe('unsubscribed');
  });

  it('switches conflated mode on and off with the conflate flag', () => {
    const { client, send } = setup();
    send({ type: 'subscribe', channels: ['ticks'], symbols: ['AAPL'], conflate: true, snapshot: false });
    expect(client.conflate).toBe(true);
    send({ type: 'subscribe', channels: ['ticks'], symbols: ['MSFT'], snapshot: false });
    expect(client.conflate).toBe(true);
    send({ type: 'subscribe', channels: ['ticks'], symbols: ['MSFT'], conflate: false, snapshot: false });
    expect(client.conflate).toBe(false);
  });
});
