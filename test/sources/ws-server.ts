/**
 * A local WebSocket server on 127.0.0.1 (random port) for protocol tests. Provider servers
 * (polygon-server.ts, alpaca-server.ts) add their handshake on top. Pongs are sent by hand
 * so a test can "stall" the server: it then neither sends data nor answers pings, like a
 * half-open connection whose socket still looks open to the client.
 */
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { IncomingMessage } from 'node:http';

export interface ClientConnection {
  readonly socket: WebSocket;
  readonly request: IncomingMessage;
  /** Text messages received from this client, parsed as JSON where possible. */
  readonly received: unknown[];
  /** Free-form per-protocol state. */
  state: Record<string, unknown>;
}

export class LocalWebSocketServer {
  readonly connections: ClientConnection[] = [];
  private stalled = false;
  private readonly server: WebSocketServer;

  private constructor(
    server: WebSocketServer,
    private readonly onConnect: (client: ClientConnection) => void,
    private readonly onClientMessage: (client: ClientConnection, message: unknown, raw: string) => void,
  ) {
    this.server = server;
    server.on('connection', (socket, request) => {
      const client: ClientConnection = { socket, request, received: [], state: {} };
      this.connections.push(client);
      socket.on('ping', (data) => {
        if (!this.stalled) socket.pong(data);
      });
      socket.on('message', (data) => {
        if (this.stalled) return;
        const raw = (data as Buffer).toString('utf8');
        let message: unknown = raw;
        try {
          message = JSON.parse(raw);
        } catch {
          // keep the raw text
        }
        client.received.push(message);
        this.onClientMessage(client, message, raw);
      });
      this.onConnect(client);
    });
  }

  static async start(
    onConnect: (client: ClientConnection) => void,
    onClientMessage: (client: ClientConnection, message: unknown, raw: string) => void,
  ): Promise<LocalWebSocketServer> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0, autoPong: false });
    await new Promise<void>((resolve) => server.once('listening', resolve));
    return new LocalWebSocketServer(server, onConnect, onClientMessage);
  }

  get url(): string {
    const address = this.server.address() as AddressInfo;
    return `ws://127.0.0.1:${address.port}`;
  }

  /** Open connections, newest last. */
  get open(): ClientConnection[] {
    return this.connections.filter((c) => c.socket.readyState === c.socket.OPEN);
  }

  /** Stop answering pings and reading messages (the socket stays open). */
  stall(stalled = true): void {
    this.stalled = stalled;
  }

  send(client: ClientConnection, frame: string): void {
    if (client.socket.readyState === client.socket.OPEN) client.socket.send(frame);
  }

  broadcast(frame: string): void {
    for (const client of this.open) this.send(client, frame);
  }

  /** Server-initiated close of every open connection. */
  closeAll(code = 1001, reason = 'going away'): void {
    for (const client of this.open) client.socket.close(code, reason);
  }

  async stop(): Promise<void> {
    for (const client of this.connections) client.socket.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Polls `condition` every 10 ms until true; rejects after `timeoutMs` with `what` in the message. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
