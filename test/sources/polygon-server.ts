/**
 * A local server speaking the Polygon/Massive WebSocket protocol from the recorded payloads:
 * `connected` greeting, `auth` → `auth_success` / `auth_failed` (then close), `subscribe` →
 * one `success` per channel, and the one-connection-per-cluster rule (a newer authenticated
 * connection evicts the older with `max_connections` and close 1008). Paths are the cluster.
 */
import { LocalWebSocketServer, type ClientConnection } from './ws-server.js';
import { readRecorded } from './recorded.js';

export interface PolygonServerOptions {
  readonly validKey: string;
  /** Evict older connections of the same key and cluster (Polygon's account rule). Default true. */
  readonly enforceOneConnection?: boolean;
  /** Frames sent to a client right after it subscribes (recorded data). */
  readonly dataAfterSubscribe?: (client: ClientConnection) => string[];
}

const handshake = readRecorded('polygon', 'handshake.json').frames as unknown[][];
const authFailed = readRecorded('polygon', 'auth-failed.json').frames as unknown[][];
const maxConnections = readRecorded('polygon', 'max-connections.json');

export async function startPolygonServer(options: PolygonServerOptions): Promise<LocalWebSocketServer> {
  const server = await LocalWebSocketServer.start(
    (client) => {
      client.state.cluster = (client.request.url ?? '/').slice(1);
      client.state.channels = new Set<string>();
      client.socket.send(JSON.stringify(handshake[0]));
    },
    (client, message) => {
      if (typeof message !== 'object' || message === null) return;
      const { action, params } = message as { action?: string; params?: string };
      if (action === 'auth') {
        if (params !== options.validKey) {
          client.socket.send(JSON.stringify(authFailed[0]));
          client.socket.close(1008, 'authentication failed');
          return;
        }
        if (options.enforceOneConnection !== false) {
          for (const other of server.open) {
            if (
              other !== client &&
              other.state.authenticated === true &&
              other.state.cluster === client.state.cluster
            ) {
              other.socket.send(JSON.stringify(maxConnections.frames[0]));
              other.socket.close(maxConnections.closeCode ?? 1008, 'max_connections');
            }
          }
        }
        client.state.authenticated = true;
        client.socket.send(JSON.stringify(handshake[1]));
        return;
      }
      if (client.state.authenticated !== true) return;
      const channels = client.state.channels as Set<string>;
      const list = (params ?? '').split(',').filter((c) => c.length > 0);
      if (action === 'subscribe') {
        for (const channel of list) channels.add(channel);
        client.socket.send(
          JSON.stringify(list.map((c) => ({ ev: 'status', status: 'success', message: `subscribed to: ${c}` }))),
        );
        for (const frame of options.dataAfterSubscribe?.(client) ?? []) client.socket.send(frame);
      } else if (action === 'unsubscribe') {
        for (const channel of list) channels.delete(channel);
        client.socket.send(
          JSON.stringify(list.map((c) => ({ ev: 'status', status: 'success', message: `unsubscribed to: ${c}` }))),
        );
      }
    },
  );
  return server;
}
