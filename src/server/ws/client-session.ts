/**
 * One client's conversation: parses its messages, applies (un)subscriptions to the hub, sends
 * snapshots, replies, and errors. A bad message gets `{type:'error', code, message}` and the
 * connection stays open; only abuse (too many bad or too frequent messages) closes it.
 */
import { TokenBucket, type RateLimit } from '../../alerts/token-bucket.js';
import { CHANNELS, DEFAULT_CHANNELS, type Channel } from './channels.js';
import type { EventHub } from './event-hub.js';
import type { HubClient } from './hub-client.js';
import { parseClientMessage, type ProtocolErrorCode, type RequestId, type SubscribeMessage } from './protocol.js';

/** The latest values of one symbol on one channel (last trade, latest bars, forming bars…). */
export type SnapshotProvider = (symbol: string, channel: Channel) => readonly unknown[] | null | undefined;

export interface SessionOptions {
  /** Latest values sent on subscribe; absent: no snapshots. */
  readonly snapshot?: SnapshotProvider;
  /** Known symbols, to expand wildcard subscriptions into snapshots; absent: exact symbols only. */
  readonly symbols?: () => Iterable<string>;
  /** (channel, pattern) pairs one client may hold. */
  readonly maxSubscriptions: number;
  /** Largest accepted message, in bytes. */
  readonly maxMessageBytes: number;
  /** Messages a client may send; beyond it they are refused with `rate_limited`. */
  readonly messageRate: RateLimit;
  /** Refused messages per minute after which the connection is closed as abusive. */
  readonly maxStrikesPerMinute: number;
  /** Symbols a wildcard subscription snapshots at most. */
  readonly maxSnapshotSymbols: number;
  /** Monotonic milliseconds. */
  readonly now: () => number;
}

/** WebSocket close code for abuse (policy violation). */
export const CLOSE_ABUSE = 1008;

export class ClientSession {
  private readonly bucket: TokenBucket;
  private strikes = 0;
  private strikeWindowStart: number;

  constructor(
    private readonly hub: EventHub,
    readonly client: HubClient,
    private readonly options: SessionOptions,
  ) {
    const now = options.now();
    this.bucket = new TokenBucket(options.messageRate, now);
    this.strikeWindowStart = now;
  }

  /** The first message of a connection: what the server offers. */
  welcome(heartbeatMs: number, user: string | undefined): void {
    this.reply({
      type: 'welcome',
      protocol: 1,
      channels: CHANNELS,
      defaultChannels: DEFAULT_CHANNELS,
      heartbeatMs,
      ...(user === undefined ? {} : { user }),
    });
  }

  /** Handles one message from the client. */
  receive(data: Buffer | string, isBinary: boolean): void {
    if (this.client.closed) return;
    if (!this.bucket.tryTake(this.options.now())) {
      this.refuse('rate_limited', 'too many messages: send at most a few per second', undefined);
      return;
    }
    const size = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
    if (size > this.options.maxMessageBytes) {
      this.refuse('message_too_large', `messages are at most ${this.options.maxMessageBytes} bytes`, undefined);
      return;
    }
    if (isBinary) {
      this.refuse('binary_not_supported', 'send JSON text messages, not binary ones', undefined);
      return;
    }
    const parsed = parseClientMessage(typeof data === 'string' ? data : data.toString('utf8'));
    if (!parsed.ok) {
      this.refuse(parsed.error.code, parsed.error.message, parsed.error.id);
      return;
    }
    const message = parsed.message;
    switch (message.type) {
      case 'subscribe':
        this.subscribe(message);
        break;
      case 'unsubscribe':
        this.hub.unsubscribe(this.client, message.channels, message.symbols);
        this.reply({ type: 'unsubscribed', ...withId(message.id), subscriptions: this.subscriptionList() });
        break;
      case 'ping':
        this.reply({ type: 'pong', ...withId(message.id), ts: Date.now() * 1000 });
        break;
    }
  }

  private subscribe(message: SubscribeMessage): void {
    const added = countNew(this.client, message);
    if (this.subscriptionCount() + added > this.options.maxSubscriptions) {
      this.refuse(
        'too_many_subscriptions',
        `at most ${this.options.maxSubscriptions} (channel, symbol) subscriptions per connection; use wildcards such as "BTC-*" or unsubscribe first`,
        message.id,
      );
      return;
    }
    if (message.conflate !== undefined) this.client.conflate = message.conflate;
    this.hub.subscribe(this.client, message.channels, message.patterns);
    this.reply({
      type: 'subscribed',
      ...withId(message.id),
      channels: message.channels,
      symbols: message.patterns.map((p) => p.text),
      conflate: this.client.conflate,
      subscriptions: this.subscriptionList(),
    });
    if (message.snapshot) this.sendSnapshots(message);
  }

  private sendSnapshots(message: SubscribeMessage): void {
    const provider = this.options.snapshot;
    if (provider === undefined) return;
    const symbols = this.snapshotSymbols(message);
    for (const channel of message.channels) {
      for (const symbol of symbols) {
        let data: readonly unknown[] | null | undefined;
        try {
          data = provider(symbol, channel);
        } catch {
          data = null; // a failing provider must not break the subscription
        }
        if (data === null || data === undefined || data.length === 0) continue;
        this.hub.deliver(this.client, Buffer.from(JSON.stringify({ type: 'snapshot', channel, symbol, data })));
      }
    }
  }

  private snapshotSymbols(message: SubscribeMessage): string[] {
    const limit = this.options.maxSnapshotSymbols;
    const exact = message.patterns.filter((p) => !p.text.includes('*')).map((p) => p.text);
    const wildcards = message.patterns.filter((p) => p.text.includes('*'));
    const symbols = new Set(exact.slice(0, limit));
    if (wildcards.length > 0 && this.options.symbols !== undefined) {
      for (const symbol of this.options.symbols()) {
        if (symbols.size >= limit) break;
        if (wildcards.some((p) => p.matches(symbol))) symbols.add(symbol);
      }
    }
    return [...symbols];
  }

  private subscriptionCount(): number {
    let count = 0;
    for (const patterns of this.client.subscriptions.values()) count += patterns.size;
    return count;
  }

  private subscriptionList(): Record<string, string[]> {
    const list: Record<string, string[]> = {};
    for (const [channel, patterns] of this.client.subscriptions) list[channel] = [...patterns.keys()];
    return list;
  }

  private refuse(code: ProtocolErrorCode, message: string, id: RequestId | undefined): void {
    this.reply({ type: 'error', code, message, ...withId(id) });
    const now = this.options.now();
    if (now - this.strikeWindowStart >= 60_000) {
      this.strikeWindowStart = now;
      this.strikes = 0;
    }
    if (++this.strikes > this.options.maxStrikesPerMinute) {
      this.hub.kick(this.client, 'abuse', CLOSE_ABUSE, 'too many invalid messages');
    }
  }

  private reply(body: Record<string, unknown>): void {
    this.client.sendNow(Buffer.from(JSON.stringify(body)));
  }
}

function withId(id: RequestId | undefined): { id?: RequestId } {
  return id === undefined ? {} : { id };
}

function countNew(client: HubClient, message: SubscribeMessage): number {
  let added = 0;
  for (const channel of message.channels) {
    const mine = client.subscriptions.get(channel);
    for (const pattern of message.patterns) if (mine?.has(pattern.text) !== true) added++;
  }
  return added;
}
