/**
 * Fan-out of pipeline events to WebSocket clients.
 *
 * `publish(event)` is called by the run loop for every pipeline event, so it is cheap: one map
 * lookup finds the clients subscribed to the event's channel and symbol (cached per symbol and
 * rebuilt only when subscriptions change), the event is serialised once into a Buffer shared by
 * every client, and each client's queue takes a reference. Nothing is serialised when nobody
 * listens. Queues are flushed to the sockets once per turn of the event loop (a microtask after
 * the publishing code returns), each client's frames framed into one buffer and written at once,
 * so a burst of events (every symbol's bar closing together) costs one write and one system call
 * per client rather than one per message.
 */
import type { PipelineEvent } from '../../core/events.js';
import type { WildcardPattern } from '../../alerts/wildcard.js';
import { ChannelRoute } from './channel-route.js';
import { CHANNELS, CHANNEL_OF_EVENT, type Channel } from './channels.js';
import {
  CLOSE_SLOW_CONSUMER,
  DEFAULT_CLIENT_LIMITS,
  HubClient,
  type ClientLimits,
  type ClientTransport,
} from './hub-client.js';

export interface EventHubOptions {
  /** Queue and socket limits applied to every client. */
  readonly limits?: Partial<ClientLimits>;
  /** Milliseconds from a monotonic clock (slow-consumer grace); default `performance.now()`. */
  readonly now?: () => number;
  /** Runs the flush after the publishing code returns; default `queueMicrotask`. */
  readonly schedule?: (flush: () => void) => void;
}

/** Why a client went away; counted in `stats().disconnects`. */
export type DisconnectReason = 'client_closed' | 'slow_consumer' | 'heartbeat_timeout' | 'abuse' | 'server_closing';

export interface HubStats {
  readonly clients: number;
  /** Frames waiting in all client queues. */
  readonly queuedFrames: number;
  readonly queuedBytes: number;
  /** The longest client queue. */
  readonly maxClientQueue: number;
  /** Events serialised (once each, whatever the number of clients). */
  readonly eventsSerialised: number;
  /** Frames handed to sockets, all clients together. */
  readonly framesSent: number;
  /** Frames dropped from the queues of slow clients. */
  readonly framesDropped: number;
  readonly disconnects: Readonly<Record<DisconnectReason, number>>;
}

const HEARTBEAT_KEY = 'heartbeat';

export class EventHub {
  private readonly limits: ClientLimits;
  private readonly now: () => number;
  private readonly schedule: (flush: () => void) => void;
  private readonly clients = new Set<HubClient>();
  private readonly routes = new Map<Channel, ChannelRoute>();
  private readonly dirty: HubClient[] = [];
  private flushScheduled = false;
  private nextClientId = 1;
  /** Interned conflation keys, so the hot path builds no strings. */
  private readonly partialKeys = new Map<string, Map<string, string>>();
  private readonly tickKeys = new Map<string, string>();
  private readonly quoteKeys = new Map<string, string>();
  private eventsSerialised = 0;
  private framesSentByGoneClients = 0;
  private framesDroppedByGoneClients = 0;
  private readonly disconnects: Record<DisconnectReason, number> = {
    client_closed: 0,
    slow_consumer: 0,
    heartbeat_timeout: 0,
    abuse: 0,
    server_closing: 0,
  };

  constructor(options: EventHubOptions = {}) {
    this.limits = { ...DEFAULT_CLIENT_LIMITS, ...options.limits };
    this.now = options.now ?? (() => performance.now());
    this.schedule = options.schedule ?? queueMicrotask;
    for (const channel of CHANNELS) this.routes.set(channel, new ChannelRoute(channel));
  }

  get clientCount(): number {
    return this.clients.size;
  }

  /** Routes one pipeline event to the clients subscribed to its channel and symbol. */
  publish(event: PipelineEvent): void {
    const route = this.route(CHANNEL_OF_EVENT[event.type]);
    if (route.subscribers.size === 0) return;
    // Cross-asset events (a correlation matrix) have no single symbol: every subscriber gets them.
    const symbol = 'symbol' in event ? event.symbol : '';
    const targets = symbol === '' ? route.all() : route.targets(symbol);
    if (targets.length === 0) return;
    const data = Buffer.from(route.prefix + JSON.stringify(event) + '}');
    this.eventsSerialised++;
    let key: string | null = null;
    let supersedes: string | null = null;
    let latestKey: string | null = null;
    if (event.type === 'bar.partial') key = this.partialKey(event.symbol, event.timeframe);
    else if (event.type === 'bar') supersedes = this.partialKey(event.symbol, event.timeframe);
    else if (event.type === 'trade') latestKey = internKey(this.tickKeys, 'trade|', event.symbol);
    else if (event.type === 'quote') latestKey = internKey(this.quoteKeys, 'quote|', event.symbol);
    for (let i = 0; i < targets.length; i++) {
      const client = targets[i] as HubClient;
      client.enqueue(data, key ?? (client.conflate ? latestKey : null), supersedes);
      this.markDirty(client);
    }
  }

  /**
   * Publishes any JSON payload on a channel: indicator sets, source status on `system`. A null
   * symbol reaches every subscriber of the channel. A queued frame with the same
   * `conflationKey` is replaced (e.g. `indicators|AAPL|1m`).
   */
  publishTo(channel: Channel, symbol: string | null, payload: unknown, conflationKey: string | null = null): void {
    const route = this.route(channel);
    if (route.subscribers.size === 0) return;
    const targets = symbol === null ? route.all() : route.targets(symbol);
    if (targets.length === 0) return;
    const data = Buffer.from(route.prefix + JSON.stringify(payload) + '}');
    this.eventsSerialised++;
    for (const client of targets) {
      client.enqueue(data, conflationKey, null);
      this.markDirty(client);
    }
  }

  /** Registers a new connection; `limits` override the hub's for this client. */
  connect(transport: ClientTransport, label = '', limits?: Partial<ClientLimits>): HubClient {
    const merged = limits === undefined ? this.limits : { ...this.limits, ...definedOnly(limits) };
    const client = new HubClient(this.nextClientId++, transport, merged, this.now, label);
    this.clients.add(client);
    return client;
  }

  /** Forgets a connection (its socket closed); `reason` is what the server closed it for, if it did. */
  disconnect(client: HubClient, reason: DisconnectReason = 'client_closed'): void {
    if (!this.clients.delete(client)) return;
    this.disconnects[reason]++;
    this.framesSentByGoneClients += client.framesSent;
    this.framesDroppedByGoneClients += client.framesDropped;
    client.close(1000, 'bye');
    this.unsubscribe(client, [...client.subscriptions.keys()], null);
  }

  /** Closes a client from the server side and forgets it. */
  kick(client: HubClient, reason: DisconnectReason, code: number, message: string): void {
    client.close(code, message);
    this.disconnect(client, reason);
  }

  /** Adds (channel, pattern) pairs to a client's subscriptions. */
  subscribe(client: HubClient, channels: readonly Channel[], patterns: readonly WildcardPattern[]): void {
    for (const channel of channels) {
      let mine = client.subscriptions.get(channel);
      if (mine === undefined) {
        mine = new Map();
        client.subscriptions.set(channel, mine);
      }
      const route = this.route(channel);
      for (const pattern of patterns) {
        if (mine.has(pattern.text)) continue;
        mine.set(pattern.text, pattern);
        route.add(client, pattern);
      }
    }
  }

  /** Removes the given patterns (as written) from the channels; null removes every pattern. */
  unsubscribe(client: HubClient, channels: readonly Channel[], patternTexts: readonly string[] | null): void {
    for (const channel of channels) {
      const mine = client.subscriptions.get(channel);
      if (mine === undefined) continue;
      const route = this.route(channel);
      for (const text of patternTexts ?? [...mine.keys()]) {
        if (!mine.delete(text)) continue;
        route.remove(client, text, mine);
      }
      if (mine.size === 0) client.subscriptions.delete(channel);
    }
  }

  /** Queues a frame for one client (snapshots), behind what is already queued. */
  deliver(client: HubClient, data: Buffer): void {
    client.enqueue(data, null, null);
    this.markDirty(client);
  }

  /** Queues an application-level heartbeat for every client; a stalled client keeps only one. */
  heartbeat(ts: number): void {
    if (this.clients.size === 0) return;
    const data = Buffer.from(`{"type":"heartbeat","ts":${ts}}`);
    for (const client of this.clients) {
      client.enqueue(data, HEARTBEAT_KEY, null);
      this.markDirty(client);
    }
  }

  /** Disconnects clients that stayed too slow; returns how many. */
  sweep(): number {
    const now = this.now();
    let kicked = 0;
    for (const client of [...this.clients]) {
      if (!client.isTooSlow(now)) continue;
      client.sendNow(
        Buffer.from(
          JSON.stringify({
            type: 'error',
            code: 'slow_consumer',
            message:
              'disconnected: this connection read too slowly for too long; subscribe to fewer symbols or channels, or use conflate: true',
          }),
        ),
      );
      this.kick(client, 'slow_consumer', CLOSE_SLOW_CONSUMER, 'slow consumer');
      kicked++;
    }
    return kicked;
  }

  /** Flushes every client with queued frames now (normally done by the scheduled microtask). */
  flush(): void {
    this.flushScheduled = false;
    // Clients marked while flushing (a write callback) stay for the next round.
    const dirty = this.dirty.splice(0, this.dirty.length);
    for (const client of dirty) {
      client.scheduled = false;
      client.flush();
    }
  }

  /** Closes every connection (server shutdown). */
  closeAll(): void {
    for (const client of [...this.clients]) this.kick(client, 'server_closing', 1001, 'server shutting down');
  }

  /** Connected clients (for heartbeats and tests). */
  connectedClients(): IterableIterator<HubClient> {
    return this.clients.values();
  }

  stats(): HubStats {
    let queuedFrames = 0;
    let queuedBytes = 0;
    let maxClientQueue = 0;
    let framesSent = this.framesSentByGoneClients;
    let framesDropped = this.framesDroppedByGoneClients;
    for (const client of this.clients) {
      queuedFrames += client.queuedFrames;
      queuedBytes += client.queuedBytes;
      if (client.queuedFrames > maxClientQueue) maxClientQueue = client.queuedFrames;
      framesSent += client.framesSent;
      framesDropped += client.framesDropped;
    }
    return {
      clients: this.clients.size,
      queuedFrames,
      queuedBytes,
      maxClientQueue,
      eventsSerialised: this.eventsSerialised,
      framesSent,
      framesDropped,
      disconnects: { ...this.disconnects },
    };
  }

  private route(channel: Channel): ChannelRoute {
    return this.routes.get(channel) as ChannelRoute;
  }

  private markDirty(client: HubClient): void {
    if (client.scheduled) return;
    client.scheduled = true;
    this.dirty.push(client);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      this.schedule(this.flushNow);
    }
  }

  private readonly flushNow = (): void => this.flush();

  private partialKey(symbol: string, timeframe: string): string {
    let byTimeframe = this.partialKeys.get(symbol);
    if (byTimeframe === undefined) {
      byTimeframe = new Map();
      this.partialKeys.set(symbol, byTimeframe);
    }
    let key = byTimeframe.get(timeframe);
    if (key === undefined) {
      key = `partial|${symbol}|${timeframe}`;
      byTimeframe.set(timeframe, key);
    }
    return key;
  }
}

function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}

function internKey(keys: Map<string, string>, prefix: string, symbol: string): string {
  let key = keys.get(symbol);
  if (key === undefined) {
    key = prefix + symbol;
    keys.set(symbol, key);
  }
  return key;
}
