/**
 * Who wants what on one channel. Subscriptions to exact symbols are indexed by symbol; clients
 * with wildcard patterns are kept apart and tested against a symbol only when its target list
 * is built. Target lists are cached per symbol; subscribing to an exact symbol invalidates only
 * that symbol's list, a wildcard pattern invalidates them all. So the common case (exact
 * symbols) stays cheap however many clients there are, and a publish is one map lookup.
 */
import type { WildcardPattern } from '../../alerts/wildcard.js';
import type { Channel } from './channels.js';
import type { HubClient } from './hub-client.js';

/** Symbols whose target lists are cached at most (a feed sending garbage names cannot grow it). */
const MAX_CACHED_SYMBOLS = 100_000;

export function isWildcard(text: string): boolean {
  return text.includes('*');
}

export class ChannelRoute {
  /** `{"type":"event","channel":"ticks","data":` — the event JSON and `}` complete a frame. */
  readonly prefix: string;
  /** Clients with at least one pattern on this channel. */
  readonly subscribers = new Set<HubClient>();
  private readonly exact = new Map<string, Set<HubClient>>();
  private readonly wildcard = new Set<HubClient>();
  private readonly bySymbol = new Map<string, HubClient[]>();
  private everyone: HubClient[] | null = null;

  constructor(readonly channel: Channel) {
    this.prefix = `{"type":"event","channel":${JSON.stringify(channel)},"data":`;
  }

  /** Records a pattern the client just added to `client.subscriptions` for this channel. */
  add(client: HubClient, pattern: WildcardPattern): void {
    this.subscribers.add(client);
    this.everyone = null;
    if (isWildcard(pattern.text)) {
      this.wildcard.add(client);
      this.bySymbol.clear();
      return;
    }
    let clients = this.exact.get(pattern.text);
    if (clients === undefined) {
      clients = new Set();
      this.exact.set(pattern.text, clients);
    }
    clients.add(client);
    this.bySymbol.delete(pattern.text);
  }

  /** Forgets a pattern the client just removed; `remaining` is what it still holds on this channel. */
  remove(client: HubClient, text: string, remaining: ReadonlyMap<string, WildcardPattern>): void {
    this.everyone = null;
    if (isWildcard(text)) {
      let another = false;
      for (const other of remaining.keys()) if (isWildcard(other)) another = true;
      if (!another) this.wildcard.delete(client);
      this.bySymbol.clear();
    } else {
      const clients = this.exact.get(text);
      clients?.delete(client);
      if (clients?.size === 0) this.exact.delete(text);
      this.bySymbol.delete(text);
    }
    if (remaining.size === 0) this.subscribers.delete(client);
  }

  /** Clients whose patterns on this channel match the symbol. */
  targets(symbol: string): HubClient[] {
    let targets = this.bySymbol.get(symbol);
    if (targets !== undefined) return targets;
    const exact = this.exact.get(symbol);
    targets = exact === undefined ? [] : [...exact];
    for (const client of this.wildcard) {
      if (exact?.has(client) === true) continue;
      const patterns = client.subscriptions.get(this.channel);
      if (patterns !== undefined && anyMatches(patterns, symbol)) targets.push(client);
    }
    if (this.bySymbol.size >= MAX_CACHED_SYMBOLS) this.bySymbol.clear();
    this.bySymbol.set(symbol, targets);
    return targets;
  }

  /** Every subscriber of the channel (messages without a symbol). */
  all(): HubClient[] {
    this.everyone ??= [...this.subscribers];
    return this.everyone;
  }
}

function anyMatches(patterns: ReadonlyMap<string, WildcardPattern>, symbol: string): boolean {
  for (const pattern of patterns.values()) if (pattern.matches(symbol)) return true;
  return false;
}
