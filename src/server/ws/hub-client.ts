/**
 * One connected WebSocket client as the hub sees it: its subscriptions, its bounded queue of
 * frames and the socket it drains into. The socket sits behind `ClientTransport`, so the
 * queueing and slow-consumer rules are tested without a network.
 *
 * Backpressure: frames go to the socket only while the socket's own buffer is below
 * `sendHighWaterBytes`; the rest wait in the queue, where superseded frames are conflated. A
 * queue that reaches `maxQueue` frames or `maxQueueBytes` drops its oldest frames (the client is
 * told how many), and a client that stays at the limit for `slowGraceMs`, or whose socket buffer
 * exceeds `maxBufferedBytes`, is disconnected by the hub's sweep. Memory per client is bounded.
 */
import type { WildcardPattern } from '../../alerts/wildcard.js';
import type { Channel } from './channels.js';
import { FrameQueue } from './frame-queue.js';

export interface ClientTransport {
  /**
   * Sends one text message; `onWritten` runs when the bytes have left the process buffer, with
   * an error (or null/undefined on success, as Node's stream callbacks do).
   */
  send(data: Buffer, onWritten?: (error?: Error | null) => void): void;
  /** Bytes accepted by `send` but not yet written to the network. */
  readonly bufferedAmount: number;
  /**
   * Sends several text messages with one write (optional; without it the hub corks the socket and
   * calls `send` per message). `onWritten` as for `send`, for the last one.
   */
  sendBatch?(frames: readonly Buffer[], onWritten: (error?: Error | null) => void): void;
  /** Batches the writes until `uncork` (one system call for many messages). */
  cork(): void;
  uncork(): void;
  close(code: number, reason: string): void;
}

export interface ClientLimits {
  /** Frames a client may have waiting; beyond it the oldest are dropped. */
  readonly maxQueue: number;
  /** Bytes a client may have waiting; beyond it the oldest frames are dropped. */
  readonly maxQueueBytes: number;
  /** How long a client may stay at the queue limit before it is disconnected. */
  readonly slowGraceMs: number;
  /** Socket buffer above which a client is disconnected at the next sweep. */
  readonly maxBufferedBytes: number;
  /** Socket buffer up to which frames are handed to the socket; beyond it they wait in the queue. */
  readonly sendHighWaterBytes: number;
}

export const DEFAULT_CLIENT_LIMITS: ClientLimits = {
  maxQueue: 10_000,
  maxQueueBytes: 8 * 1024 * 1024,
  slowGraceMs: 10_000,
  maxBufferedBytes: 16 * 1024 * 1024,
  sendHighWaterBytes: 256 * 1024,
};

/** WebSocket close code for a client disconnected because it read too slowly (policy violation). */
export const CLOSE_SLOW_CONSUMER = 1008;

export class HubClient {
  /** Patterns per channel, by pattern text. */
  readonly subscriptions = new Map<Channel, Map<string, WildcardPattern>>();
  /** Conflated mode: while the client is behind, only the newest trade and quote per symbol wait. */
  conflate = false;
  /** Set by the hub while the client waits in its flush list. */
  scheduled = false;
  /** Set when the socket answered the last ping. */
  alive = true;
  closed = false;
  /** When the queue first hit its limit, in the hub clock's milliseconds; null when below it. */
  overLimitSince: number | null = null;
  framesSent = 0;
  framesDropped = 0;
  private droppedSinceNotice = 0;
  private readonly queue = new FrameQueue();
  /** Queue length from which frames are flushed at once instead of at the end of the turn. */
  private readonly eagerFlushFrames: number;

  constructor(
    readonly id: number,
    private readonly transport: ClientTransport,
    private readonly limits: ClientLimits,
    private readonly now: () => number,
    /** Who is connected (for logs), e.g. the authenticated user name. */
    readonly label: string = '',
  ) {
    this.eagerFlushFrames = Math.max(1, Math.min(256, Math.floor(limits.maxQueue / 2)));
  }

  get queuedFrames(): number {
    return this.queue.length;
  }

  get queuedBytes(): number {
    return this.queue.bytes;
  }

  get bufferedAmount(): number {
    return this.transport.bufferedAmount;
  }

  /** Queues a frame; the hub flushes it later in the same turn of the event loop. */
  enqueue(data: Buffer, key: string | null, supersedes: string | null): void {
    if (this.closed) return;
    if (supersedes !== null) this.queue.remove(supersedes);
    this.queue.push(data, key);
    if (this.queue.length >= this.eagerFlushFrames || this.queue.bytes > this.limits.maxQueueBytes) {
      // A long synchronous burst (catch-up) must not fill the queue of a client that keeps up.
      this.flush();
      if (this.queue.length > this.limits.maxQueue || this.queue.bytes > this.limits.maxQueueBytes) this.dropOldest();
    }
  }

  /** Hands queued frames to the socket while its buffer has room. */
  flush(): void {
    if (this.closed) return;
    const transport = this.transport;
    const highWater = this.limits.sendHighWaterBytes;
    if (this.queue.length === 0 && this.droppedSinceNotice === 0) return;
    // The last send of every flush carries onWritten, so when the buffer is full a callback is
    // always outstanding and will resume the flush.
    let buffered = transport.bufferedAmount;
    if (buffered >= highWater) return;
    // What fits under the high-water mark, oldest first, as one batch: one write and one system
    // call per client and turn, however many messages (bar closes of every symbol come together).
    const batch: Buffer[] = []; // not reused: a synchronous onWritten may flush again meanwhile
    if (this.droppedSinceNotice > 0) {
      const notice = droppedNotice(this.droppedSinceNotice);
      batch.push(notice);
      buffered += notice.length;
      this.droppedSinceNotice = 0;
    }
    let data: Buffer | undefined;
    while (buffered < highWater && (data = this.queue.shift()) !== undefined) {
      this.framesSent++;
      batch.push(data);
      buffered += data.length;
    }
    if (transport.sendBatch !== undefined) {
      transport.sendBatch(batch, this.onWritten);
    } else {
      transport.cork();
      try {
        const last = batch.length - 1;
        for (let i = 0; i < last; i++) transport.send(batch[i] as Buffer);
        transport.send(batch[last] as Buffer, this.onWritten);
      } finally {
        transport.uncork();
      }
    }
    if (this.overLimitSince !== null && this.queue.length <= this.limits.maxQueue / 2) this.overLimitSince = null;
  }

  /** True if the client has been too slow for too long and must be disconnected. */
  isTooSlow(now: number): boolean {
    if (this.transport.bufferedAmount > this.limits.maxBufferedBytes) return true;
    return this.overLimitSince !== null && now - this.overLimitSince >= this.limits.slowGraceMs;
  }

  /** Sends a message at once, ahead of the queue (replies to the client's own requests). */
  sendNow(data: Buffer): void {
    if (this.closed) return;
    this.transport.send(data);
  }

  /** Frees the queue and closes the socket; the hub detaches the client when the socket closes. */
  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.queue.clear();
    this.transport.close(code, reason);
  }

  private dropOldest(): void {
    while (this.queue.length > this.limits.maxQueue || this.queue.bytes > this.limits.maxQueueBytes) {
      if (this.queue.shift() === undefined) break;
      this.framesDropped++;
      this.droppedSinceNotice++;
    }
    this.overLimitSince ??= this.now();
  }

  private readonly onWritten = (error?: Error | null): void => {
    if (error == null && (this.queue.length > 0 || this.droppedSinceNotice > 0)) this.flush();
  };
}

function droppedNotice(count: number): Buffer {
  return Buffer.from(
    JSON.stringify({
      type: 'warning',
      code: 'messages_dropped',
      dropped: count,
      message: `${count} messages were dropped because this connection reads too slowly; subscribe to fewer symbols or channels, or use conflate: true`,
    }),
  );
}
