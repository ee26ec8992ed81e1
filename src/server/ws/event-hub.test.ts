import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileWildcard } from '../../alerts/wildcard.js';
import type { PipelineEvent, Quarantined } from '../../core/events.js';
import { T0, anomaly, bar, partialBar, quote, trade } from '../../../test/server/market-events.js';
import { EventHub } from './event-hub.js';
import type { ClientLimits, ClientTransport, HubClient } from './hub-client.js';

/** A socket stand-in: records what is sent; when `reading` is false the bytes pile up. */
class FakeTransport implements ClientTransport {
  readonly sent: Buffer[] = [];
  bufferedAmount = 0;
  reading = true;
  corks = 0;
  closed: { code: number; reason: string } | null = null;
  private waiting: ((error?: Error | null) => void)[] = [];

  send(data: Buffer, onWritten?: (error?: Error | null) => void): void {
    this.sent.push(data);
    if (this.reading) {
      if (onWritten !== undefined) queueMicrotask(() => onWritten(null)); // as Node's streams call it
      return;
    }
    this.bufferedAmount += data.length;
    if (onWritten !== undefined) this.waiting.push(onWritten);
  }
  cork(): void {
    this.corks++;
  }
  uncork(): void {}
  close(code: number, reason: string): void {
    this.closed = { code, reason };
  }
  /** The peer reads everything: the buffer empties and write callbacks run. */
  drain(): void {
    this.reading = true;
    this.bufferedAmount = 0;
    const callbacks = this.waiting;
    this.waiting = [];
    for (const callback of callbacks) callback(null);
  }
  /** The peer stops reading: what is sent from now on stays in the socket buffer. */
  stopReading(): void {
    this.reading = false;
  }
  /** Parsed messages, without the filler used to fill the socket buffer. */
  messages(): {
    type: string;
    channel?: string;
    data?: { type: string; symbol?: string; price?: number; close?: number };
  }[] {
    return this.sent.map((data) => JSON.parse(data.toString()) as { type: string }).filter((m) => m.type !== 'filler');
  }
}

/** The production path: the hub hands each flush over as one batch (one socket write). */
class BatchingFakeTransport extends FakeTransport {
  readonly batches: number[] = [];

  sendBatch(frames: readonly Buffer[], onWritten: (error?: Error | null) => void): void {
    this.batches.push(frames.length);
    frames.forEach((frame, i) => this.send(frame, i === frames.length - 1 ? onWritten : undefined));
  }
}

const patterns = (...texts: string[]) => texts.map(compileWildcard);

/** Like a real peer that stops reading: the hub fills the socket buffer past its high-water mark. */
function stall(hub: EventHub, subject: { transport: FakeTransport; client: HubClient }): void {
  subject.transport.stopReading();
  hub.deliver(subject.client, Buffer.from(JSON.stringify({ type: 'filler', pad: 'x'.repeat(300 * 1024) })));
  hub.flush();
}

function setupWith(limits: Partial<ClientLimits> = {}, Transport: new () => FakeTransport = FakeTransport) {
  let now = 0;
  const hub = new EventHub({ limits, now: () => now, schedule: () => undefined });
  const connect = (...subscription: [channels: Parameters<EventHub['subscribe']>[1], symbols: string[]]) => {
    const transport = new Transport();
    const client = hub.connect(transport);
    hub.subscribe(client, subscription[0], patterns(...subscription[1]));
    return { transport, client };
  };
  return { hub, connect, advance: (ms: number) => (now += ms) };
}

const setup = (limits: Partial<ClientLimits> = {}) => setupWith(limits);

describe('EventHub routing', () => {
  it('delivers each event to the clients subscribed to its channel and symbol (wildcards included)', () => {
    const { hub, connect } = setup();
    const aapl = connect(['ticks'], ['AAPL']);
    const crypto = connect(['ticks', 'bars'], ['BTC-*']);
    const everything = connect(['bars'], ['*']);
    const events: PipelineEvent[] = [
      trade('AAPL', 1),
      trade('BTC-USD', 2),
      bar('AAPL', 3),
      bar('ETH-USD', 4),
      bar('BTC-EUR', 5),
    ];
    for (const event of events) hub.publish(event);
    hub.flush();
    const summary = (t: FakeTransport) => t.messages().map((m) => `${m.channel}:${m.data?.symbol}`);
    expect(summary(aapl.transport)).toEqual(['ticks:AAPL']);
    expect(summary(crypto.transport)).toEqual(['ticks:BTC-USD', 'bars:BTC-EUR']);
    expect(summary(everything.transport)).toEqual(['bars:AAPL', 'bars:ETH-USD', 'bars:BTC-EUR']);
  });

  it('sends {type:"event", channel, data} with the event unchanged', () => {
    const { hub, connect } = setup();
    const { transport } = connect(['anomalies'], ['AAPL']);
    const event = anomaly('AAPL', 1);
    hub.publish(event);
    hub.flush();
    expect(transport.messages()).toEqual([{ type: 'event', channel: 'anomalies', data: event }]);
  });

  it('serialises an event once, shared by every client, and not at all when nobody listens', () => {
    const { hub, connect } = setup();
    hub.publish(trade('AAPL', 1));
    expect(hub.stats().eventsSerialised).toBe(0);
    const clients = [connect(['ticks'], ['AAPL']), connect(['ticks'], ['*']), connect(['ticks'], ['A*'])];
    hub.publish(trade('AAPL', 2));
    hub.publish(trade('MSFT', 3));
    hub.flush();
    expect(hub.stats().eventsSerialised).toBe(2);
    const [first, ...others] = clients.map((c) => c.transport.sent[0]);
    for (const other of others) expect(other).toBe(first); // the same Buffer instance
  });

  it('routes labels and quarantine to system; quarantine without a symbol reaches every system subscriber', () => {
    const { hub, connect } = setup();
    const system = connect(['system'], ['AAPL']);
    const quarantined: Quarantined = {
      type: 'quarantine',
      reason: 'malformed',
      detail: 'not JSON',
      symbol: '',
      ts: T0,
      payload: 'x',
    };
    hub.publish(quarantined);
    hub.publish({ ...quarantined, symbol: 'MSFT' });
    hub.publishTo('system', null, { type: 'source.status', source: 'simulator', state: 'connected' });
    hub.flush();
    expect(system.transport.messages().map((m) => m.data?.type)).toEqual(['quarantine', 'source.status']);
  });

  it('includes a client that subscribes after the symbol was first routed, and excludes it after unsubscribing', () => {
    const { hub, connect } = setup();
    const early = connect(['ticks'], ['AAPL']);
    hub.publish(trade('AAPL', 1));
    const late = connect(['ticks'], ['AA*']);
    hub.publish(trade('AAPL', 2));
    hub.unsubscribe(early.client, ['ticks'], ['AAPL']);
    hub.publish(trade('AAPL', 3));
    hub.flush();
    expect(early.transport.messages().map((m) => m.data?.price)).toEqual([
      trade('AAPL', 1).price,
      trade('AAPL', 2).price,
    ]);
    expect(late.transport.messages().map((m) => m.data?.price)).toEqual([
      trade('AAPL', 2).price,
      trade('AAPL', 3).price,
    ]);
    expect(early.client.subscriptions.size).toBe(0);
  });

  it('flushes once per turn of the event loop, corking the socket once for the whole burst', async () => {
    const hub = new EventHub();
    const transport = new FakeTransport();
    hub.subscribe(hub.connect(transport), ['ticks'], patterns('*'));
    for (let i = 0; i < 100; i++) hub.publish(trade('AAPL', i));
    expect(transport.sent).toHaveLength(0);
    await Promise.resolve();
    expect(transport.sent).toHaveLength(100);
    expect(transport.corks).toBe(1);
  });

  it('hands a burst to a batching socket as one write per client, in order', async () => {
    const hub = new EventHub();
    const transports = [new BatchingFakeTransport(), new BatchingFakeTransport()];
    for (const transport of transports) hub.subscribe(hub.connect(transport), ['bars'], patterns('*'));
    for (let i = 0; i < 50; i++) hub.publish(bar(`S${i}`, 0, 100 + i));
    await Promise.resolve();
    for (const transport of transports) {
      expect(transport.batches).toEqual([50]);
      expect(transport.corks).toBe(0);
      expect(transport.messages().map((m) => m.data?.close)).toEqual(Array.from({ length: 50 }, (_, i) => 100 + i));
    }
  });
});

describe('EventHub routing against a brute-force oracle', () => {
  type Op =
    | { kind: 'subscribe'; client: number; channel: 'ticks' | 'bars'; pattern: string }
    | { kind: 'unsubscribe'; client: number; channel: 'ticks' | 'bars'; pattern: string | null }
    | { kind: 'disconnect'; client: number }
    | { kind: 'publish'; channel: 'ticks' | 'bars'; symbol: string };
  const SYMBOLS = ['AAPL', 'AMD', 'BTC-USD', 'BTC-EUR', 'ETH-USD'];
  const PATTERNS = [...SYMBOLS, '*', 'A*', 'BTC-*', '*-USD', 'B*-E*'];
  const channel = fc.constantFrom('ticks' as const, 'bars' as const);
  const client = fc.integer({ min: 0, max: 3 });
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('subscribe' as const), client, channel, pattern: fc.constantFrom(...PATTERNS) }),
    fc.record({
      kind: fc.constant('unsubscribe' as const),
      client,
      channel,
      pattern: fc.option(fc.constantFrom(...PATTERNS), { nil: null }),
    }),
    fc.record({ kind: fc.constant('disconnect' as const), client }),
    fc.record({ kind: fc.constant('publish' as const), channel, symbol: fc.constantFrom(...SYMBOLS) }),
    fc.record({ kind: fc.constant('publish' as const), channel, symbol: fc.constantFrom(...SYMBOLS) }),
  );
  /** Oracle: `*` matches any run of characters (a regular expression built independently). */
  const matches = (pattern: string, symbol: string) =>
    new RegExp(
      `^${pattern
        .split('*')
        .map((part) => part.replace(/[.^$+?()[\]{}|\\-]/g, '\\$&'))
        .join('.*')}$`,
    ).test(symbol);

  it('delivers each event to exactly the clients whose current subscriptions match it', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 30, maxLength: 120 }), (ops) => {
        const hub = new EventHub({ schedule: () => undefined });
        const transports: (FakeTransport | null)[] = [null, null, null, null];
        const clients: (HubClient | null)[] = [null, null, null, null];
        const model: Map<string, Set<string>>[] = [new Map(), new Map(), new Map(), new Map()];
        const connected = (i: number): HubClient => {
          if (clients[i] === null) {
            const transport = new FakeTransport();
            transports[i] = transport;
            clients[i] = hub.connect(transport);
            model[i] = new Map();
          }
          return clients[i] as HubClient;
        };
        let sequence = 0;
        for (const o of ops) {
          if (o.kind === 'subscribe') {
            hub.subscribe(connected(o.client), [o.channel], [compileWildcard(o.pattern)]);
            const set = model[o.client]!.get(o.channel) ?? new Set<string>();
            set.add(o.pattern);
            model[o.client]!.set(o.channel, set);
          } else if (o.kind === 'unsubscribe') {
            const c = clients[o.client];
            if (c === null || c === undefined) continue;
            hub.unsubscribe(c, [o.channel], o.pattern === null ? null : [o.pattern]);
            if (o.pattern === null) model[o.client]!.delete(o.channel);
            else model[o.client]!.get(o.channel)?.delete(o.pattern);
          } else if (o.kind === 'disconnect') {
            const c = clients[o.client];
            if (c === null || c === undefined) continue;
            hub.disconnect(c);
            clients[o.client] = null;
          } else {
            const before = transports.map((t) => t?.sent.length ?? 0);
            const event = o.channel === 'ticks' ? trade(o.symbol, sequence++) : bar(o.symbol, sequence++);
            hub.publish(event);
            hub.flush();
            for (let i = 0; i < 4; i++) {
              const expected =
                clients[i] !== null && [...(model[i]!.get(o.channel) ?? [])].some((p) => matches(p, o.symbol));
              const received = (transports[i]?.sent.length ?? 0) - before[i]!;
              expect(received).toBe(expected ? 1 : 0);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe.each([
  ['cork, then a write per frame', FakeTransport],
  ['one batched write per flush', BatchingFakeTransport],
])('EventHub backpressure (%s)', (_name, Transport) => {
  const setup = (limits: Partial<ClientLimits> = {}) => setupWith(limits, Transport);

  it('keeps only the newest forming bar per symbol and timeframe while a client is behind', () => {
    const { hub, connect } = setup();
    const slow = connect(['bars.partial', 'bars'], ['*']);
    stall(hub, slow);
    for (let i = 0; i < 100; i++) hub.publish(partialBar('AAPL', 0, 100 + i));
    hub.publish(partialBar('AAPL', 0, 50, '5m'));
    hub.publish(partialBar('MSFT', 0, 7));
    hub.flush();
    expect(slow.client.queuedFrames).toBe(3);
    slow.transport.drain();
    const closes = slow.transport.messages().map((m) => m.data?.close);
    expect(closes).toEqual([199, 50, 7]);
  });

  it('drops the queued forming bar when its closed bar arrives, and keeps the order bar → next forming bar', () => {
    const { hub, connect } = setup();
    const slow = connect(['bars.partial', 'bars'], ['AAPL']);
    stall(hub, slow);
    hub.publish(partialBar('AAPL', 0, 101));
    hub.publish(bar('AAPL', 0, 102));
    hub.publish(partialBar('AAPL', 1, 103));
    slow.transport.drain();
    expect(slow.transport.messages().map((m) => `${m.data?.type}:${m.data?.close}`)).toEqual([
      'bar:102',
      'bar.partial:103',
    ]);
  });

  it('in conflated mode keeps only the latest trade per symbol while behind; other clients get every trade', () => {
    const { hub, connect } = setup();
    const conflated = connect(['ticks'], ['*']);
    conflated.client.conflate = true;
    const full = connect(['ticks'], ['*']);
    for (const subject of [conflated, full]) stall(hub, subject);
    for (let i = 0; i < 50; i++) {
      hub.publish(trade('AAPL', i));
      hub.publish(trade('MSFT', i));
    }
    expect(conflated.client.queuedFrames).toBe(2);
    expect(full.client.queuedFrames).toBe(100);
    conflated.transport.drain();
    expect(conflated.transport.messages().map((m) => m.data?.price)).toEqual([
      trade('AAPL', 49).price,
      trade('MSFT', 49).price,
    ]);
  });

  it('never queues more than maxQueue frames: drops the oldest and tells the client how many', () => {
    const { hub, connect } = setup({ maxQueue: 10 });
    const slow = connect(['ticks'], ['*']);
    stall(hub, slow);
    for (let i = 0; i < 25; i++) {
      hub.publish(trade('AAPL', i));
      expect(slow.client.queuedFrames).toBeLessThanOrEqual(10);
    }
    expect(hub.stats().framesDropped).toBe(15);
    slow.transport.drain();
    const [notice, ...rest] = slow.transport.messages();
    expect(notice).toMatchObject({ type: 'warning', code: 'messages_dropped', dropped: 15 });
    expect(rest.map((m) => m.data?.price)).toEqual(Array.from({ length: 10 }, (_, i) => trade('AAPL', 15 + i).price));
  });

  it('also bounds the queue in bytes', () => {
    const { hub, connect } = setup({ maxQueueBytes: 5_000 });
    const slow = connect(['anomalies'], ['*']);
    stall(hub, slow);
    for (let i = 0; i < 200; i++) hub.publish(anomaly('AAPL', i));
    expect(slow.client.queuedBytes).toBeLessThanOrEqual(5_000);
    expect(slow.client.queuedFrames).toBeGreaterThan(0);
  });

  it('disconnects a client that stays at the limit for the grace period, not one that catches up', () => {
    const { hub, connect, advance } = setup({ maxQueue: 5, slowGraceMs: 1_000 });
    const stuck = connect(['ticks'], ['*']);
    const recovering = connect(['ticks'], ['*']);
    const fast = connect(['ticks'], ['*']);
    for (const subject of [stuck, recovering]) stall(hub, subject);
    for (let i = 0; i < 20; i++) hub.publish(trade('AAPL', i));
    hub.flush();
    advance(600);
    expect(hub.sweep()).toBe(0);
    recovering.transport.drain();
    advance(600);
    expect(hub.sweep()).toBe(1);
    expect(stuck.transport.closed).toEqual({ code: 1008, reason: 'slow consumer' });
    expect(stuck.transport.messages().at(-1)).toMatchObject({ type: 'error', code: 'slow_consumer' });
    expect(recovering.transport.closed).toBeNull();
    expect(fast.transport.closed).toBeNull();
    expect(fast.transport.messages()).toHaveLength(20);
    const stats = hub.stats();
    expect(stats.clients).toBe(2);
    expect(stats.disconnects.slow_consumer).toBe(1);
    hub.publish(trade('AAPL', 99));
    expect(stuck.client.queuedFrames).toBe(0); // nothing is queued for a gone client
  });

  it('disconnects at once a client whose socket buffer exceeds maxBufferedBytes', () => {
    const { hub, connect } = setup({ maxBufferedBytes: 100 });
    const slow = connect(['ticks'], ['*']);
    stall(hub, slow);
    slow.transport.send(Buffer.alloc(101));
    expect(hub.sweep()).toBe(1);
    expect(slow.transport.closed?.code).toBe(1008);
  });

  it('queues at most one heartbeat for a stalled client', () => {
    const { hub, connect } = setup();
    const slow = connect(['ticks'], ['*']);
    stall(hub, slow);
    for (let i = 0; i < 10; i++) hub.heartbeat(T0 + i);
    expect(slow.client.queuedFrames).toBe(1);
    slow.transport.drain();
    expect(slow.transport.messages().at(-1)).toEqual({ type: 'heartbeat', ts: T0 + 9 });
  });

  it('hands frames to the socket only up to the high-water mark and resumes when the socket drains', async () => {
    const { hub, connect } = setup({ sendHighWaterBytes: 2_000 });
    const client = connect(['ticks'], ['*']);
    client.transport.stopReading();
    for (let i = 0; i < 100; i++) hub.publish(trade('AAPL', i));
    hub.flush();
    const handedOver = client.transport.sent.length;
    expect(handedOver).toBeGreaterThan(0);
    expect(handedOver).toBeLessThan(100);
    expect(client.transport.bufferedAmount).toBeLessThan(2_000 + 400);
    expect(client.client.queuedFrames).toBe(100 - handedOver);
    client.transport.drain(); // the write callback resumes the flush…
    // …one high-water mark's worth per write; each write's callback hands over the next.
    for (let turn = 0; turn < 100 && client.transport.sent.length < 100; turn++) await Promise.resolve();
    expect(client.transport.sent).toHaveLength(100);
    expect(client.transport.messages().map((m) => m.data?.price)).toEqual(
      Array.from({ length: 100 }, (_, i) => trade('AAPL', i).price),
    );
  });

  it('counts quotes on their own channel', () => {
    const { hub, connect } = setup();
    const quotes = connect(['quotes'], ['AAPL']);
    const ticks = connect(['ticks'], ['AAPL']);
    hub.publish(quote('AAPL', 1));
    hub.flush();
    expect(quotes.transport.messages().map((m) => m.channel)).toEqual(['quotes']);
    expect(ticks.transport.sent).toHaveLength(0);
  });
});
