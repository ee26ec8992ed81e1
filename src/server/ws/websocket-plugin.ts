/**
 * The WebSocket API as a Fastify plugin: `/api/v1/ws` (and the `/ws` alias). Register it after
 * the authentication hook so upgrades are authenticated like any route; the caller's name
 * (`request.principal.username`) is shown in the welcome message. The protocol is in
 * docs/websocket.md.
 *
 * The plugin registers @fastify/websocket unless the server already did. It owns two timers:
 * the heartbeat (a WebSocket ping, whose pong must arrive before the next one, and an
 * application-level `{type:'heartbeat'}` for clients that cannot see pings) and the sweep that
 * disconnects clients that stayed too slow.
 */
import fastifyWebsocket from '@fastify/websocket';
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import type { RateLimit } from '../../alerts/token-bucket.js';
import { ClientSession, type SnapshotProvider } from './client-session.js';
import type { EventHub } from './event-hub.js';
import type { ClientLimits, ClientTransport, HubClient } from './hub-client.js';
import { BatchFramer, textFrameHeader } from './text-frame.js';

export interface WebsocketPluginOptions {
  readonly hub: EventHub;
  /** Milliseconds between heartbeats; a client that misses a pong for this long is dropped. Default 15000. */
  readonly heartbeatMs?: number;
  /** Milliseconds between slow-consumer sweeps. Default 1000. */
  readonly sweepMs?: number;
  /** Latest values per (symbol, channel), sent on subscribe. */
  readonly snapshot?: SnapshotProvider;
  /** Known symbols, to expand wildcard subscriptions for snapshots. */
  readonly symbols?: () => Iterable<string>;
  /** Routes served. Default `['/api/v1/ws', '/ws']`. */
  readonly paths?: readonly string[];
  /** (channel, symbol pattern) pairs per connection. Default 2000. */
  readonly maxSubscriptions?: number;
  /** Largest client message in bytes. Default 64 KiB. */
  readonly maxMessageBytes?: number;
  /** Client messages allowed. Default 50 per second. */
  readonly messageRate?: RateLimit;
  /** Refused messages per minute before a client is closed as abusive. Default 30. */
  readonly maxStrikesPerMinute?: number;
  /** Symbols a wildcard subscription snapshots at most. Default 1000. */
  readonly maxSnapshotSymbols?: number;
  /** Frames a client may have waiting (oldest dropped beyond). Default: the hub's, 10000. */
  readonly maxQueue?: number;
  /** Bytes a client may have waiting. Default: the hub's, 8 MiB. */
  readonly maxQueueBytes?: number;
  /** Milliseconds a client may stay at its queue limit before it is disconnected. Default: the hub's, 10000. */
  readonly slowGraceMs?: number;
  /** Socket buffer above which a client is disconnected. Default: the hub's, 16 MiB. */
  readonly maxBufferedBytes?: number;
  /** Socket buffer up to which frames are written; beyond it they wait (and conflate) in the queue. Default: the hub's, 256 KiB. */
  readonly sendHighWaterBytes?: number;
}

/** WebSocket close code for a client that stopped answering pings. */
export const CLOSE_HEARTBEAT_TIMEOUT = 1001;

/** Who is connected, as the authentication hook recorded it (`principal`) or an older `user`. */
interface CallerOnRequest {
  principal?: { username?: unknown } | null;
  user?: { name?: unknown } | null;
}

function userName(request: FastifyRequest): string | undefined {
  const caller = request as unknown as CallerOnRequest;
  const name = caller.principal?.username ?? caller.user?.name;
  return typeof name === 'string' ? name : undefined;
}

/**
 * The one piece of ws's internals we rely on: its net.Socket (`_socket`, stable across ws 1–8).
 * Frames are written to it directly, pre-framed (see text-frame.ts): ws's per-send framing cost
 * ~3 µs per client per message, which is what limits fan-out. This is safe only while ws itself
 * queues nothing, i.e. without permessage-deflate (off by default); otherwise ws.send is used.
 */
interface WebSocketInternals {
  _socket?: {
    cork(): void;
    uncork(): void;
    write(data: Buffer, callback?: (error?: Error | null) => void): boolean;
    writable: boolean;
  } | null;
}

function toBuffer(data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

const TEXT_FRAME = { binary: false } as const;

function transportOf(socket: WebSocket, framer: BatchFramer): ClientTransport {
  const internals = socket as unknown as WebSocketInternals;
  const raw = socket.extensions === '' ? (internals._socket ?? null) : null;
  return {
    send(data, onWritten) {
      if (socket.readyState !== socket.OPEN) return;
      if (raw === null) {
        socket.send(data, TEXT_FRAME, onWritten);
        return;
      }
      if (!raw.writable) return;
      raw.write(textFrameHeader(data.length));
      raw.write(data, onWritten);
    },
    // Only on the raw path: with permessage-deflate, ws frames each message itself (one by one).
    ...(raw === null
      ? {}
      : {
          sendBatch(frames: readonly Buffer[], onWritten: (error?: Error | null) => void) {
            if (socket.readyState !== socket.OPEN || !raw.writable) return;
            raw.write(framer.frame(frames), onWritten);
          },
        }),
    get bufferedAmount() {
      return socket.bufferedAmount;
    },
    cork() {
      internals._socket?.cork();
    },
    uncork() {
      internals._socket?.uncork();
    },
    close(code, reason) {
      if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.close(code, reason);
    },
  };
}

export const websocketPlugin: FastifyPluginAsync<WebsocketPluginOptions> = async (
  fastify: FastifyInstance,
  options: WebsocketPluginOptions,
) => {
  const hub = options.hub;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const sessionOptions = {
    snapshot: options.snapshot,
    symbols: options.symbols,
    maxSubscriptions: options.maxSubscriptions ?? 2_000,
    maxMessageBytes: options.maxMessageBytes ?? 64 * 1024,
    messageRate: options.messageRate ?? { messages: 50, periodMs: 1_000 },
    maxStrikesPerMinute: options.maxStrikesPerMinute ?? 30,
    maxSnapshotSymbols: options.maxSnapshotSymbols ?? 1_000,
    now: () => performance.now(),
  };
  if (!fastify.hasDecorator('websocketServer')) {
    await fastify.register(fastifyWebsocket, { options: { maxPayload: sessionOptions.maxMessageBytes * 4 } });
  }

  const sockets = new Map<HubClient, WebSocket>();
  // Shared by every connection: clients flushed one after the other with the same queued
  // payloads (same subscriptions) write one framed Buffer instead of framing it each.
  const framer = new BatchFramer();
  const limits: Partial<ClientLimits> = {
    maxQueue: options.maxQueue,
    maxQueueBytes: options.maxQueueBytes,
    slowGraceMs: options.slowGraceMs,
    maxBufferedBytes: options.maxBufferedBytes,
    sendHighWaterBytes: options.sendHighWaterBytes,
  };

  const handler = (socket: WebSocket, request: FastifyRequest): void => {
    const user = userName(request);
    const client = hub.connect(transportOf(socket, framer), user ?? request.ip, limits);
    sockets.set(client, socket);
    const session = new ClientSession(hub, client, sessionOptions);
    socket.on('message', (data, isBinary) => {
      session.receive(toBuffer(data), isBinary);
    });
    socket.on('pong', () => {
      client.alive = true;
    });
    socket.on('close', () => {
      sockets.delete(client);
      hub.disconnect(client);
    });
    socket.on('error', (error) => {
      request.log.debug({ err: error, client: client.id }, 'websocket error');
    });
    session.welcome(heartbeatMs, user);
  };

  // An upgrade refused with an HTTP response (401 from the authentication hook) leaves a socket
  // that Node's HTTP server no longer tracks; @fastify/websocket only closes it when its own
  // onRequest hook ran, which an earlier hook that replied prevents. Close it here.
  fastify.addHook('onResponse', async (request) => {
    const socket = request.raw.socket as Socket | undefined;
    if (request.headers.upgrade?.toLowerCase() === 'websocket' && socket !== undefined && !socket.destroyed)
      socket.destroy();
  });

  for (const path of options.paths ?? ['/api/v1/ws', '/ws']) {
    fastify.get(path, { websocket: true }, handler);
  }

  const heartbeat = setInterval(() => {
    for (const [client, socket] of sockets) {
      if (!client.alive) {
        hub.kick(client, 'heartbeat_timeout', CLOSE_HEARTBEAT_TIMEOUT, 'no pong');
        socket.terminate();
        sockets.delete(client);
        continue;
      }
      client.alive = false;
      socket.ping();
    }
    hub.heartbeat(Date.now() * 1000);
  }, heartbeatMs);
  heartbeat.unref();
  const sweep = setInterval(() => hub.sweep(), options.sweepMs ?? 1_000);
  sweep.unref();

  fastify.addHook('onClose', async () => {
    clearInterval(heartbeat);
    clearInterval(sweep);
    hub.closeAll();
    framer.clear();
  });
};
