/**
 * A local server speaking the Alpaca market-data stream protocol from the recorded payloads:
 * `connected` greeting, auth by message or by APCA-API-* upgrade headers → `authenticated` or
 * error 402 (then close), subscribe/unsubscribe → the full set echoed as `subscription`, and
 * Alpaca's connection limit (a second authenticated connection on the endpoint gets 406).
 * Paths are the stream (`/v2/iex`, `/v2/test`, `/v1beta3/crypto/us`).
 */
import { LocalWebSocketServer, type ClientConnection } from './ws-server.js';

export interface AlpacaServerOptions {
  readonly keyId: string;
  readonly secretKey: string;
  /** Frames sent right after a subscribe changes the set. */
  readonly dataAfterSubscribe?: (client: ClientConnection) => string[];
  readonly connectionLimit?: number;
}

const CHANNELS = ['trades', 'quotes', 'bars', 'dailyBars', 'updatedBars', 'statuses', 'lulds', 'orderbooks'] as const;

function fullSet(client: ClientConnection): Record<string, unknown> {
  const sets = client.state.sets as Record<string, Set<string>>;
  const reply: Record<string, unknown> = { T: 'subscription' };
  for (const name of CHANNELS) reply[name] = [...(sets[name] ?? [])];
  return reply;
}

export async function startAlpacaServer(options: AlpacaServerOptions): Promise<LocalWebSocketServer> {
  const authenticate = (client: ClientConnection): void => {
    const limit = options.connectionLimit ?? 1;
    const others = server.open.filter(
      (c) => c !== client && c.state.authenticated === true && c.request.url === client.request.url,
    );
    if (others.length >= limit) {
      client.socket.send(JSON.stringify([{ T: 'error', code: 406, msg: 'connection limit exceeded' }]));
      client.socket.close(1008, 'connection limit exceeded');
      return;
    }
    client.state.authenticated = true;
    client.socket.send(JSON.stringify([{ T: 'success', msg: 'authenticated' }]));
  };
  const server: LocalWebSocketServer = await LocalWebSocketServer.start(
    (client) => {
      client.state.sets = Object.fromEntries(CHANNELS.map((name) => [name, new Set<string>()]));
      client.socket.send(JSON.stringify([{ T: 'success', msg: 'connected' }]));
      const headers = client.request.headers;
      if (headers['apca-api-key-id'] !== undefined) {
        if (headers['apca-api-key-id'] === options.keyId && headers['apca-api-secret-key'] === options.secretKey) {
          authenticate(client);
        } else {
          client.socket.send(JSON.stringify([{ T: 'error', code: 402, msg: 'auth failed' }]));
          client.socket.close(1008, 'auth failed');
        }
      }
    },
    (client, message) => {
      if (typeof message !== 'object' || message === null) {
        client.socket.send(JSON.stringify([{ T: 'error', code: 400, msg: 'invalid syntax' }]));
        return;
      }
      const body = message as Record<string, unknown>;
      if (body.action === 'auth') {
        if (client.state.authenticated === true) {
          client.socket.send(JSON.stringify([{ T: 'error', code: 403, msg: 'already authenticated' }]));
        } else if (body.key === options.keyId && body.secret === options.secretKey) {
          authenticate(client);
        } else {
          client.socket.send(JSON.stringify([{ T: 'error', code: 402, msg: 'auth failed' }]));
          client.socket.close(1008, 'auth failed');
        }
        return;
      }
      if (client.state.authenticated !== true) {
        client.socket.send(JSON.stringify([{ T: 'error', code: 401, msg: 'not authenticated' }]));
        return;
      }
      if (body.action === 'subscribe' || body.action === 'unsubscribe') {
        const sets = client.state.sets as Record<string, Set<string>>;
        for (const name of CHANNELS) {
          const list = body[name];
          if (!Array.isArray(list)) continue;
          for (const symbol of list as string[]) {
            if (body.action === 'subscribe') sets[name]?.add(symbol);
            else sets[name]?.delete(symbol);
          }
        }
        client.socket.send(JSON.stringify([fullSet(client)]));
        if (body.action === 'subscribe') {
          for (const frame of options.dataAfterSubscribe?.(client) ?? []) client.socket.send(frame);
        }
      }
    },
  );
  return server;
}
