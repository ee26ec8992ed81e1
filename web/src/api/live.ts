/**
 * One WebSocket to /api/v1/ws for the whole app (docs/websocket.md). Pages subscribe to
 * (channels × symbols) with a handler; the connection reference-counts each (channel, symbol)
 * pair so the server is told to subscribe once and to unsubscribe when the last page lets go.
 * It reconnects with backoff and resubscribes everything; snapshots sent on subscribe reach the
 * handlers like events.
 */
export type Channel = 'ticks' | 'quotes' | 'bars' | 'bars.partial' | 'indicators' | 'anomalies' | 'signals' | 'system';

export type LiveHandler = (channel: Channel, data: unknown) => void;
export type ConnectionState = 'connecting' | 'open' | 'closed';

interface Subscription {
  readonly channels: readonly Channel[];
  readonly symbols: readonly string[];
  readonly handler: LiveHandler;
}

interface ServerMessage {
  readonly type: string;
  readonly channel?: Channel;
  readonly data?: unknown;
  readonly message?: string;
}

const key = (channel: Channel, symbol: string): string => `${channel}\u0000${symbol}`;

export class LiveConnection {
  private socket: WebSocket | null = null;
  private readonly subscriptions = new Set<Subscription>();
  private readonly counts = new Map<string, number>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private retryMs = 500;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = true;
  state: ConnectionState = 'closed';
  /** Events received since the page loaded (for the status bar). */
  received = 0;

  constructor(private readonly url: () => string) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.open();
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.socket?.close(1000, 'logout');
    this.socket = null;
    this.setState('closed');
  }

  onState(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  subscribe(channels: readonly Channel[], symbols: readonly string[], handler: LiveHandler): () => void {
    const subscription: Subscription = { channels, symbols, handler };
    this.subscriptions.add(subscription);
    const fresh = this.retain(subscription);
    if (fresh.length > 0) this.sendSubscribe(fresh);
    return () => {
      if (!this.subscriptions.delete(subscription)) return;
      const gone = this.release(subscription);
      for (const [channel, symbolsOfChannel] of groupByChannel(gone)) {
        this.send({ type: 'unsubscribe', channels: [channel], symbols: symbolsOfChannel });
      }
    };
  }

  private retain(subscription: Subscription): [Channel, string][] {
    const fresh: [Channel, string][] = [];
    for (const channel of subscription.channels) {
      for (const symbol of subscription.symbols) {
        const k = key(channel, symbol);
        const count = this.counts.get(k) ?? 0;
        this.counts.set(k, count + 1);
        if (count === 0) fresh.push([channel, symbol]);
      }
    }
    return fresh;
  }

  private release(subscription: Subscription): [Channel, string][] {
    const gone: [Channel, string][] = [];
    for (const channel of subscription.channels) {
      for (const symbol of subscription.symbols) {
        const k = key(channel, symbol);
        const count = (this.counts.get(k) ?? 1) - 1;
        if (count <= 0) {
          this.counts.delete(k);
          gone.push([channel, symbol]);
        } else this.counts.set(k, count);
      }
    }
    return gone;
  }

  private sendSubscribe(pairs: readonly [Channel, string][]): void {
    for (const [channel, symbols] of groupByChannel(pairs)) {
      this.send({ type: 'subscribe', channels: [channel], symbols, snapshot: true });
    }
  }

  private send(message: unknown): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private setState(state: ConnectionState): void {
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }

  private open(): void {
    this.setState('connecting');
    const socket = new WebSocket(this.url());
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.retryMs = 500;
      this.setState('open');
      const all: [Channel, string][] = [];
      for (const k of this.counts.keys()) {
        const [channel, symbol] = k.split('\u0000') as [Channel, string];
        all.push([channel, symbol]);
      }
      if (all.length > 0) this.sendSubscribe(all);
    });
    socket.addEventListener('message', (event: MessageEvent<string>) => this.dispatch(event.data));
    socket.addEventListener('close', () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.setState('closed');
      if (this.stopped) return;
      // Reconnect with capped exponential backoff; a logged-out session keeps failing quietly
      // until the REST client notices the 401 and the app stops us.
      this.retryTimer = setTimeout(() => this.open(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 10_000);
    });
  }

  private dispatch(text: string): void {
    let message: ServerMessage;
    try {
      message = JSON.parse(text) as ServerMessage;
    } catch {
      return;
    }
    if ((message.type !== 'event' && message.type !== 'snapshot') || message.channel === undefined) return;
    this.received++;
    const channel = message.channel;
    const symbol = symbolOf(message.data);
    for (const subscription of this.subscriptions) {
      if (!subscription.channels.includes(channel)) continue;
      if (symbol !== null && !subscription.symbols.includes('*') && !subscription.symbols.includes(symbol)) continue;
      subscription.handler(channel, message.data);
    }
  }
}

function symbolOf(data: unknown): string | null {
  if (typeof data !== 'object' || data === null) return null;
  const symbol = (data as { symbol?: unknown }).symbol;
  return typeof symbol === 'string' && symbol !== '' ? symbol : null;
}

function groupByChannel(pairs: readonly [Channel, string][]): Map<Channel, string[]> {
  const groups = new Map<Channel, string[]>();
  for (const [channel, symbol] of pairs) {
    const list = groups.get(channel) ?? [];
    list.push(symbol);
    groups.set(channel, list);
  }
  return groups;
}

export const live = new LiveConnection(() => {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/api/v1/ws`;
});
